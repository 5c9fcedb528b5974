// `cwlog tenant-name`, run as the real binary: the names it prints must be
// exactly the library's and the Terraform generator's, so scripts, Terraform
// and the shipper agree, for hostile tenant ids too.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <cwlog/tenant.h>

#include "support/cwlog_cli.h"
#include "support/process.h"
#include "terraform/module_plan.h"

namespace cwlog::test {
namespace {

process_result cwlog_run(std::vector<std::string> args) {
  args.insert(args.begin(), cwlog_cli_path());
  return run_process(args);
}

const std::string examples = std::string(CWLOG_SOURCE_DIR) + "/examples/configs";

TEST(cli_tenant_name, prints_the_librarys_names) {
  const std::vector<std::string> ids = {
      "acme",     "Acme Corp",           "",     "aws/", "a-x", "..", "\xc3\xa9t\xc3\xa9", "a:b*c",
      "'quoted'", std::string(200, 'Z'), "-dash"};
  std::vector<std::string> args{"tenant-name", "--template", "app-customer-{tenant}", "--"};
  std::string expected;
  for (const auto& id : ids) {
    args.push_back(id);
    expected += tenant_name("app-customer-{tenant}", id) + "\n";
  }
  const auto r = cwlog_run(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, expected);
  EXPECT_EQ(r.err, "");
}

TEST(cli_tenant_name, from_a_config_picks_the_tenant_destination) {
  const std::string config = examples + "/multi-tenant.yaml";
  auto r = cwlog_run({"tenant-name", "--config", config, "acme", "Big Co"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, tenant_name("app-customer-{tenant}", "acme") + "\n" +
                       tenant_name("app-customer-{tenant}", "Big Co") + "\n");
  r = cwlog_run({"tenant-name", "--config", config, "--destination", "nope", "acme"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("no such destination"), std::string::npos) << r.err;
  r = cwlog_run({"tenant-name", "--config", config, "--destination", "errors", "acme"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "app-errors\n");
}

// The names the Terraform generator writes into main.tf, for hostile ids.
TEST(cli_tenant_name, equals_the_generated_module_names) {
  const std::vector<std::string> hostile{"acme",     "Acme",  "acme-corp",          "a/b", "${var.x}", "x y",
                                         "\xC3\xBC", "-dash", std::string(300, 'z')};
  cwlog::options o;
  cwlog::destination_options customer;
  customer.name = "customer";
  customer.group = "app-customer-{tenant}";
  customer.create_group = false;
  o.destinations.push_back(customer);
  const auto plan = detail::plan_module(o, {}, hostile);
  ASSERT_EQ(plan.groups.size(), 1u);
  const auto& g = plan.groups.front();
  ASSERT_EQ(g.tenant_names.size(), hostile.size());
  for (const auto& [id, name] : g.tenant_names) {
    const auto r = cwlog_run({"tenant-name", "--template", "app-customer-{tenant}", "--", id});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, name + "\n") << id;
  }
}

}  // namespace
}  // namespace cwlog::test
