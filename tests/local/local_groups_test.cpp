// Log groups, streams and tags over real HTTP against an in-process cwlog local.
#include <gtest/gtest.h>

#include "support/local_fixture.h"

namespace cwlog::test {
namespace {

using nlohmann::json;

TEST(LocalGroups, CreateDescribeDelete) {
  local_fixture f;
  auto r = f.call("CreateLogGroup", {{"logGroupName", "app/one"}, {"tags", {{"team", "core"}}}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_FALSE(r.request_id.empty());

  r = f.call("DescribeLogGroups", json::object());
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["logGroups"].size(), 1u);
  const auto& g = r.body["logGroups"][0];
  EXPECT_EQ(g["logGroupName"], "app/one");
  EXPECT_EQ(g["creationTime"], ms(fixed_test_time()));
  EXPECT_EQ(g["arn"], "arn:aws:logs:us-east-1:123456789012:log-group:app/one:*");
  EXPECT_EQ(g["logGroupArn"], "arn:aws:logs:us-east-1:123456789012:log-group:app/one");
  EXPECT_EQ(g["storedBytes"], 0);
  EXPECT_EQ(g["logGroupClass"], "STANDARD");
  EXPECT_FALSE(g.contains("retentionInDays"));

  r = f.call("DeleteLogGroup", {{"logGroupName", "app/one"}});
  EXPECT_EQ(r.status, 200) << r.raw;
  r = f.call("DescribeLogGroups", json::object());
  EXPECT_TRUE(r.body["logGroups"].empty());
}

TEST(LocalGroups, DuplicateAndMissing) {
  local_fixture f;
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
  auto r = f.call("CreateLogGroup", {{"logGroupName", "g"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "ResourceAlreadyExistsException");
  EXPECT_EQ(r.message, "The specified log group already exists");

  r = f.call("DeleteLogGroup", {{"logGroupName", "nope"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "ResourceNotFoundException");
  EXPECT_EQ(r.message, "The specified log group does not exist.");
}

TEST(LocalGroups, NameRulesFromTheModel) {
  local_fixture f;
  auto r = f.call("CreateLogGroup", {{"logGroupName", "bad:name"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(
      r.message,
      "1 validation error detected: Value 'bad:name' at 'logGroupName' failed to satisfy constraint: Member "
      "must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");

  r = f.call("CreateLogGroup", {{"logGroupName", std::string(513, 'a')}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_NE(r.message.find("Member must have length less than or equal to 512"), std::string::npos)
      << r.message;

  r = f.call("CreateLogGroup", json::object());
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(
      r.message,
      "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must "
      "not be null");

  r = f.call("CreateLogGroup", {{"logGroupName", ""}});
  EXPECT_EQ(r.message.substr(0, 30), "2 validation errors detected: ") << r.message;

  r = f.call("CreateLogGroup", {{"logGroupName", 42}});
  EXPECT_EQ(r.type, "SerializationException");

  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
  r = f.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "a:b"}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_NE(r.message.find("Member must satisfy regular expression pattern: [^:*]*"), std::string::npos);
  r = f.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "a*b"}});
  EXPECT_EQ(r.type, "InvalidParameterException");
}

TEST(LocalGroups, ReservedPrefixKmsAndClass) {
  local_fixture f;
  auto r = f.call("CreateLogGroup", {{"logGroupName", "aws/mine"}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(r.message, "Log groups starting with AWS/ are reserved for AWS.");
  EXPECT_EQ(f.call("CreateLogGroup", {{"logGroupName", "AWS/mine"}}).type, "InvalidParameterException");
  EXPECT_EQ(f.call("CreateLogGroup", {{"logGroupName", "/aws/lambda/x"}}).status, 200);

  r = f.call("CreateLogGroup", {{"logGroupName", "k"}, {"kmsKeyId", "not-an-arn"}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  const std::string key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  r = f.call("CreateLogGroup",
             {{"logGroupName", "k"}, {"kmsKeyId", key}, {"logGroupClass", "INFREQUENT_ACCESS"}});
  ASSERT_EQ(r.status, 200) << r.raw;

  r = f.call("CreateLogGroup", {{"logGroupName", "c"}, {"logGroupClass", "CHEAP"}});
  EXPECT_NE(r.message.find("Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]"),
            std::string::npos)
      << r.message;

  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "d"}, {"logGroupClass", "DELIVERY"}}).status, 200);
  r = f.call("PutRetentionPolicy", {{"logGroupName", "d"}, {"retentionInDays", 7}});
  EXPECT_EQ(r.type, "InvalidParameterException");

  r = f.call("DescribeLogGroups", {{"logGroupNamePrefix", "k"}});
  ASSERT_EQ(r.body["logGroups"].size(), 1u);
  EXPECT_EQ(r.body["logGroups"][0]["kmsKeyId"], key);
  EXPECT_EQ(r.body["logGroups"][0]["logGroupClass"], "INFREQUENT_ACCESS");
  r = f.call("DescribeLogGroups", {{"logGroupNamePrefix", "d"}});
  EXPECT_EQ(r.body["logGroups"][0]["logGroupClass"], "DELIVERY");
  EXPECT_EQ(r.body["logGroups"][0]["retentionInDays"], 2);
}

TEST(LocalGroups, Retention) {
  local_fixture f;
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
  auto r = f.call("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 2}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_NE(r.message.find("Member must satisfy enum value set: [1, 3, 5"), std::string::npos) << r.message;
  EXPECT_EQ(f.call("PutRetentionPolicy", {{"logGroupName", "nope"}, {"retentionInDays", 7}}).type,
            "ResourceNotFoundException");
  ASSERT_EQ(f.call("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 3653}}).status, 200);
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).body["logGroups"][0]["retentionInDays"], 3653);
  ASSERT_EQ(f.call("DeleteRetentionPolicy", {{"logGroupName", "g"}}).status, 200);
  EXPECT_FALSE(f.call("DescribeLogGroups", json::object()).body["logGroups"][0].contains("retentionInDays"));
}

TEST(LocalGroups, DescribePrefixPatternAndPagination) {
  local_fixture f;
  for (int i = 0; i < 7; ++i)
    ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "svc-" + std::to_string(i)}}).status, 200);
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "other"}}).status, 200);

  std::vector<std::string> names;
  json in = {{"logGroupNamePrefix", "svc-"}, {"limit", 3}};
  int pages = 0;
  for (;;) {
    auto r = f.call("DescribeLogGroups", in);
    ASSERT_EQ(r.status, 200) << r.raw;
    ++pages;
    for (const auto& g : r.body["logGroups"]) names.push_back(g["logGroupName"]);
    if (!r.body.contains("nextToken")) break;
    in["nextToken"] = r.body["nextToken"];
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(names.size(), 7u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));

  auto r = f.call("DescribeLogGroups", {{"logGroupNamePattern", "THER"}});
  ASSERT_EQ(r.body["logGroups"].size(), 1u);
  EXPECT_EQ(r.body["logGroups"][0]["logGroupName"], "other");

  r = f.call("DescribeLogGroups", {{"limit", 51}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  r = f.call("DescribeLogGroups", {{"nextToken", "garbage"}});
  EXPECT_EQ(r.type, "InvalidParameterException");
}

TEST(LocalStreams, CreateDescribeOrderAndPagination) {
  local_fixture f;
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
  auto r = f.call("CreateLogStream", {{"logGroupName", "missing"}, {"logStreamName", "s"}});
  EXPECT_EQ(r.type, "ResourceNotFoundException");
  EXPECT_EQ(r.message, "The specified log group does not exist.");
  for (const char* s : {"b", "a", "c"})
    ASSERT_EQ(f.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", s}}).status, 200);
  r = f.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "a"}});
  EXPECT_EQ(r.type, "ResourceAlreadyExistsException");
  EXPECT_EQ(r.message, "The specified log stream already exists");

  // Events in "b" make it the latest by LastEventTime.
  const auto now = ms(fixed_test_time());
  ASSERT_EQ(f.call("PutLogEvents", {{"logGroupName", "g"},
                                    {"logStreamName", "b"},
                                    {"logEvents", {{{"timestamp", now - 10}, {"message", "hello"}}}}})
                .status,
            200);

  r = f.call("DescribeLogStreams", {{"logGroupName", "g"}, {"limit", 2}});
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["logStreams"].size(), 2u);
  EXPECT_EQ(r.body["logStreams"][0]["logStreamName"], "a");
  EXPECT_EQ(r.body["logStreams"][1]["logStreamName"], "b");
  EXPECT_EQ(r.body["logStreams"][1]["firstEventTimestamp"], now - 10);
  EXPECT_EQ(r.body["logStreams"][1]["lastEventTimestamp"], now - 10);
  EXPECT_EQ(r.body["logStreams"][1]["lastIngestionTime"], now);
  EXPECT_EQ(r.body["logStreams"][1]["storedBytes"], 5);
  EXPECT_EQ(r.body["logStreams"][1]["arn"], "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:b");
  ASSERT_TRUE(r.body.contains("nextToken"));
  auto r2 =
      f.call("DescribeLogStreams", {{"logGroupName", "g"}, {"limit", 2}, {"nextToken", r.body["nextToken"]}});
  ASSERT_EQ(r2.body["logStreams"].size(), 1u);
  EXPECT_EQ(r2.body["logStreams"][0]["logStreamName"], "c");
  EXPECT_FALSE(r2.body.contains("nextToken"));

