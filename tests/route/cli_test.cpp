// `cwlog tenant-name` and `cwlog config check`, run as the real binary: the
// names it prints must be exactly the library's, so scripts and Terraform
// agree with the shipper. Skipped (not passed) when bin/cwlog is not built.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <cwlog/tenant.h>

namespace cwlog {
namespace {

const std::string cwlog_bin = std::string(CWLOG_BINARY_DIR) + "/bin/cwlog";

std::string quote(const std::string& s) {
  std::string q = "'";
  for (const char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct run_result {
  int exit_code;
  std::string out;
};

run_result run(const std::string& args) {
  const std::string cmd = quote(cwlog_bin) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(cwlog_bin)) GTEST_SKIP() << cwlog_bin << " is not built";
  }
};

const std::vector<std::string> ids = {"acme", "Acme Corp",         "",      "aws/",     "a-x",
                                      "..",   "\xc3\xa9t\xc3\xa9", "a:b*c", "'quoted'", std::string(200, 'Z'),
                                      "-dash"};

TEST_F(Cli, TenantNamePrintsTheLibrarysNames) {
  std::string args = "tenant-name --template 'app-customer-{tenant}' --";
  std::string expected;
  for (const auto& id : ids) {
    args += " " + quote(id);
    expected += tenant_name("app-customer-{tenant}", id) + "\n";
  }
  const auto r = run(args);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, expected);
}

TEST_F(Cli, TenantNameFromAConfigPicksTheTenantDestination) {
  const std::string config = std::string(CWLOG_SOURCE_DIR) + "/examples/configs/multi-tenant.yaml";
  auto r = run("tenant-name --config " + quote(config) + " acme 'Big Co'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, tenant_name("app-customer-{tenant}", "acme") + "\n" +
                       tenant_name("app-customer-{tenant}", "Big Co") + "\n");
  r = run("tenant-name --config " + quote(config) + " --destination nope acme");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("no such destination"), std::string::npos) << r.out;
  r = run("tenant-name --config " + quote(config) + " --destination errors acme");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "app-errors\n");
}

TEST_F(Cli, ConfigCheckSummarizesAValidFile) {
  const auto r =
      run("config check " + quote(std::string(CWLOG_SOURCE_DIR) + "/examples/configs/multi-tenant.yaml"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("OK, 4 destination(s), 6 route(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("app-customer-{tenant} (per tenant)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("date-rotated"), std::string::npos) << r.out;
}

TEST_F(Cli, ConfigCheckPrintsEveryProblemAndExits2) {
  const std::string path = std::string(CWLOG_BINARY_DIR) + "/route_cli_bad.yaml";
  {
    std::ofstream out(path);
    out << "aws:\n  regoin: x\ndestinations:\n  - name: a\n    group: g\n    retention_days: 10\n"
           "    log_group_class: DELIVERY\n";
  }
  const auto r = run("config check " + quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(path + ":2:3: unknown key \"regoin\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path + ":6:21: destinations[0].retention_days"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path + ":7:22: destinations[0].log_group_class: log group class DELIVERY"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("3 problem(s)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace cwlog
