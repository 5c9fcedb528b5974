// IAM identity-policy evaluation (IAM User Guide: "Policy evaluation logic",
// "IAM JSON policy elements") and the resource ARNs CloudWatch Logs authorises.
#include "local/policy.h"

#include <gtest/gtest.h>

#include <string>

namespace cwlog::detail {
namespace {

using json = nlohmann::json;

constexpr const char* group_arn = "arn:aws:logs:us-east-1:123456789012:log-group:app/web";

identity_policy must_parse(const std::string& text) {
  auto p = identity_policy::parse(text);
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.error());
  return p ? *p : identity_policy{};
}

std::string parse_error(const std::string& text) {
  auto p = identity_policy::parse(text);
  EXPECT_FALSE(p.has_value()) << "policy unexpectedly parsed: " << text;
  return p ? std::string{} : p.error();
}

std::string stream_arn(const std::string& group, const std::string& stream) {
  return "arn:aws:logs:us-east-1:123456789012:log-group:" + group + ":log-stream:" + stream;
}

TEST(IamWildcard, StarAndQuestionMark) {
  EXPECT_TRUE(iam_wildcard_match("*", "", false));
  EXPECT_TRUE(iam_wildcard_match("a*c", "abbbc", false));
  EXPECT_TRUE(iam_wildcard_match("a*c", "ac", false));
  EXPECT_FALSE(iam_wildcard_match("a*c", "abd", false));
  EXPECT_TRUE(iam_wildcard_match("a?c", "abc", false));
  EXPECT_FALSE(iam_wildcard_match("a?c", "ac", false));
  EXPECT_TRUE(iam_wildcard_match("arn:aws:logs:*:*:log-group:x:*", stream_arn("x", "s/1:2"), false));
  EXPECT_TRUE(iam_wildcard_match("LOGS:put*", "logs:PutLogEvents", true));
  EXPECT_FALSE(iam_wildcard_match("LOGS:put*", "logs:PutLogEvents", false));
  EXPECT_TRUE(iam_wildcard_match("*a*b*c*", "xxaxxbxxcxx", false));
}

TEST(IdentityPolicy, AllowMatchingActionAndResource) {
  const auto p = must_parse(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
      "Action":"logs:PutLogEvents","Resource":"arn:aws:logs:us-east-1:123456789012:log-group:app/web:*"}})");
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", stream_arn("app/web", "i-1")), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:putlogevents", stream_arn("app/web", "i-1")), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:CreateLogStream", stream_arn("app/web", "i-1")), policy_decision::implicit_deny);
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", stream_arn("app/api", "i-1")), policy_decision::implicit_deny);
  // Resources are case-sensitive.
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", stream_arn("App/web", "i-1")), policy_decision::implicit_deny);
}

TEST(IdentityPolicy, ExplicitDenyWinsInAnyOrder) {
  const auto p = must_parse(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Deny","Action":"logs:*","Resource":"arn:aws:logs:*:*:log-group:secret*"},
      {"Effect":"Allow","Action":"*","Resource":"*"}]})");
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", stream_arn("secret-audit", "s")), policy_decision::explicit_deny);
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", stream_arn("public", "s")), policy_decision::allow);
  EXPECT_EQ(p.evaluate("s3:GetObject", "arn:aws:s3:::secretbucket"), policy_decision::allow);
}

TEST(IdentityPolicy, NoStatementsMatchingIsImplicitDeny) {
  const auto p = must_parse(R"({"Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["*"]}]})");
  EXPECT_EQ(p.evaluate("logs:CreateLogGroup", "*"), policy_decision::implicit_deny);
}

TEST(IdentityPolicy, ActionArraysAndWildcards) {
  const auto p = must_parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Action":["logs:Describe*","logs:Get?ogEvents"],"Resource":"*"}]})");
  EXPECT_EQ(p.evaluate("logs:DescribeLogGroups", "x"), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:GetLogEvents", "x"), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:GetQueryResults", "x"), policy_decision::implicit_deny);
}

