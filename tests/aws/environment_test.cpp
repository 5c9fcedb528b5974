// The process-environment snapshot the credential providers read.
#include <gtest/gtest.h>

#include <cstdlib>

#include "aws/environment.h"

namespace cwlog::detail {
namespace {

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
