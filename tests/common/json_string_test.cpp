// The escaping of src/common/json_string against an independent encoder
// (nlohmann::json's dump): every byte value, escapes packed densely and at
// every position of the 16-byte blocks the SIMD loop works in.
#include "common/json_string.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace cwlog::detail {
namespace {

std::string ours(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string theirs(std::string_view s) {
  return nlohmann::json(std::string(s)).dump();
}

TEST(json_string, every_ascii_byte_alone_and_in_a_block) {
  for (int c = 1; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    EXPECT_EQ(ours(one), theirs(one)) << c;
    const std::string block = "abcdefgh" + one + "ijklmnopqrstuvwxyz";
    EXPECT_EQ(ours(block), theirs(block)) << c;
  }
  const std::string nul("a\0b", 3);
  EXPECT_EQ(ours(nul), "\"a\\u0000b\"");
}

TEST(json_string, escapes_at_every_position_of_a_block) {
  for (std::size_t len = 0; len <= 64; ++len)
    for (std::size_t at = 0; at < len; ++at)
      for (const char c : {'"', '\\', '\n', '\x01', '\x1f'}) {
        std::string s(len, 'x');
        s[at] = c;
        ASSERT_EQ(ours(s), theirs(s)) << len << " " << at << " " << int(c);
      }
}

// A JSON document escaped again, as the PutLogEvents body carries a JSON
// event: runs of quotes and backslashes, several to a block.
TEST(json_string, dense_escapes_as_in_an_escaped_json_event) {
  const std::string doc =
      R"({"timestamp":"2026-11-28T01:44:01.123456Z","level":"info","logger":"a\"b","message":"x\\y"})";
  EXPECT_EQ(ours(doc), theirs(doc));
  EXPECT_EQ(ours(ours(doc)), theirs(theirs(doc)));
  EXPECT_EQ(ours(std::string(100, '"')), theirs(std::string(100, '"')));
  EXPECT_EQ(ours(std::string(33, '\\')), theirs(std::string(33, '\\')));
}

TEST(json_string, random_strings_match_an_independent_encoder) {
  std::mt19937 rng(20261128);
  const std::string pieces[] = {"\"", "\\",  "\n",       "\t",           "\x02",
                                "a",  "bcd", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    const auto n = rng() % 80;
    for (std::uint32_t j = 0; j < n; ++j) s += pieces[rng() % std::size(pieces)];
    ASSERT_EQ(ours(s), theirs(s)) << s;
  }
}

TEST(json_string, long_strings_cross_the_chunks) {
  std::string s;
  for (int i = 0; i < 3000; ++i) s += i % 7 == 0 ? "\"\n" : "word ";
  EXPECT_EQ(ours(s), theirs(s));
}

// Escaping twice in one pass is escaping the literal again: the same bytes
// (without the outer quotes) and, returned, the literal's size.
// The pointer form writes the same within the room it asks for: the buffer
// is exactly that large, so a write past it is a heap overflow to ASan.
void expect_twice_matches(std::string_view s) {
  const std::string once = ours(s);
  std::string twice = "prefix";
  const std::size_t size = append_json_string_twice(twice, s);
  EXPECT_EQ(size, once.size()) << s;
  const std::string want = ours(once);
  EXPECT_EQ(twice, "prefix" + want.substr(1, want.size() - 2)) << s;

  const std::size_t room = json_escaped_twice_room(s.size()) + 4;
  const auto buf = std::make_unique<char[]>(room);
  std::size_t once_size = 1;  // added to
  const char* end = write_json_string_twice(buf.get(), s, once_size);
  EXPECT_EQ(once_size, 1 + once.size()) << s;
  EXPECT_EQ(std::string_view(buf.get(), static_cast<std::size_t>(end - buf.get())), twice.substr(6)) << s;
}

// Invalid UTF-8 is repaired first: U+FFFD's three bytes for each bad byte
// stay within the room of seven per byte.
TEST(json_string_twice, invalid_utf8_is_repaired_within_the_room) {
  for (const std::size_t n : {1, 2, 15, 16, 17, 64, 300}) {
    expect_twice_matches(std::string(n, '\xff'));
    expect_twice_matches(std::string(n, '\xc3'));
    expect_twice_matches(std::string(n, '"') + "\xed\xa0\x80");
  }
}

TEST(json_string_twice, every_byte_at_every_position_of_a_block) {
  for (int c = 0; c < 0x100; ++c) expect_twice_matches(std::string(1, static_cast<char>(c)));
  for (std::size_t len = 0; len <= 40; ++len)
    for (std::size_t at = 0; at < len; ++at)
      for (const char c : {'"', '\\', '\n', '\x01', '\x1f', '\xff'}) {
        std::string s(len, 'x');
        s[at] = c;
        expect_twice_matches(s);
      }
}

TEST(json_string_twice, random_strings_and_long_ones) {
  std::mt19937 rng(20261128);
  const std::string pieces[] = {
      "\"", "\\", "\n", "\t", "\x02", "\xc3", "a", "bcd", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    const auto n = rng() % 80;
    for (std::uint32_t j = 0; j < n; ++j) s += pieces[rng() % std::size(pieces)];
    expect_twice_matches(s);
  }
  std::string s;
  for (int i = 0; i < 3000; ++i) s += i % 7 == 0 ? "\"\n\x01" : "word ";
  expect_twice_matches(s);
}

}  // namespace
}  // namespace cwlog::detail