TEST(IdentityPolicy, NotActionAllowsEverythingElse) {
  const auto p = must_parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "NotAction":["logs:Delete*"],"Resource":"*"}]})");
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", "x"), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:DeleteLogGroup", "x"), policy_decision::implicit_deny);
}

TEST(IdentityPolicy, NotActionDeny) {
  const auto p = must_parse(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Deny","NotAction":"logs:PutLogEvents","Resource":"*"},
      {"Effect":"Allow","Action":"logs:*","Resource":"*"}]})");
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", "x"), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:CreateLogGroup", "x"), policy_decision::explicit_deny);
}

TEST(IdentityPolicy, NotResource) {
  const auto p = must_parse(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*",
      "NotResource":["arn:aws:logs:us-east-1:123456789012:log-group:prod*"]}]})");
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", stream_arn("dev", "s")), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", stream_arn("prod-web", "s")), policy_decision::implicit_deny);
}

TEST(IdentityPolicy, GroupArnWithoutStarDoesNotCoverStreams) {
  const auto p = must_parse(std::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Action":"logs:*","Resource":")") +
                            group_arn + R"("}]})");
  EXPECT_EQ(p.evaluate("logs:TagResource", group_arn), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", stream_arn("app/web", "s")), policy_decision::implicit_deny);
  EXPECT_EQ(p.evaluate("logs:CreateLogGroup", stream_arn("app/web", "")), policy_decision::implicit_deny);
}

TEST(IdentityPolicy, RejectsWhatItCannotEvaluate) {
  EXPECT_NE(parse_error("not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(parse_error("[]").find("JSON object"), std::string::npos);
  EXPECT_NE(parse_error(R"({"Version":"2012-10-17"})").find("Statement is required"), std::string::npos);
  EXPECT_NE(parse_error(R"({"Version":"2020-01-01","Statement":[]})").find("Version"), std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":[]})").find("non-empty"), std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"allow","Action":"*","Resource":"*"}})").find("\"Allow\""),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"Allow","Resource":"*"}})").find("Action or NotAction"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"Allow","Action":"*","NotAction":"*","Resource":"*"}})")
                .find("exactly one of Action"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"Allow","Action":"*"}})").find("Resource or NotResource"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
      "Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}]})")
                .find("Statement[0]: Condition is not supported"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}})")
                .find("identity policy"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"Allow","Action":"PutLogEvents","Resource":"*"}})")
                .find("service:Action"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"Allow","Action":[1],"Resource":"*"}})").find("string"),
            std::string::npos);
  EXPECT_NE(
      parse_error(R"({"Statement":{"Effect":"Allow","Action":"*","Resource":"log-group:x"}})").find("ARN"),
      std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"Allow","Action":"*",
      "Resource":"arn:aws:logs:*:*:log-group:${aws:username}"}})")
                .find("policy variables"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Extra":1}})")
                .find("unknown element \"Extra\""),
            std::string::npos);
}

TEST(IdentityPolicy, KeepsStatementDetails) {
  const auto p = must_parse(R"({"Statement":{"Sid":"W","Effect":"Deny","NotAction":"a:b","Resource":"*"}})");
  ASSERT_EQ(p.statements().size(), 1u);
  EXPECT_EQ(p.statements()[0].sid_, "W");
  EXPECT_FALSE(p.statements()[0].allow_);
  EXPECT_TRUE(p.statements()[0].not_action_);
}

// ---------------------------------------------------------- resource ARNs

std::string arn_for(std::string_view op, const json& request) {
  return resource_arn_for(op, request, "aws", "us-east-1", "123456789012");
}

