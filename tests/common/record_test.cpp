#include <cwlog/record.h>
#include <cwlog/version.h>
#include <gtest/gtest.h>

TEST(level, round_trips_every_name) {
  for (auto lvl : {cwlog::level::trace, cwlog::level::debug, cwlog::level::info, cwlog::level::warn,
                   cwlog::level::error, cwlog::level::critical}) {
    EXPECT_EQ(cwlog::parse_level(cwlog::to_string(lvl)), lvl);
  }
}

TEST(level, parse_is_case_insensitive_and_knows_warning) {
  EXPECT_EQ(cwlog::parse_level("ERROR"), cwlog::level::error);
  EXPECT_EQ(cwlog::parse_level("Warning"), cwlog::level::warn);
  EXPECT_EQ(cwlog::parse_level("fatal"), std::nullopt);
  EXPECT_EQ(cwlog::parse_level(""), std::nullopt);
}

TEST(version, matches_the_header) {
  EXPECT_STREQ(cwlog::version(), "0.1.0");
}