  r = f.call("DescribeLogStreams",
             {{"logGroupName", "g"}, {"orderBy", "LastEventTime"}, {"descending", true}});
  EXPECT_EQ(r.body["logStreams"][0]["logStreamName"], "b");
  r = f.call("DescribeLogStreams", {{"logGroupIdentifier", "arn:aws:logs:us-east-1:123456789012:log-group:g"},
                                    {"logStreamNamePrefix", "c"}});
  ASSERT_EQ(r.body["logStreams"].size(), 1u) << r.raw;
  r = f.call("DescribeLogStreams",
             {{"logGroupName", "g"}, {"orderBy", "LastEventTime"}, {"logStreamNamePrefix", "c"}});
  EXPECT_EQ(r.type, "InvalidParameterException");

  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).body["logGroups"][0]["storedBytes"], 5);

  ASSERT_EQ(f.call("DeleteLogStream", {{"logGroupName", "g"}, {"logStreamName", "b"}}).status, 200);
  r = f.call("DeleteLogStream", {{"logGroupName", "g"}, {"logStreamName", "b"}});
  EXPECT_EQ(r.type, "ResourceNotFoundException");
  EXPECT_EQ(r.message, "The specified log stream does not exist.");
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).body["logGroups"][0]["storedBytes"], 0);
}

