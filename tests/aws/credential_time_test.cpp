// ISO 8601 timestamps as the credential documents write them, and the
// process-environment snapshot.
#include <gtest/gtest.h>

#include <cstdlib>

#include "aws/credential_time.h"
#include "aws/environment.h"
#include "common/time_format.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono;

TEST(credential_time, parses_the_forms_services_write) {
  const auto base = sys_days{2026y / 11 / 24} + 23h + 59min + 58s;
  EXPECT_EQ(parse_iso8601("2026-11-24T23:59:58Z"), base);
  EXPECT_EQ(parse_iso8601("2026-11-24T23:59:58.250Z"), base + 250ms);
  EXPECT_EQ(parse_iso8601("2026-11-25T01:59:58+02:00"), base);
  EXPECT_EQ(parse_iso8601("2026-11-24T22:59:58-0100"), base);
  EXPECT_EQ(parse_iso8601("2026-11-24T23:59:58UTC"), base);
  EXPECT_EQ(format_iso8601_utc(base + 999ms), "2026-11-24T23:59:58Z");
}

TEST(credential_time, rejects_malformed) {
  for (const char* bad :
       {"", "2026-11-24", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-24T25:00:00Z",
        "2026-11-24T23:59:58Q", "yesterday", "2026-11-24T23:59:58."}) {
    EXPECT_EQ(parse_iso8601(bad), std::nullopt) << bad;
  }
}

TEST(environment, snapshot_of_the_process_and_copies) {
  const auto env = environment::from_process();
  const char* path = std::getenv("PATH");
  ASSERT_NE(path, nullptr);
  EXPECT_EQ(env.get("PATH"), std::string(path));
  const auto changed = env.with("CWLOG_TEST_ONLY_VAR", "x");
  EXPECT_EQ(changed.get("CWLOG_TEST_ONLY_VAR"), "x");
  EXPECT_EQ(env.get("CWLOG_TEST_ONLY_VAR"), std::nullopt);  // the original is untouched
  EXPECT_EQ(std::getenv("CWLOG_TEST_ONLY_VAR"), nullptr);   // and so is the process
  EXPECT_EQ(changed.without("CWLOG_TEST_ONLY_VAR").get("CWLOG_TEST_ONLY_VAR"), std::nullopt);
}

TEST(environment, booleans_home_and_files) {
  environment env({{"A", "TRUE"}, {"B", "yes"}, {"E", ""}}, "/home/x");
  EXPECT_TRUE(env.get_bool("A"));
  EXPECT_FALSE(env.get_bool("B"));  // botocore: only "true" is true
  EXPECT_FALSE(env.get_bool("MISSING"));
  EXPECT_EQ(env.get("E"), "");
  EXPECT_EQ(env.get_nonempty("E"), std::nullopt);
  EXPECT_EQ(env.expand_user("~/.aws/config"), "/home/x/.aws/config");
  EXPECT_EQ(env.expand_user("/abs"), "/abs");
  EXPECT_EQ(env.read_file("/nonexistent/cwlog/file"), std::nullopt);
}

}  // namespace
}  // namespace cwlog::detail
