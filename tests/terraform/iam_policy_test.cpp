// The shipper's and tenants' policies, evaluated by cwlog local's IAM engine
// (the one `cwlog local --policy` enforces) on the ARNs CloudWatch Logs
// authorises each call against: what the config needs is allowed, anything
// else is denied.
#include <gtest/gtest.h>

#include <cwlog/error.h>
#include <cwlog/tenant.h>

#include "local/policy.h"
#include "terraform/hcl_support.h"
#include "terraform/iam_policy.h"
#include "terraform/module_plan.h"

namespace cwlog::detail {
namespace {

using nlohmann::json;

const arn_context ctx{"aws", "eu-west-1", "123456789012"};

cwlog::options config(bool create_groups) {
  cwlog::options o;
  destination_options api;
  api.name = "api";
  api.group = "app-api";
  api.retention_days = 30;
  api.tags = {{"team", "payments"}};
  api.create_group = create_groups;
  o.destinations.push_back(api);
  destination_options customer;
  customer.name = "customer";
  customer.group = "app-customer-{tenant}";
  customer.create_group = create_groups;
  o.destinations.push_back(customer);
  if (create_groups) {
    destination_options audit;
    audit.name = "audit";
    audit.group = "app-audit-{date:%Y-%m}";
    audit.retention_days = 365;
    o.destinations.push_back(audit);
  }
  return o;
}

const std::vector<std::string> tenants{"acme", "acme-corp", "Acme", "${x}", "\xC3\xBC"};

identity_policy parsed(const policy_document& doc) {
  auto p = identity_policy::parse(render_policy_json(doc, ctx));
  if (!p) throw std::runtime_error(p.error());
  return *p;
}

policy_decision decide(const identity_policy& p, const std::string& op, const json& request) {
  return p.evaluate("logs:" + op, resource_arn_for(op, request, ctx.partition, ctx.region, ctx.account_id));
}

json stream_req(const std::string& group) {
  return {{"logGroupName", group}, {"logStreamName", "api/h-1"}};
}
json group_req(const std::string& group) {
  return {{"logGroupName", group}};
}
std::string group_arn(const std::string& group) {
  return "arn:aws:logs:eu-west-1:123456789012:log-group:" + group;
}

std::set<std::string> actions_of(const policy_document& doc) {
  std::set<std::string> out;
  for (const auto& s : doc.statements) out.insert(s.actions.begin(), s.actions.end());
  return out;
}

TEST(iam_policy, grants_exactly_the_calls_a_shipper_that_creates_groups_makes) {
  const auto plan = plan_module(config(true), {}, tenants);
  const auto doc = shipper_policy(plan);
  EXPECT_EQ(actions_of(doc),
            (std::set<std::string>{"logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:TagResource",
                                   "logs:CreateLogStream", "logs:PutLogEvents"}));
  const auto p = parsed(doc);
  const auto acme = cwlog::tenant_name("app-customer-{tenant}", "acme");
  for (const std::string g : {"app-api", acme.c_str(), "app-audit-2026-01"}) {
    EXPECT_EQ(decide(p, "CreateLogGroup", group_req(g)), policy_decision::allow) << g;
    EXPECT_EQ(decide(p, "CreateLogStream", stream_req(g)), policy_decision::allow) << g;
    EXPECT_EQ(decide(p, "PutLogEvents", stream_req(g)), policy_decision::allow) << g;
  }
  // Groups created at run time may be any tenant's: the template's pattern.
  EXPECT_EQ(decide(p, "PutLogEvents", stream_req("app-customer-newtenant")), policy_decision::allow);
  EXPECT_EQ(decide(p, "PutRetentionPolicy", group_req("app-api")), policy_decision::allow);
  EXPECT_EQ(decide(p, "PutRetentionPolicy", group_req("app-audit-2026-01")), policy_decision::allow);
  // Tag ARNs have no ":*": TagResource is asked on the group ARN itself.
  EXPECT_EQ(decide(p, "TagResource", {{"resourceArn", group_arn("app-api")}}), policy_decision::allow);
  // The audit destination has no tags: the shipper never tags its groups.
  EXPECT_EQ(decide(p, "TagResource", {{"resourceArn", group_arn("app-audit-2026-01")}}),
            policy_decision::implicit_deny);
  EXPECT_EQ(decide(p, "TagResource", {{"resourceArn", group_arn("app-api") + ":*"}}),
            policy_decision::implicit_deny);
}

TEST(iam_policy, denies_everything_outside_the_config) {
  const auto p = parsed(shipper_policy(plan_module(config(true), {}, tenants)));
  for (const std::string g :
       {"other-group", "app-api-extra", "app-apix", "app-auditx", "app-customer", "app"}) {
    EXPECT_EQ(decide(p, "PutLogEvents", stream_req(g)), policy_decision::implicit_deny) << g;
    EXPECT_EQ(decide(p, "CreateLogGroup", group_req(g)), policy_decision::implicit_deny) << g;
    EXPECT_EQ(decide(p, "TagResource", {{"resourceArn", group_arn(g)}}), policy_decision::implicit_deny) << g;
  }
  // Calls the shipper never makes.
  EXPECT_EQ(decide(p, "DeleteLogGroup", group_req("app-api")), policy_decision::implicit_deny);
  EXPECT_EQ(decide(p, "GetLogEvents", stream_req("app-api")), policy_decision::implicit_deny);
  EXPECT_EQ(decide(p, "DescribeLogGroups", json::object()), policy_decision::implicit_deny);
  EXPECT_EQ(decide(p, "PutRetentionPolicy", group_req(cwlog::tenant_name("app-customer-{tenant}", "acme"))),
            policy_decision::implicit_deny);  // the customer destination sets no retention
  // Another region or account is another resource.
  EXPECT_EQ(
      p.evaluate("logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:app-api:log-stream:s"),
      policy_decision::implicit_deny);
  EXPECT_EQ(
      p.evaluate("logs:PutLogEvents", "arn:aws:logs:eu-west-1:999999999999:log-group:app-api:log-stream:s"),
      policy_decision::implicit_deny);
}

TEST(iam_policy, pre_created_groups_get_only_write_calls_on_exact_names) {
  const auto plan = plan_module(config(false), {}, tenants);
  const auto doc = shipper_policy(plan);
  EXPECT_EQ(actions_of(doc), (std::set<std::string>{"logs:CreateLogStream", "logs:PutLogEvents"}));
  const auto p = parsed(doc);
  for (const auto& t : tenants) {
    EXPECT_EQ(decide(p, "PutLogEvents", stream_req(cwlog::tenant_name("app-customer-{tenant}", t))),
              policy_decision::allow);
  }
  // Not pre-created: the shipper may not write there.
  EXPECT_EQ(decide(p, "PutLogEvents", stream_req("app-customer-newtenant")), policy_decision::implicit_deny);
  EXPECT_EQ(decide(p, "CreateLogGroup", group_req("app-api")), policy_decision::implicit_deny);
}

TEST(iam_policy, pre_created_streams_get_no_create_log_stream) {
  auto o = config(false);
  o.destinations[0].create_stream = false;  // app-api: group and streams made elsewhere
  const auto doc = shipper_policy(plan_module(o, {}, tenants));
  const auto p = parsed(doc);
  EXPECT_EQ(decide(p, "PutLogEvents", stream_req("app-api")), policy_decision::allow);
  EXPECT_EQ(decide(p, "CreateLogStream", stream_req("app-api")), policy_decision::implicit_deny);
  // The customer destination still creates its streams.
  const auto acme = cwlog::tenant_name("app-customer-{tenant}", "acme");
  EXPECT_EQ(decide(p, "CreateLogStream", stream_req(acme)), policy_decision::allow);
  // A group shared with a destination that creates streams keeps CreateLogStream.
  auto shared = o;
  auto second = shared.destinations[0];
  second.name = "api-2";
  second.create_stream = true;
  shared.destinations.push_back(second);
  const auto p2 = parsed(shipper_policy(plan_module(shared, {}, tenants)));
  EXPECT_EQ(decide(p2, "CreateLogStream", stream_req("app-api")), policy_decision::allow);
}

TEST(iam_policy, never_a_wildcard_action_or_an_account_wide_arn) {
  for (bool create : {true, false}) {
    const auto text = render_policy_json(shipper_policy(plan_module(config(create), {}, tenants)), ctx);
    const auto doc = json::parse(text);
    EXPECT_EQ(doc["Version"], "2012-10-17");
    // An empty policy would pass every check below: it must hold statements,
    // each with actions and resources.
    ASSERT_TRUE(doc["Statement"].is_array()) << text;
    ASSERT_FALSE(doc["Statement"].empty()) << text;
    for (const auto& s : doc["Statement"]) {
      EXPECT_EQ(s["Effect"], "Allow");
      ASSERT_FALSE(s["Action"].empty()) << s;
      ASSERT_FALSE(s["Resource"].empty()) << s;
      for (const auto& a : s["Action"]) EXPECT_EQ(a.get<std::string>().find('*'), std::string::npos) << a;
      for (const auto& r : s["Resource"]) {
        const auto arn = r.get<std::string>();
        EXPECT_TRUE(arn.starts_with("arn:aws:logs:eu-west-1:123456789012:log-group:app-")) << arn;
      }
    }
  }
}

TEST(iam_policy, tenant_read_policy_reads_its_own_groups_only) {
  terraform_options tf;
  tf.tenant_read_policies = true;
  const auto plan = plan_module(config(false), tf, tenants);
  const auto acme = parsed(tenant_read_policy(plan, "acme"));
  const auto own = cwlog::tenant_name("app-customer-{tenant}", "acme");
  const auto neighbour = cwlog::tenant_name("app-customer-{tenant}", "acme-corp");
  for (const char* op : {"GetLogEvents", "FilterLogEvents", "DescribeLogStreams"}) {
    EXPECT_EQ(decide(acme, op, stream_req(own)), policy_decision::allow) << op;
    EXPECT_EQ(decide(acme, op, stream_req(neighbour)), policy_decision::implicit_deny) << op;
    EXPECT_EQ(decide(acme, op, stream_req(cwlog::tenant_name("app-customer-{tenant}", "Acme"))),
              policy_decision::implicit_deny)
        << op;
    EXPECT_EQ(decide(acme, op, stream_req("app-api")), policy_decision::implicit_deny) << op;
  }
  EXPECT_EQ(decide(acme, "PutLogEvents", stream_req(own)), policy_decision::implicit_deny);
  EXPECT_EQ(decide(acme, "DescribeLogGroups", json::object()), policy_decision::implicit_deny);
  // And the other way round.
  const auto corp = parsed(tenant_read_policy(plan, "acme-corp"));
  EXPECT_EQ(decide(corp, "GetLogEvents", stream_req(neighbour)), policy_decision::allow);
  EXPECT_EQ(decide(corp, "GetLogEvents", stream_req(own)), policy_decision::implicit_deny);
}

TEST(iam_policy, concrete_arns_need_a_real_partition_region_and_account) {
  const auto doc = shipper_policy(plan_module(config(true), {}, tenants));
  EXPECT_THROW(render_policy_json(doc, {"aws", "eu-west-1", "12345"}), cwlog::error);
  EXPECT_THROW(render_policy_json(doc, {"aws", "*", "123456789012"}), cwlog::error);
  EXPECT_THROW(render_policy_json(doc, {"amazon", "eu-west-1", "123456789012"}), cwlog::error);
  const auto cn = render_policy_json(doc, {"aws-cn", "cn-north-1", "123456789012"});
  EXPECT_NE(cn.find("arn:aws-cn:logs:cn-north-1:123456789012:log-group:app-api:*"), std::string::npos);
}

}  // namespace
}  // namespace cwlog::detail
