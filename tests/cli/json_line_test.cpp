// One input line of `cwlog ship` as a record (src/cli/json_line.cpp): JSON
// objects give level, logger, tenant, timestamp and fields; anything else,
// invalid JSON and invalid UTF-8 included, is the message as it came.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "cli/json_line.h"

namespace cwlog::cli {
namespace {

using field = std::variant<std::string, std::int64_t, double, bool>;

// The fields as a map, for order-independent comparisons; fails on duplicates.
std::map<std::string, field> fields_of(const line_record& r) {
  std::map<std::string, field> out;
  for (const auto& [k, v] : r.fields) EXPECT_TRUE(out.emplace(k, v).second) << "duplicate field " << k;
  return out;
}

constexpr std::int64_t jan_15_noon_s = 1'768'478'400;  // 2026-01-15T12:00:00Z
constexpr std::int64_t jan_15_noon_ns = jan_15_noon_s * 1'000'000'000;

TEST(json_line, a_plain_line_is_the_message_with_defaults) {
  const auto r = parse_line("GET /health 200 1ms", "app");
  EXPECT_EQ(r.message, "GET /health 200 1ms");
  EXPECT_EQ(r.lvl, level::info);
  EXPECT_EQ(r.logger, "app");
  EXPECT_FALSE(r.tenant);
  EXPECT_EQ(r.timestamp_ns, 0);  // stamped "now" by the shipper
  EXPECT_TRUE(r.fields.empty());
}

TEST(json_line, a_json_object_gives_every_part_and_its_other_members_as_fields) {
  const auto r = parse_line(
      R"({"level":"error","logger":"api","tenant":"acme","message":"payment failed","timestamp":"2026-01-15T12:00:00Z",)"
      R"("code":502,"ratio":0.25,"retry":false,"user":"u-1","tags":["a","b"],"ctx":{"k":1},"none":null})",
      "default");
  EXPECT_EQ(r.message, "payment failed");
  EXPECT_EQ(r.lvl, level::error);
  EXPECT_EQ(r.logger, "api");
  ASSERT_TRUE(r.tenant);
  EXPECT_EQ(*r.tenant, "acme");
  EXPECT_EQ(r.timestamp_ns, jan_15_noon_ns);
  const auto f = fields_of(r);
  const std::map<std::string, field> expected{
      {"code", std::int64_t{502}}, {"ratio", 0.25},       {"retry", false}, {"user", std::string("u-1")},
      {"tags", R"(["a","b"])"},    {"ctx", R"({"k":1})"}, {"none", "null"}};
  EXPECT_EQ(f, expected);
}

TEST(json_line, other_common_key_names_are_understood_and_the_first_listed_wins) {
  auto r = parse_line(R"({"msg":"m","severity":"WARNING","component":"db","ts":1768478400})", "d");
  EXPECT_EQ(r.message, "m");
  EXPECT_EQ(r.lvl, level::warn);
  EXPECT_EQ(r.logger, "db");
  EXPECT_EQ(r.timestamp_ns, jan_15_noon_ns);
  EXPECT_TRUE(r.fields.empty());
  // "message" before "msg": the other one is an ordinary field.
  r = parse_line(R"({"msg":"second","message":"first","lvl":"debug","@timestamp":"2026-01-15T12:00:00Z"})",
                 "d");
  EXPECT_EQ(r.message, "first");
  EXPECT_EQ(r.lvl, level::debug);
  EXPECT_EQ(r.timestamp_ns, jan_15_noon_ns);
  EXPECT_EQ(fields_of(r), (std::map<std::string, field>{{"msg", std::string("second")}}));
}

TEST(json_line, levels_are_case_insensitive_and_unknown_ones_stay_info_and_a_field) {
  const std::pair<const char*, level> known[] = {
      {"trace", level::trace},  {"DEBUG", level::debug}, {"Info", level::info},        {"warn", level::warn},
      {"warning", level::warn}, {"ERROR", level::error}, {"critical", level::critical}};
  for (const auto& [name, expected] : known) {
    const auto r = parse_line(std::string(R"({"message":"x","level":")") + name + "\"}", "d");
    EXPECT_EQ(r.lvl, expected) << name;
    EXPECT_TRUE(r.fields.empty()) << name;
  }
  for (const std::string name : {"loud", "", "fatal"}) {
    const auto r = parse_line(R"({"message":"x","level":")" + name + "\"}", "d");
    EXPECT_EQ(r.lvl, level::info) << name;
    EXPECT_EQ(fields_of(r), (std::map<std::string, field>{{"level", name}})) << name;
  }
}

// A member named like a part but of a type the part cannot use (pino's
// numeric levels, a numeric tenant id, an unreadable time) is kept as a field,
// not silently dropped.
TEST(json_line, members_of_an_unusable_type_stay_fields) {
  const auto r = parse_line(R"({"message":"x","level":30,"logger":7,"tenant":42,"time":"yesterday"})", "d");
  EXPECT_EQ(r.lvl, level::info);
  EXPECT_EQ(r.logger, "d");
  EXPECT_FALSE(r.tenant);
  EXPECT_EQ(r.timestamp_ns, 0);
  const std::map<std::string, field> expected{{"level", std::int64_t{30}},
                                              {"logger", std::int64_t{7}},
                                              {"tenant", std::int64_t{42}},
                                              {"time", std::string("yesterday")}};
  EXPECT_EQ(fields_of(r), expected);
}

TEST(json_line, epoch_numbers_are_told_apart_by_magnitude) {
  const std::pair<const char*, std::int64_t> cases[] = {
      {"1768478400", jan_15_noon_ns},                          // seconds
      {"1768478400.5", jan_15_noon_ns + 500'000'000},          // seconds with a fraction
      {"1768478400123", jan_15_noon_ns + 123'000'000},         // milliseconds
      {"1768478400123456", jan_15_noon_ns + 123'456'000},      // microseconds
      {"1768478400123456789", jan_15_noon_ns + 123'456'789}};  // nanoseconds, exactly
  for (const auto& [text, expected] : cases) {
    const auto r = parse_line(std::string(R"({"message":"x","ts":)") + text + "}", "d");
    EXPECT_EQ(r.timestamp_ns, expected) << text;
  }
}

TEST(json_line, iso8601_times_with_fractions_and_offsets) {
  const std::pair<const char*, std::int64_t> cases[] = {
      {"2026-01-15T12:00:00Z", jan_15_noon_ns},
      {"2026-01-15T12:00:00.123Z", jan_15_noon_ns + 123'000'000},
      {"2026-01-15T12:00:00.000000001Z", jan_15_noon_ns + 1},
      {"2026-01-15T12:00:00", jan_15_noon_ns},  // no zone: UTC
      {"2026-01-15T14:00:00+02:00", jan_15_noon_ns},
      {"2026-01-15T06:30:00-05:30", jan_15_noon_ns},
      {"2026-01-15 12:00:00", jan_15_noon_ns},  // RFC 3339's space for T (common/time_format's one parser)
      {"2026-01-15T12:00:00+2", 0}};
  for (const auto& [text, expected] : cases) {
    const auto r = parse_line(std::string(R"({"message":"x","time":")") + text + "\"}", "d");
    EXPECT_EQ(r.timestamp_ns, expected) << text;
  }
}

TEST(json_line, without_a_string_message_the_whole_object_is_the_message_and_no_field_repeats_it) {
  const std::string line = R"({"level":"error","tenant":"acme","code":1})";
  auto r = parse_line(line, "d");
  EXPECT_EQ(r.message, line);
  EXPECT_EQ(r.lvl, level::error);
  ASSERT_TRUE(r.tenant);
  EXPECT_EQ(*r.tenant, "acme");
  EXPECT_TRUE(r.fields.empty());
  r = parse_line(R"({"message":{"nested":true}})", "d");
  EXPECT_EQ(r.message, R"({"message":{"nested":true}})");
  EXPECT_TRUE(r.fields.empty());
}

TEST(json_line, invalid_json_is_shipped_as_it_came) {
  for (const std::string line : {R"({"message":"x")", R"({"message":"x"} trailing)", R"({'message':'x'})",
                                 "{", R"([{"message":"x"}])", R"( {"message":"x"})"}) {
    const auto r = parse_line(line, "d");
    EXPECT_EQ(r.message, line);
    EXPECT_EQ(r.lvl, level::info) << line;
    EXPECT_TRUE(r.fields.empty()) << line;
    EXPECT_FALSE(r.tenant) << line;
  }
}

// JSON must be UTF-8: a line with invalid bytes is not a JSON object, and its
// bytes reach the shipper unchanged (which replaces them when it encodes).
TEST(json_line, invalid_utf8_is_not_json_and_keeps_its_bytes) {
  const std::string line = "{\"message\":\"caf\xe9\",\"level\":\"error\"}";
  const auto r = parse_line(line, "d");
  EXPECT_EQ(r.message, line);
  EXPECT_EQ(r.lvl, level::info);
  const std::string plain = "plain \xff\xfe bytes";
  EXPECT_EQ(parse_line(plain, "d").message, plain);
  // Valid UTF-8 and escapes decode.
  EXPECT_EQ(parse_line(R"({"message":"caf\u00e9 \ud83d\ude00"})", "d").message,
            "caf\xc3\xa9 \xf0\x9f\x98\x80");
}

TEST(json_line, view_of_points_into_the_record) {
  const auto r =
      parse_line(R"({"message":"m","tenant":"t","level":"warn","n":3,"s":"v","ts":1768478400})", "lg");
  std::vector<field_view> storage;
  const auto v = view_of(r, storage);
  EXPECT_EQ(v.message, "m");
  EXPECT_EQ(v.logger, "lg");
  EXPECT_EQ(v.lvl, level::warn);
  EXPECT_EQ(v.timestamp_ns, jan_15_noon_ns);
  ASSERT_TRUE(v.tenant);
  EXPECT_EQ(*v.tenant, "t");
  ASSERT_EQ(v.fields.size(), 2u);
  std::map<std::string, field_value> got;
  for (const auto& f : v.fields) got.emplace(std::string(f.key), f.value);
  EXPECT_EQ(std::get<std::int64_t>(got.at("n")), 3);
  EXPECT_EQ(std::get<std::string_view>(got.at("s")), "v");
  // The string views are the record's own bytes, not copies.
  for (const auto& [k, value] : r.fields) {
    if (k == "s") {
      EXPECT_EQ(std::get<std::string_view>(got.at("s")).data(), std::get<std::string>(value).data());
    }
  }
}

}  // namespace
}  // namespace cwlog::cli
