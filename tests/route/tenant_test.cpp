// tenant_scope: per thread, nesting, restoring; tenant_name for the CLI and
// the Terraform generator.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include <cwlog/error.h>
#include <cwlog/tenant.h>

namespace cwlog {
namespace {

TEST(TenantScope, NestsAndRestores) {
  EXPECT_FALSE(current_tenant().has_value());
  {
    tenant_scope outer("acme");
    EXPECT_EQ(current_tenant(), "acme");
    {
      tenant_scope inner("");
      ASSERT_TRUE(current_tenant().has_value());  // the empty id is a tenant
      EXPECT_EQ(*current_tenant(), "");
    }
    EXPECT_EQ(current_tenant(), "acme");
  }
  EXPECT_FALSE(current_tenant().has_value());
}

TEST(TenantScope, OwnsItsCopyOfTheId) {
  std::string id = "acme";
  tenant_scope s(id);
  id = "other";
  EXPECT_EQ(current_tenant(), "acme");
}

TEST(TenantScope, IsPerThread) {
  tenant_scope main_scope("main");
  std::vector<std::string> seen(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &seen] {
      // A new thread starts without a tenant, whatever its creator had.
      if (current_tenant().has_value()) {
        seen[static_cast<std::size_t>(t)] = "leaked";
        return;
      }
      const std::string mine = "tenant-" + std::to_string(t);
      tenant_scope a(mine);
      for (int i = 0; i < 1000; ++i) {
        tenant_scope b(mine + "/" + std::to_string(i));
        if (current_tenant() != mine + "/" + std::to_string(i)) seen[static_cast<std::size_t>(t)] = "mixed";
      }
      if (seen[static_cast<std::size_t>(t)].empty())
        seen[static_cast<std::size_t>(t)] = std::string(*current_tenant());
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(seen[static_cast<std::size_t>(t)], "tenant-" + std::to_string(t));
  EXPECT_EQ(current_tenant(), "main");
}

TEST(TenantName, RendersTheGroupAndStream) {
  EXPECT_EQ(tenant_name("app-customer-{tenant}", "acme"), "app-customer-acme");
  EXPECT_EQ(tenant_name("app-customer-{tenant}", "Acme Corp"), "app-customer-_41cme_20_43orp");
  EXPECT_EQ(tenant_name("app-customer-{tenant}", ""), "app-customer-_");
  EXPECT_EQ(tenant_stream_name("{tenant}", "a:b"), "a_3ab");
}

TEST(TenantName, RefusesRecordDependentTemplates) {
  EXPECT_THROW((void)tenant_name("app-{tenant}/{component}", "acme"), error);
  EXPECT_THROW((void)tenant_name("app-{date:%Y}-{tenant}", "acme"), error);
  EXPECT_THROW((void)tenant_name("aws/{tenant}", "acme"), error);
  EXPECT_THROW((void)tenant_name("app-{nope}", "acme"), error);
}

}  // namespace
}  // namespace cwlog
