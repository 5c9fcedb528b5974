#include "common/time_format.h"

#include <gtest/gtest.h>

#include <limits>

using namespace std::chrono;
using cwlog::detail::append_iso8601_utc;
using cwlog::detail::format_iso8601_utc;
using cwlog::detail::parse_fixed_digits;
using cwlog::detail::parse_iso8601;

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

TEST(time_format, append_writes_up_to_nine_digits_and_truncates) {
  const auto ns =
      duration_cast<nanoseconds>((sys_days{2026y / 11 / 24} + 23h + 49min + 7s).time_since_epoch()) +
      123456789ns;
  std::string out = "t=";
  append_iso8601_utc(out, ns.count(), 6);
  EXPECT_EQ(out, "t=2026-11-24T23:49:07.123456Z");
  out.clear();
  append_iso8601_utc(out, ns.count(), 9);
  EXPECT_EQ(out, "2026-11-24T23:49:07.123456789Z");
  out.clear();
  append_iso8601_utc(out, (ns + 999'999'999ns - 123456789ns).count(), 0);  // never rounds up a second
  EXPECT_EQ(out, "2026-11-24T23:49:07Z");
}

TEST(time_format, append_covers_the_whole_range_of_64_bit_nanoseconds) {
  std::string out;
  append_iso8601_utc(out, std::numeric_limits<std::int64_t>::min(), 9);
  EXPECT_EQ(out, "1677-09-21T00:12:43.145224192Z");
  out.clear();
  append_iso8601_utc(out, std::numeric_limits<std::int64_t>::max(), 9);
  EXPECT_EQ(out, "2262-04-11T23:47:16.854775807Z");
}

TEST(time_format, parses_the_forms_services_and_log_lines_write) {
  const system_clock::time_point base = sys_days{2026y / 11 / 24} + 23h + 59min + 58s;
  EXPECT_EQ(parse_iso8601("2026-11-24T23:59:58Z"), base);
  EXPECT_EQ(parse_iso8601("2026-11-24t23:59:58z"), base);
  EXPECT_EQ(parse_iso8601("2026-11-24 23:59:58"), base);  // no zone: UTC
  EXPECT_EQ(parse_iso8601("2026-11-24T23:59:58.250Z"), base + 250ms);
  EXPECT_EQ(parse_iso8601("2026-11-24T23:59:58.123456789Z"), base + 123456789ns);
  EXPECT_EQ(parse_iso8601("2026-11-24T23:59:58.1234567891Z"), base + 123456789ns);  // past ns: dropped
  EXPECT_EQ(parse_iso8601("2026-11-25T01:59:58+02:00"), base);
  EXPECT_EQ(parse_iso8601("2026-11-24T22:59:58-0100"), base);
  EXPECT_EQ(parse_iso8601("2026-11-24T23:59:58UTC"), base);
  // What the formatter writes, the parser reads back to the digit.
  const auto t = base + 654321us;
  EXPECT_EQ(parse_iso8601(format_iso8601_utc(t, 6)), t);
}

TEST(time_format, parse_rejects_malformed) {
  for (const char* bad :
       {"", "2026-11-24", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-24T25:00:00Z",
        "2026-11-24T23:59:58Q", "yesterday", "2026-11-24T23:59:58.", "2026-11-24T23:59:58+2",
        "2026-11-24T23:59:58+25:00", "2026-11-24T23:59:58Z junk"}) {
    EXPECT_EQ(parse_iso8601(bad), std::nullopt) << bad;
  }
}
