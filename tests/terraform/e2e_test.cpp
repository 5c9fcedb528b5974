// The generated policies, proven end to end: a real shipper (cwlog::shipper)
// ships through each example config to cwlog local enforcing the policy
// `cwlog iam-policy` prints — everything is delivered and nothing is denied —
// while a write to a group outside the config is denied, and each tenant's
// read-only policy reads its own groups and is denied on its neighbour's.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <cwlog/shipper.h>
#include <cwlog/tenant.h>

#include "support/local_fixture.h"
#include "terraform/config_source.h"
#include "terraform/hcl_support.h"
#include "terraform/iam_policy.h"
#include "terraform/module_plan.h"

namespace cwlog::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* account = "123456789012";
const fs::path examples = fs::path(CWLOG_SOURCE_DIR) / "examples" / "configs";
const std::vector<std::string> example_tenants{"acme", "acme-corp", "Globex Inc."};

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The config as the user wrote it, pointed at cwlog local.
generator_config example(const std::string& name, const std::string& endpoint) {
  auto c = load_generator_config((examples / name).string());
  c.options.aws.endpoint = endpoint;
  c.options.aws.credentials = credentials_source::static_keys;
  c.options.aws.access_key_id = local_default_access_key_id;
  c.options.aws.secret_access_key = local_default_secret_access_key;
  c.options.shipping.flush_interval = std::chrono::milliseconds(50);
  c.options.min_level = level::trace;
  c.options.logger_min_levels.clear();
  return c;
}

struct shipped {
  std::uint64_t logged = 0;
  delivery_counters counters;
};

// Logs records meant for every destination of the example configs.
shipped ship_everything(const cwlog::options& o) {
  cwlog::shipper s(o);
  shipped out;
  const auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const field_view audit_field{"audit", true};
  for (const std::string logger : {"api.http", "worker.jobs", "scheduler"}) {
    for (const auto& t : example_tenants) {
      record_view r;
      r.timestamp_ns = now_ns;
      r.lvl = level::info;
      r.logger = logger;
      r.message = "tenant record";
      r.tenant = t;
      EXPECT_TRUE(s.log(r));
      ++out.logged;
      r.lvl = level::error;  // also fanned out to the errors group
      r.message = "tenant error";
      EXPECT_TRUE(s.log(r));
      ++out.logged;
      r.lvl = level::info;
      r.fields = std::span<const field_view>(&audit_field, 1);  // also to the monthly audit group
      r.message = "tenant audit";
      EXPECT_TRUE(s.log(r));
      ++out.logged;
    }
    record_view p;
    p.timestamp_ns = now_ns;
    p.logger = logger;
    p.message = "platform record";
    EXPECT_TRUE(s.log(p));
    ++out.logged;
  }
  const auto f = s.flush(std::chrono::seconds(20));
  EXPECT_TRUE(f.complete) << f.pending << " pending";
  const auto d = s.shutdown(std::chrono::seconds(10));
  EXPECT_TRUE(d.complete);
  out.counters = s.counters();
  return out;
}