TEST(ResourceArnFor, StreamLevelOperations) {
  const json req = {{"logGroupName", "app/web"}, {"logStreamName", "i-1"}};
  for (const char* op : {"PutLogEvents", "CreateLogStream", "DeleteLogStream", "GetLogEvents"}) {
    EXPECT_EQ(arn_for(op, req), stream_arn("app/web", "i-1")) << op;
  }
  const json by_id = {{"logGroupIdentifier", "arn:aws:logs:us-east-1:123456789012:log-group:app/web:*"},
                      {"logStreamName", "i-1"}};
  EXPECT_EQ(arn_for("GetLogEvents", by_id), stream_arn("app/web", "i-1"));
}

TEST(ResourceArnFor, GroupLevelOperationsUseEmptyStream) {
  const json req = {{"logGroupName", "app/web"}, {"retentionInDays", 7}};
  for (const char* op : {"CreateLogGroup", "DeleteLogGroup", "PutRetentionPolicy", "DeleteRetentionPolicy",
                         "DescribeLogStreams", "FilterLogEvents", "TagLogGroup", "ListTagsLogGroup"}) {
    EXPECT_EQ(arn_for(op, req), "arn:aws:logs:us-east-1:123456789012:log-group:app/web:log-stream:") << op;
  }
  EXPECT_EQ(arn_for("DescribeLogStreams", json{{"logGroupIdentifier", "app/web"}}),
            "arn:aws:logs:us-east-1:123456789012:log-group:app/web:log-stream:");
  EXPECT_EQ(arn_for("StartLiveTail", json{{"logGroupIdentifiers", {std::string(group_arn)}}}),
            "arn:aws:logs:us-east-1:123456789012:log-group:app/web:log-stream:");
}

TEST(ResourceArnFor, TaggingUsesTheGivenArn) {
  const json req = {{"resourceArn", group_arn}, {"tags", {{"k", "v"}}}};
  for (const char* op : {"TagResource", "UntagResource", "ListTagsForResource"}) {
    EXPECT_EQ(arn_for(op, req), group_arn) << op;
  }
}

TEST(ResourceArnFor, AccountWideListingsAndOthers) {
  EXPECT_EQ(arn_for("DescribeLogGroups", json{{"logGroupNamePrefix", "app"}}),
            "arn:aws:logs:us-east-1:123456789012:log-group::log-stream:");
  EXPECT_EQ(resource_arn_for("DescribeLogGroups", json::object(), "aws-cn", "cn-north-1", "1"),
            "arn:aws-cn:logs:cn-north-1:1:log-group::log-stream:");
  EXPECT_EQ(arn_for("CancelExportTask", json::object()), "*");
}

TEST(ResourceArnFor, TypicalPoliciesAgainstRealArns) {
  // What the IAM generator writes: "...:log-group:G:*" for writers, "...:log-group:G" for tagging.
  const auto p = must_parse(std::string(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents",
        "logs:PutRetentionPolicy","logs:DescribeLogStreams"],"Resource":")") +
                            group_arn + R"(:*"},
      {"Effect":"Allow","Action":["logs:TagResource","logs:ListTagsForResource"],"Resource":")" +
                            group_arn + R"("}]})");
  const json put = {{"logGroupName", "app/web"}, {"logStreamName", "host-1"}};
  const json group = {{"logGroupName", "app/web"}};
  const json tag = {{"resourceArn", group_arn}};
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", arn_for("PutLogEvents", put)), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:CreateLogStream", arn_for("CreateLogStream", put)), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:CreateLogGroup", arn_for("CreateLogGroup", group)), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:PutRetentionPolicy", arn_for("PutRetentionPolicy", group)),
            policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:TagResource", arn_for("TagResource", tag)), policy_decision::allow);
  EXPECT_EQ(p.evaluate("logs:DescribeLogGroups", arn_for("DescribeLogGroups", json::object())),
            policy_decision::implicit_deny);
  const json other = {{"logGroupName", "app/webx"}, {"logStreamName", "h"}};
  EXPECT_EQ(p.evaluate("logs:PutLogEvents", arn_for("PutLogEvents", other)), policy_decision::implicit_deny);
}

}  // namespace
}  // namespace cwlog::detail
