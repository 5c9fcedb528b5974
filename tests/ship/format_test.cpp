// Formatters and the record codec: JSON escaping, invalid UTF-8, fields,
// plain patterns, and the caller-side encoding round trip.
#include <gtest/gtest.h>

#include <cwlog/error.h>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/time_format.h"
#include "common/utf8.h"
#include "logs/put_log_events_body.h"
#include "ship/format_json.h"
#include "ship/format_plain.h"
#include "ship/record_codec.h"

namespace cwlog::detail {
namespace {

constexpr std::int64_t t0 = 1'764'028'147'123'456'789;  // 2025-11-24T23:49:07.123456789Z

record_view sample(std::string_view msg, std::span<const field_view> fields = {}) {
  record_view r;
  r.timestamp_ns = t0;
  r.lvl = level::warn;
  r.logger = "api.http";
  r.message = msg;
  r.fields = fields;
  return r;
}

TEST(utf8, valid_and_invalid) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(utf8, repair_replaces_each_maximal_subpart) {
  std::string out;
  append_utf8_repaired(out,
                       "a\xFF"
                       "b\xE2\x82"
                       "c\xC3\xA9");
  EXPECT_EQ(out,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xC3\xA9");
  EXPECT_TRUE(is_valid_utf8(out));
}

// Long ASCII runs are skipped a word at a time: bytes to repair before, on
// and after a word's edge, and valid text of every length, come out right.
TEST(utf8, repair_finds_invalid_bytes_anywhere_in_long_ascii_runs) {
  for (std::size_t at = 0; at < 40; ++at) {
    std::string in(40, 'a');
    in[at] = '\xFF';
    std::string out;
    append_utf8_repaired(out, in);
    EXPECT_EQ(out, in.substr(0, at) + "\xEF\xBF\xBD" + in.substr(at + 1)) << at;
    EXPECT_FALSE(is_valid_utf8(in)) << at;
    const std::string valid = in.substr(0, at) + "\xC3\xA9" + in.substr(at + 1);
    out.clear();
    append_utf8_repaired(out, valid);
    EXPECT_EQ(out, valid) << at;
    EXPECT_TRUE(is_valid_utf8(valid)) << at;
  }
}

TEST(utf8, prefix_length_stops_on_code_point_boundary) {
  const std::string s =
      "ab\xE2\x82\xAC"
      "cd";  // a b € c d
  EXPECT_EQ(utf8_prefix_length(s, 2), 2u);
  EXPECT_EQ(utf8_prefix_length(s, 3), 2u);
  EXPECT_EQ(utf8_prefix_length(s, 4), 2u);
  EXPECT_EQ(utf8_prefix_length(s, 5), 5u);
  EXPECT_EQ(utf8_prefix_length(s, 100), s.size());
}

// The date and time of day are cached per second: every timestamp, in turn
// across second, day and year boundaries, before 1970 and back to a second
// seen before, and at the ends of the range, reads as the one ISO 8601 writer writes it.
TEST(format_json, timestamps_across_seconds_match_the_iso8601_writer) {
  constexpr std::int64_t s = 1'000'000'000;
  const std::int64_t times[] = {t0,
                                t0 + 1,
                                t0 + s,
                                1'767'225'599 * s + 999'999'999,  // 2025-12-31T23:59:59.999999Z
                                1'767'225'600 * s,                // 2026-01-01T00:00:00.000000Z
                                0,
                                999,
                                -1,
                                -s - 1,
                                t0,
                                std::numeric_limits<std::int64_t>::max(),  // 2262-04-11T23:47:16.854775Z
                                std::numeric_limits<std::int64_t>::min()};
  for (const auto ns : times) {
    record_view r = sample("m");
    r.timestamp_ns = ns;
    std::string out, want;
    format_json(r, out);
    append_iso8601_utc(want, ns, 6);
    EXPECT_EQ(nlohmann::json::parse(out)["timestamp"], want) << ns;
  }
}

TEST(format_json, one_object_with_every_fixed_key_and_fields) {
  const field_view fields[] = {{"order_id", std::int64_t{42}},
                               {"ratio", 0.5},
                               {"ok", true},
                               {"user", std::string_view("bob")},
                               {"message", std::string_view("collides")}};
  record_view r = sample("hello \"world\"\n\ttab\\", fields);
  r.tenant = "acme";
  std::string out;
  format_json(r, out);
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["timestamp"], "2025-11-24T23:49:07.123456Z");
  EXPECT_EQ(j["level"], "warn");
  EXPECT_EQ(j["logger"], "api.http");
  EXPECT_EQ(j["message"], "hello \"world\"\n\ttab\\");
  EXPECT_EQ(j["tenant"], "acme");
  EXPECT_EQ(j["order_id"], 42);
  EXPECT_DOUBLE_EQ(j["ratio"].get<double>(), 0.5);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["user"], "bob");
  EXPECT_EQ(j["field.message"], "collides");
}

// The dispatcher's one-pass event is the PutLogEvents event of the object:
// escapes, invalid UTF-8, every optional key, fields of every type,
// timestamps before 1970.
TEST(format_json, event_written_escaped_is_the_event_of_the_object) {
  const field_view fields[] = {{"order_id", std::int64_t{-42}},
                               {"ratio", 0.5},
                               {"inf", std::numeric_limits<double>::infinity()},
                               {"big", std::uint64_t{18'000'000'000'000'000'000u}},
                               {"ok", true},
                               {"no", false},
                               {"user \"q\"", std::string_view("b\\o\nb\x01")},
                               {"level", std::string_view("collides")}};
  record_view full = sample("hello \"world\"\n\ttab\\ \xff\xfe caf\xc3\xa9", fields);
  full.tenant = "acme\"\n";
  full.source = {"src/a\"b.cpp", "void f(\"x\")", 42};
  record_view early = sample("m");
  early.timestamp_ns = -1'500'000'001;
  const std::string bad(50, '\xff');  // repaired: three bytes each
  record_view repaired = sample(bad, fields);
  repaired.logger = bad;
  repaired.tenant = bad;
  for (const record_view& r : {sample(""), sample("plain"), full, early, repaired}) {
    for (const std::int64_t ms : {std::int64_t{1234}, std::numeric_limits<std::int64_t>::min()}) {
      std::string text, want, got = "prefix";
      format_json(r, text);
      append_put_log_event(want, ms, text);
      EXPECT_EQ(append_json_event(got, ms, r), text.size()) << text;
      EXPECT_EQ(got, "prefix" + want) << text;
      // At a pointer, in exactly the room it asks for (a write past it is a
      // heap overflow to ASan).
      const std::size_t room = json_event_room(r);
      const auto buf = std::make_unique<char[]>(room);
      std::size_t bytes = 0;
      const char* end = write_json_event(buf.get(), ms, r, bytes);
      EXPECT_EQ(bytes, text.size());
      EXPECT_EQ(std::string_view(buf.get(), static_cast<std::size_t>(end - buf.get())), want);
    }
  }
}

TEST(format_json, no_tenant_key_without_tenant) {
  std::string out;
  format_json(sample("x"), out);
  EXPECT_FALSE(nlohmann::json::parse(out).contains("tenant"));
}

TEST(format_json, control_characters_are_escaped) {
  std::string out;
  format_json(sample(std::string_view("a\x01z\x1f", 4)), out);
  EXPECT_NE(out.find("a\\u0001z\\u001f"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(out)["message"], std::string("a\x01z\x1f"));
}

TEST(format_json, invalid_utf8_becomes_replacement_character) {
  const field_view fields[] = {{"bad\xC3", std::string_view("v\xFF")}};
  std::string out;
  format_json(sample("caf\xE9", fields), out);
  ASSERT_TRUE(is_valid_utf8(out));
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["message"], "caf\xEF\xBF\xBD");
  EXPECT_EQ(j["bad\xEF\xBF\xBD"], "v\xEF\xBF\xBD");
}

TEST(format_json, non_finite_doubles_are_null) {
  const field_view fields[] = {{"nan", std::numeric_limits<double>::quiet_NaN()},
                               {"inf", std::numeric_limits<double>::infinity()}};
  std::string out;
  format_json(sample("x", fields), out);
  const auto j = nlohmann::json::parse(out);
  EXPECT_TRUE(j["nan"].is_null());
  EXPECT_TRUE(j["inf"].is_null());
}

TEST(format_json, empty_message_is_still_an_object) {
  std::string out;
  format_json(sample(""), out);
  EXPECT_EQ(nlohmann::json::parse(out)["message"], "");
}

TEST(format_plain, pattern_placeholders) {
  const field_view fields[] = {{"k", std::int64_t{1}}, {"s", std::string_view("two words")}};
  record_view r = sample("msg", fields);
  r.tenant = "acme";
  plain_formatter f("{time} {level} [{logger}] {tenant}: {message} {fields} {{literal}}");
  std::string out;
  f.format(r, out);
  EXPECT_EQ(out, "2025-11-24T23:49:07.123456Z warn [api.http] acme: msg k=1 s=\"two words\" {literal}");
}

TEST(format_plain, repairs_invalid_utf8) {
  plain_formatter f("{message}");
  std::string out;
  f.format(sample("x\xFFy"), out);
  EXPECT_EQ(out, "x\xEF\xBF\xBDy");
}

// The pattern's literals are repaired once, so every message is valid UTF-8
// (the dispatcher sends it without checking again).
TEST(format_plain, repairs_invalid_utf8_in_the_pattern_once) {
  plain_formatter f("\xFF[{logger}]\xE2\x82 {message}");
  std::string out;
  f.format(sample("msg"), out);
  EXPECT_EQ(out, "\xEF\xBF\xBD[api.http]\xEF\xBF\xBD msg");
  EXPECT_TRUE(is_valid_utf8(out));
}

TEST(format_plain, rejects_unknown_placeholder_and_unclosed_brace) {
  EXPECT_THROW(plain_formatter("{nope}"), cwlog::error);
  EXPECT_THROW(plain_formatter("{message"), cwlog::error);
}

TEST(record_codec, round_trip_keeps_everything) {
  const field_view fields[] = {
      {"i", std::int64_t{-7}}, {"d", 2.25}, {"b", false}, {"s", std::string_view("str")}};
  record_view r = sample("the message", fields);
  r.tenant = "";  // an empty tenant is a tenant
  std::string buf;
  encode_record(r, buf);
  EXPECT_EQ(buf.size(), encoded_size(r));
  decoded_record d;
  ASSERT_TRUE(d.decode(buf));
  const auto& v = d.view();
  EXPECT_EQ(v.timestamp_ns, t0);
  EXPECT_EQ(v.lvl, level::warn);
  EXPECT_EQ(v.logger, "api.http");
  EXPECT_EQ(v.message, "the message");
  ASSERT_TRUE(v.tenant.has_value());
  EXPECT_EQ(*v.tenant, "");
  ASSERT_EQ(v.fields.size(), 4u);
  EXPECT_EQ(std::get<std::int64_t>(v.fields[0].value), -7);
  EXPECT_EQ(std::get<double>(v.fields[1].value), 2.25);
  EXPECT_EQ(std::get<bool>(v.fields[2].value), false);
  EXPECT_EQ(std::get<std::string_view>(v.fields[3].value), "str");
  EXPECT_EQ(v.fields[3].key, "s");
}

TEST(record_codec, unsigned_fields_and_source_location) {
  const field_view fields[] = {{"u", std::numeric_limits<std::uint64_t>::max()}};
  record_view r = sample("m", fields);
  r.source = {"src/api.cpp", "void place()", 42};
  std::string buf;
  encode_record(r, buf);
  decoded_record d;
  ASSERT_TRUE(d.decode(buf));
  EXPECT_EQ(std::get<std::uint64_t>(d.view().fields[0].value), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(d.view().source.file, "src/api.cpp");
  EXPECT_EQ(d.view().source.function, "void place()");
  EXPECT_EQ(d.view().source.line, 42u);
  std::string json;
  format_json(d.view(), json);
  const auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["u"].get<std::uint64_t>(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(j["source"]["file"], "src/api.cpp");
  EXPECT_EQ(j["source"]["line"], 42);
}

// The caller stores the format string and the arguments; the message is
// formatted only when the background thread decodes the record.
TEST(record_codec, deferred_arguments_are_formatted_when_decoded) {
  deferred_arg args[3];
  args[0].kind = deferred_kind::signed_integer;
  args[0].i = 42;
  args[1].kind = deferred_kind::string;
  args[1].s = "acme";
  args[2].kind = deferred_kind::duration;
  args[2].period = chrono_period::milliseconds;
  args[2].i = 150;
  std::string buf;
  encode_record(sample("order {} for {} in {}"), buf, 0, args);
  EXPECT_EQ(buf.size(), encoded_size(sample("order {} for {} in {}"), args));
  EXPECT_NE(buf.find("order {} for {} in {}"), std::string::npos);  // not formatted on the caller
  EXPECT_EQ(buf.find("order 42"), std::string::npos);
  decoded_record d;
  ASSERT_TRUE(d.decode(buf));
  EXPECT_EQ(d.view().message, "order 42 for acme in 150ms");
  buf.pop_back();
  EXPECT_FALSE(d.decode(buf));
}

TEST(record_codec, a_format_error_keeps_the_format_string) {
  deferred_arg arg;
  arg.kind = deferred_kind::string;
  arg.s = "x";
  const deferred_arg args[] = {arg};
  std::string buf;
  encode_record(sample("{:d}"), buf, 0, args);  // only a compile-time check prevents this
  decoded_record d;
  ASSERT_TRUE(d.decode(buf));
  EXPECT_EQ(d.view().message.substr(0, 20), "{:d} [format error: ");
}

TEST(record_codec, no_tenant_and_truncated_buffer) {
  std::string buf;
  encode_record(sample("m"), buf);
  decoded_record d;
  ASSERT_TRUE(d.decode(buf));
  EXPECT_FALSE(d.view().tenant.has_value());
  buf.pop_back();
  EXPECT_FALSE(d.decode(buf));
}

}  // namespace
}  // namespace cwlog::detail