std::vector<json> audit_entries(const fs::path& p) {
  std::vector<json> out;
  std::istringstream in(read_file(p));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

class terraform_e2e : public ::testing::TestWithParam<std::string> {};

TEST_P(terraform_e2e, shipping_under_the_generated_policy_delivers_everything) {
  test::temp_dir dir;
  const auto db = dir.path() / "logs.db";
  const auto policy = dir.path() / "shipper-policy.json";
  const auto audit = dir.path() / "audit.jsonl";

  // The region is the config's own (eu-west-1 for multi-tenant); minimal has none.
  auto probe = load_generator_config((examples / GetParam()).string());
  const std::string region = probe.options.aws.region.empty() ? "us-east-1" : probe.options.aws.region;
  const auto plan = plan_module(probe.options, probe.terraform, example_tenants);
  write_file(policy, render_policy_json(shipper_policy(plan), {"aws", region, account}));

  local_server_options so;
  so.db_path = db.string();
  so.policy_path = policy.string();
  so.audit_path = audit.string();
  so.region = region;
  so.account_id = account;
  auto local = test::local_fixture::on_system_clock(so);

  auto c = example(GetParam(), local.endpoint());
  c.options.aws.region = region;
  const auto result = ship_everything(c.options);
  const auto& k = result.counters;
  // Every copy (one per destination a record was routed to) was delivered.
  EXPECT_EQ(
      k.copies, k.delivered + [&] {
        std::uint64_t dropped = 0;
        for (std::size_t i = 0; i < drop_reason_count; ++i) {
          // Routing drops (a config without a tenant route, min levels) are by design.
          if (i == static_cast<std::size_t>(drop_reason::dropped_by_rule) ||
              i == static_cast<std::size_t>(drop_reason::no_destination) ||
              i == static_cast<std::size_t>(drop_reason::below_min_level))
            continue;
          EXPECT_EQ(k.dropped[i], 0u) << "dropped: " << to_string(static_cast<drop_reason>(i));
          dropped += k.dropped[i];
        }
        return dropped;
      }());
  EXPECT_GT(k.delivered, 0u);
  EXPECT_EQ(k.rejected, 0u);

  std::size_t denied = 0, calls = 0;
  std::set<std::string> operations;
  for (const auto& e : audit_entries(audit)) {
    ++calls;
    operations.insert(e.value("operation", ""));
    if (e.dump().find("AccessDenied") != std::string::npos) {
      ++denied;
      ADD_FAILURE() << "denied: " << e.dump();
    }
  }
  EXPECT_GT(calls, 0u);
  EXPECT_EQ(denied, 0u);
  EXPECT_TRUE(operations.contains("PutLogEvents"));
  // Groups created at run time were created under the policy, not just written to.
  const bool creates = std::any_of(plan.groups.begin(), plan.groups.end(),
                                   [](const planned_group& g) { return g.shipper_creates; });
  EXPECT_EQ(operations.contains("CreateLogGroup"), creates);
  EXPECT_GT(k.groups_created, 0u);

  // A group outside the config: denied, for creating, writing and tagging.
  auto& client = *local.client;
  const auto denied_type = [](const test::api_reply& r) { return r.type; };
  EXPECT_EQ(denied_type(client.call("CreateLogGroup", {{"logGroupName", "other-group"}})),
            "AccessDeniedException");
  EXPECT_EQ(
      denied_type(client.call("CreateLogStream", {{"logGroupName", "other-group"}, {"logStreamName", "s"}})),
      "AccessDeniedException");
  EXPECT_EQ(
      denied_type(client.call(
          "PutLogEvents",
          {{"logGroupName", "other-group"},
           {"logStreamName", "s"},
           {"logEvents", json::array({{{"timestamp", test::ms(local.clock->now())}, {"message", "x"}}})}})),
      "AccessDeniedException");
  // Nor may the shipper read or delete.
  EXPECT_EQ(denied_type(client.call("DescribeLogGroups", json::object())), "AccessDeniedException");
}

INSTANTIATE_TEST_SUITE_P(example_configs, terraform_e2e,
                         ::testing::Values("minimal.yaml", "multi-tenant.yaml"), [](const auto& param_info) {
                           auto n = param_info.param.substr(0, param_info.param.find('.'));
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

// Each tenant's read-only policy: its own group is readable, the neighbour's
// (acme vs acme-corp: a prefix would have matched it) is not.
TEST(terraform_e2e_tenants, read_only_policies_read_own_groups_and_are_denied_on_neighbours) {
  test::temp_dir dir;
  const auto db = dir.path() / "logs.db";
  auto probe = load_generator_config((examples / "multi-tenant.yaml").string());
  const std::string region = probe.options.aws.region;
  probe.terraform.tenant_read_policies = true;
  const auto plan = plan_module(probe.options, probe.terraform, example_tenants);
  {
    // Fill the store through the shipper (no policy: this part is not under test).
    local_server_options so;
    so.db_path = db.string();
    so.region = region;
    so.account_id = account;
    auto local = test::local_fixture::on_system_clock(so);
    auto c = example("multi-tenant.yaml", local.endpoint());
    ship_everything(c.options);
  }
  for (const auto& [reader, neighbour] : std::vector<std::pair<std::string, std::string>>{
           {"acme", "acme-corp"}, {"acme-corp", "acme"}, {"Globex Inc.", "acme"}}) {
    const auto policy = dir.path() / "read.json";
    write_file(policy, render_policy_json(tenant_read_policy(plan, reader), {"aws", region, account}));
    local_server_options so;
    so.db_path = db.string();
    so.policy_path = policy.string();
    so.region = region;
    so.account_id = account;
    auto local = test::local_fixture::on_system_clock(so);
    auto& client = *local.client;

    const auto own = cwlog::tenant_name("app-customer-{tenant}", reader);
    const auto other = cwlog::tenant_name("app-customer-{tenant}", neighbour);
    const auto streams = client.call("DescribeLogStreams", {{"logGroupName", own}});
    ASSERT_EQ(streams.status, 200) << reader << ": " << streams.raw;
    ASSERT_FALSE(streams.body["logStreams"].empty()) << reader;
    const auto stream = streams.body["logStreams"][0]["logStreamName"].get<std::string>();
    const auto events = client.call(
        "GetLogEvents", {{"logGroupName", own}, {"logStreamName", stream}, {"startFromHead", true}});
    ASSERT_EQ(events.status, 200) << events.raw;
    EXPECT_FALSE(events.body["events"].empty()) << reader;
    const auto filtered = client.call("FilterLogEvents", {{"logGroupName", own}});
    EXPECT_EQ(filtered.status, 200) << filtered.raw;

    EXPECT_EQ(client.call("DescribeLogStreams", {{"logGroupName", other}}).type, "AccessDeniedException")
        << reader;
    EXPECT_EQ(client.call("GetLogEvents", {{"logGroupName", other}, {"logStreamName", stream}}).type,
              "AccessDeniedException")
        << reader;
    EXPECT_EQ(client.call("FilterLogEvents", {{"logGroupName", other}}).type, "AccessDeniedException")
        << reader;
    EXPECT_EQ(client.call("FilterLogEvents", {{"logGroupName", "app-errors"}}).type, "AccessDeniedException");
    EXPECT_EQ(client.call("DescribeLogGroups", json::object()).type, "AccessDeniedException");
  }
}

}  // namespace
}  // namespace cwlog::detail
