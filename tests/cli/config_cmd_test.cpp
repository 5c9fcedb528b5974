// `cwlog config check`, run as the real binary: a valid file is summarised,
// an invalid one gets every problem as file:line:col and exit code 2.
#include <gtest/gtest.h>

#include <string>

#include "support/cwlog_cli.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace cwlog::test {
namespace {

TEST(cli_config_check, summarizes_a_valid_file) {
  const auto r = run_process({cwlog_cli_path(), "config", "check",
                              std::string(CWLOG_SOURCE_DIR) + "/examples/configs/multi-tenant.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("OK, 4 destination(s), 6 route(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("app-customer-{tenant} (per tenant)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("date-rotated"), std::string::npos) << r.out;
}

TEST(cli_config_check, prints_every_problem_and_exits_2) {
  temp_dir dir;
  const auto path =
      dir.write("bad.yaml",
                "aws:\n  regoin: x\ndestinations:\n  - name: a\n    group: g\n    retention_days: 10\n"
                "    log_group_class: DELIVERY\n")
          .string();
  const auto r = run_process({cwlog_cli_path(), "config", "check", path});
  const auto all = r.out + r.err;
  EXPECT_EQ(r.exit_code, 2) << all;
  EXPECT_NE(all.find(path + ":2:3: unknown key \"regoin\""), std::string::npos) << all;
  EXPECT_NE(all.find(path + ":6:21: destinations[0].retention_days"), std::string::npos) << all;
  EXPECT_NE(all.find(path + ":7:22: destinations[0].log_group_class: log group class DELIVERY"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("3 problem(s)"), std::string::npos) << all;
}

TEST(cli_config_check, a_missing_file_is_an_error) {
  temp_dir dir;
  const auto r = run_process({cwlog_cli_path(), "config", "check", (dir.path() / "none.yaml").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("none.yaml"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace cwlog::test
