// cwlog local: --policy enforcement, session tokens, parallel writers, a listener
// that survives a failed accept(), the model validator on its own (the command line: tests/cli).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>
#include <thread>

#include "local/model_validation.h"
#include "support/local_fixture.h"
#include "support/temp_dir.h"

namespace cwlog::test {
namespace {

using nlohmann::json;

TEST(LocalPolicy, DeniesWhatThePolicyDoesNotAllow) {
  detail::local_server_options o;
  temp_dir dir;
  o.policy_path = dir.write("policy.json", R"({
    "Version": "2012-10-17",
    "Statement": [
      {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
       "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:app:*"},
      {"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "*"}
    ]})")
                      .string();
  local_fixture f(o);
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "app"}}).status, 200);
  ASSERT_EQ(f.call("CreateLogStream", {{"logGroupName", "app"}, {"logStreamName", "s"}}).status, 200);
  auto r = f.call("DescribeLogGroups", json::object());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "AccessDeniedException");
  EXPECT_NE(r.message.find("is not authorized to perform: logs:DescribeLogGroups on resource: "
                           "arn:aws:logs:us-east-1:123456789012:log-group::log-stream:"),
            std::string::npos)
      << r.message;
  r = f.call("CreateLogStream", {{"logGroupName", "other"}, {"logStreamName", "s"}});
  EXPECT_EQ(r.type, "AccessDeniedException");  // checked before the group's existence, as IAM is
}

TEST(LocalAuth, AnySessionTokenIsAcceptedForAConfiguredKey) {
  local_fixture f;
  detail::http_request req;
  req.url = "http://127.0.0.1:" + std::to_string(f.server->port()) + "/";
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "Logs_20140328.DescribeLogGroups"}};
  req.body = "{}";
  detail::sigv4::sign(req, {"AKIDLOCAL", "cwlog-local-secret", "some-session-token", std::nullopt},
                      "us-east-1", "logs", fixed_test_time());
  EXPECT_EQ(f.client->send(req).status, 200);
}

TEST(LocalConcurrency, ParallelPutsToOneStream) {
  local_fixture f;
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
  ASSERT_EQ(f.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "s"}}).status, 200);
  const auto now = ms(fixed_test_time());
  std::vector<std::thread> writers;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      local_client c(f.server->port(), f.clock);
      for (int i = 0; i < 10; ++i) {
        json events = json::array();
        for (int k = 0; k < 50; ++k)
          events.push_back({{"timestamp", now - 1000 + k}, {"message", "t" + std::to_string(t)}});
        if (c.call("PutLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", events}})
                .status == 200)
          ++ok;
      }
    });
  for (auto& w : writers) w.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_EQ(f.server->stats().events_stored, 2000u);
}

// The listening socket of the server on `port`, found among this process's
// descriptors; -1 when there is none.
int listening_socket(int port) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::stoi(entry.path().filename().string());
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    int listening = 0;
    socklen_t opt_len = sizeof listening;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0 && addr.sin_family == AF_INET &&
        ntohs(addr.sin_port) == port &&
        ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &opt_len) == 0 && listening)
      return fd;
  }
  return -1;
}

// httplib ends its accept loop, closing the socket, on any accept() error but
// EMFILE/EINTR (ECONNABORTED from a client that gave up while queued, for
// one): cwlog local must listen again instead of serving nobody while alive.
// shutdown(SHUT_RD) on the
// listening socket makes the pending accept() fail with EINVAL.
TEST(LocalListener, ListensAgainWhenAcceptFails) {
  local_fixture f;
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "before"}}).status, 200);
  const int fd = listening_socket(f.port());
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::shutdown(fd, SHUT_RD), 0);
  // The server notices at once; waiting for the condition (not a time) keeps
  // this independent of the machine's speed. Bounded only to end a failure.
  for (int i = 0; i < 60000 && f.server->stats().relistens == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(f.server->stats().relistens, 1u);
  EXPECT_EQ(f.call("CreateLogGroup", {{"logGroupName", "after"}}).status, 200);
  f.server->stop();  // returns: the listen thread ends although it listened twice
}

TEST(ModelValidation, CoversEveryServedOperation) {
  detail::model_validator v;
  for (const char* op :
       {"CreateLogGroup", "DeleteLogGroup", "CreateLogStream", "DeleteLogStream", "DescribeLogGroups",
        "DescribeLogStreams", "PutLogEvents", "GetLogEvents", "FilterLogEvents", "PutRetentionPolicy",
        "DeleteRetentionPolicy", "TagResource", "UntagResource", "ListTagsForResource", "TagLogGroup",
        "ListTagsLogGroup", "UntagLogGroup"})
    EXPECT_TRUE(v.knows(op)) << op;
  EXPECT_FALSE(v.knows("StartQuery"));
}

TEST(ModelValidation, NestedMembersAndNumbers) {
  detail::model_validator v;
  auto f = v.validate("PutLogEvents",
                      {{"logGroupName", "g"},
                       {"logStreamName", "s"},
                       {"logEvents", {{{"timestamp", 1}, {"message", "ok"}}, {{"message", "x"}}}}});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->type, "InvalidParameterException");
  EXPECT_EQ(f->message,
            "1 validation error detected: Value null at 'logEvents.2.member.timestamp' failed to satisfy "
            "constraint: "
            "Member must not be null");
  f = v.validate("GetLogEvents", {{"logStreamName", "s"}, {"limit", 0}});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->message,
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
            "have value "
            "greater than or equal to 1");
  EXPECT_FALSE(v.validate("DescribeLogGroups", json::object()));
}

TEST(ModelValidation, AnIntegerOutsideJavasIntIsASerializationError) {
  detail::model_validator v;
  // 2^32 + 1 would read as 1 through an int: the service's deserializer refuses it.
  for (const json& days :
       {json(4294967297LL), json(2147483648LL), json(-2147483649LL), json(18446744073709551615ULL)}) {
    const auto f = v.validate("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", days}});
    ASSERT_TRUE(f) << days;
    EXPECT_EQ(f->type, "SerializationException") << days;
  }
  EXPECT_FALSE(v.validate("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 2147483647}}));
  EXPECT_FALSE(v.validate("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 1}}));
  // A "long" field takes what an int cannot.
  EXPECT_FALSE(v.validate("GetLogEvents", {{"logStreamName", "s"}, {"startTime", 4294967297LL}}));
}

}  // namespace
}  // namespace cwlog::test