TEST(LocalTags, ByArnAndByName) {
  local_fixture f;
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}, {"tags", {{"a", "1"}}}}).status, 200);
  const std::string arn = "arn:aws:logs:us-east-1:123456789012:log-group:g";
  ASSERT_EQ(f.call("TagResource", {{"resourceArn", arn}, {"tags", {{"b", "2"}}}}).status, 200);
  auto r = f.call("ListTagsForResource", {{"resourceArn", arn}});
  EXPECT_EQ(r.body["tags"], json({{"a", "1"}, {"b", "2"}}));
  ASSERT_EQ(f.call("UntagResource", {{"resourceArn", arn}, {"tagKeys", {"a"}}}).status, 200);
  EXPECT_EQ(f.call("ListTagsLogGroup", {{"logGroupName", "g"}}).body["tags"], json({{"b", "2"}}));
  ASSERT_EQ(f.call("TagLogGroup", {{"logGroupName", "g"}, {"tags", {{"c", "3"}}}}).status, 200);
  ASSERT_EQ(f.call("UntagLogGroup", {{"logGroupName", "g"}, {"tags", {"b"}}}).status, 200);
  EXPECT_EQ(f.call("ListTagsForResource", {{"resourceArn", arn}}).body["tags"], json({{"c", "3"}}));

  r = f.call("ListTagsForResource", {{"resourceArn", "arn:aws:logs:us-east-1:123456789012:log-group:nope"}});
  EXPECT_EQ(r.type, "ResourceNotFoundException");
  json many = json::object();
  for (int i = 0; i < 50; ++i) many["k" + std::to_string(i)] = "v";
  r = f.call("TagResource", {{"resourceArn", arn}, {"tags", many}});
  EXPECT_EQ(r.type, "TooManyTagsException");
}

TEST(LocalProtocol, UnknownOperationAndBadJson) {
  local_fixture f;
  auto r = f.call("NoSuchThing", json::object());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "UnknownOperationException");

  detail::http_request req;
  req.url = "http://127.0.0.1:" + std::to_string(f.server->port()) + "/";
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "Logs_20140328.CreateLogGroup"}};
  req.body = "{not json";
  detail::sigv4::sign(req, {"AKIDLOCAL", "cwlog-local-secret", "", std::nullopt}, "us-east-1", "logs",
                      fixed_test_time());
  r = f.client->send(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "SerializationException");

  // Wrong JSON types anywhere (also where the audit ARN is computed) are a 400, never a 500.
  r = f.call("PutLogEvents", {{"logGroupName", json::array()}, {"logStreamName", 1}, {"logEvents", "x"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "SerializationException");
  r = f.call("TagResource", {{"resourceArn", 5}, {"tags", {{"k", 1}}}});
  EXPECT_EQ(r.status, 400) << r.raw;
}

TEST(LocalGroups, DeletionProtection) {
  local_fixture f;
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "p"}, {"deletionProtectionEnabled", true}}).status,
            200);
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).body["logGroups"][0]["deletionProtectionEnabled"],
            true);
  auto r = f.call("DeleteLogGroup", {{"logGroupName", "p"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "ValidationException");
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).body["logGroups"].size(), 1u);
}

TEST(LocalGroups, DescribeByIdentifiers) {
  local_fixture f;
  for (const char* n : {"a", "b", "c"})
    ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", n}}).status, 200);
  auto r = f.call("DescribeLogGroups",
                  {{"logGroupIdentifiers", {"c", "arn:aws:logs:us-east-1:123456789012:log-group:a"}}});
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["logGroups"].size(), 2u);
  EXPECT_EQ(r.body["logGroups"][0]["logGroupName"], "a");
  EXPECT_EQ(r.body["logGroups"][1]["logGroupName"], "c");
}

}  // namespace
}  // namespace cwlog::test
