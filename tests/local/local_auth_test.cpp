// SigV4 verification by cwlog local: the errors AWS answers with.
#include <gtest/gtest.h>

#include "support/local_fixture.h"

namespace cwlog::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

TEST(LocalAuth, SignedRequestsPass) {
  local_fixture f;
  auto r = f.call("CreateLogGroup", {{"logGroupName", "g"}});
  EXPECT_EQ(r.status, 200) << r.raw;
}

TEST(LocalAuth, UnknownAccessKey) {
  local_fixture f;
  local_client other(f.server->port(), f.clock, "AKIDUNKNOWN", "whatever");
  auto r = other.call("DescribeLogGroups", json::object());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "UnrecognizedClientException");
  EXPECT_EQ(r.message, "The security token included in the request is invalid.");
}

TEST(LocalAuth, WrongSecretIsABadSignature) {
  local_fixture f;
  local_client other(f.server->port(), f.clock, "AKIDLOCAL", "not-the-secret");
  auto r = other.call("DescribeLogGroups", json::object());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "InvalidSignatureException");
  EXPECT_EQ(
      r.message.rfind("The request signature we calculated does not match the signature you provided.", 0),
      0u)
      << r.message;
}

TEST(LocalAuth, TamperedBodyIsABadSignature) {
  local_fixture f;
  detail::http_request req;
  req.url = "http://127.0.0.1:" + std::to_string(f.server->port()) + "/";
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "Logs_20140328.CreateLogGroup"}};
  req.body = R"({"logGroupName":"a"})";
  detail::sigv4::sign(req, {"AKIDLOCAL", "cwlog-local-secret", "", std::nullopt}, "us-east-1", "logs",
                      fixed_test_time());
  req.body = R"({"logGroupName":"b"})";
  auto r = f.client->send(req);
  EXPECT_EQ(r.type, "InvalidSignatureException");
}

TEST(LocalAuth, SkewedDate) {
  local_fixture f;
  f.client->sign_time = fixed_test_time() - 6min;
  auto r = f.call("DescribeLogGroups", json::object());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "InvalidSignatureException");
  EXPECT_EQ(
      r.message,
      "Signature expired: 20260115T115400Z is now earlier than 20260115T115500Z (20260115T120000Z - 5 min.)");
  f.client->sign_time = fixed_test_time() + 6min;
  r = f.call("DescribeLogGroups", json::object());
  EXPECT_EQ(r.type, "InvalidSignatureException");
  EXPECT_EQ(r.message.rfind("Signature not yet current: 20260115T120600Z", 0), 0u) << r.message;
  f.client->sign_time = fixed_test_time() - 4min;  // within the tolerance
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).status, 200);
}

TEST(LocalAuth, MissingAuthentication) {
  local_fixture f;
  f.client->sign = false;
  auto r = f.call("DescribeLogGroups", json::object());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "MissingAuthenticationTokenException");
}

TEST(LocalAuth, NoAuthAcceptsUnsigned) {
  detail::local_server_options o;
  o.require_auth = false;
  local_fixture f(o);
  f.client->sign = false;
  EXPECT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
}

TEST(LocalAuth, ConfiguredKeysReplaceTheDefault) {
  detail::local_server_options o;
  o.access_keys = {{"AKIDMINE", "my-secret"}};
  local_fixture f(o);
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).type, "UnrecognizedClientException");
  local_client mine(f.server->port(), f.clock, "AKIDMINE", "my-secret");
  EXPECT_EQ(mine.call("DescribeLogGroups", json::object()).status, 200);
}

TEST(LocalAuth, GzipBodiesVerifyAndDecode) {
  local_fixture f;
  f.client->gzip = true;
  auto r = f.call("CreateLogGroup", {{"logGroupName", "zipped"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  f.client->gzip = false;
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).body["logGroups"][0]["logGroupName"], "zipped");
}

}  // namespace
}  // namespace cwlog::test
