#include "common/time_format.h"

#include <gtest/gtest.h>

using namespace std::chrono;
using cwlog::detail::format_iso8601_utc;
using cwlog::detail::parse_fixed_digits;

TEST(time_format, iso8601_with_0_3_and_6_fraction_digits) {
  const system_clock::time_point t = sys_days{2026y / 11 / 24} + 23h + 41min + 3s + 123456789ns;
  EXPECT_EQ(format_iso8601_utc(t), "2026-11-24T23:41:03Z");
  EXPECT_EQ(format_iso8601_utc(t, 3), "2026-11-24T23:41:03.123Z");
  EXPECT_EQ(format_iso8601_utc(t, 6), "2026-11-24T23:41:03.123456Z");
}

TEST(time_format, before_the_epoch_rounds_down) {
  const system_clock::time_point t = sys_days{1970y / 1 / 1} - 1ms;
  EXPECT_EQ(format_iso8601_utc(t, 3), "1969-12-31T23:59:59.999Z");
}

TEST(time_format, fixed_digits) {
  EXPECT_EQ(parse_fixed_digits("20150830T123600Z", 0, 4), 2015);
  EXPECT_EQ(parse_fixed_digits("20150830T123600Z", 9, 2), 12);
  EXPECT_EQ(parse_fixed_digits("2015", 2, 4), -1);  // too short
  EXPECT_EQ(parse_fixed_digits("20x5", 0, 4), -1);
}
