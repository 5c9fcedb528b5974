// The fast PutLogEvents body reader (src/local/put_request.h) called directly,
// in its two modes: put_messages::content unescapes every message,
// put_messages::sizes_only only counts its bytes (cwlog local --discard). The
// sizes must agree, and sizes-only mode must refuse every body content mode
// refuses (and those with \u escapes, which it does not count): the general
// path then answers them. Over HTTP: local_put_body_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "local/json_unescaped_size.h"
#include "local/put_request.h"

namespace cwlog::test {
namespace {

using detail::put_messages;

// What one read gave, copied out: the request's views die at the next read.
struct read_events {
  std::vector<std::size_t> sizes;
  std::vector<std::string> messages;
};

// A body whose events carry `messages` (raw JSON tokens, spliced in as they are).
std::string body_of(const std::vector<std::string>& messages) {
  std::string body = R"({"logGroupName":"g","logStreamName":"s","logEvents":[)";
  for (std::size_t i = 0; i < messages.size(); ++i)
    body += (i ? "," : "") + std::string(R"({"timestamp":)") + std::to_string(i) + R"(,"message":)" +
            messages[i] + "}";
  return body + "]}";
}

std::optional<read_events> read_fast(std::string body, put_messages mode) {
  detail::put_request r;
  if (!detail::read_put_body(body, r, mode)) return std::nullopt;
  EXPECT_EQ(r.messages, mode);
  read_events out;
  for (const auto& e : r.events) {
    out.sizes.push_back(e.message_bytes);
    out.messages.emplace_back(e.message);
  }
  return out;
}

// The size of a message token after unescaping, by nlohmann (the general path's parser).
std::size_t unescaped_size(const std::string& token) {
  return nlohmann::json::parse(token).get<std::string>().size();
}

TEST(PutBodyReader, SizesOnlyCountsWhatContentModeUnescapes) {
  // The shipper's messages: JSON documents, escaped inside the body.
  const nlohmann::json record = {{"level", "INFO"},
                                 {"msg", "order \"42\" placed for acme/eu"},
                                 {"path", "C:\\tmp\\x"},
                                 {"text", "\xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 line\nnext\ttab"},
                                 {"fields", {{"latency_ms", 12.5}, {"ok", true}}}};
  const std::vector<std::string> messages = {
      R"("q\" b\\ s\/ b\b f\f n\n r\r t\t")",
      R"("\"\\\/\b\f\n\r\t")",                                     // escapes only
      "\"\xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 \xe4\xb8\xad \x7f\"",  // multi-byte UTF-8 (and DEL) as it is
      nlohmann::json(record.dump()).dump(),
      R"("\\")",  // one byte: a backslash
      R"("\"")",  // one byte: a quote
      R"("x")",
      "\"spaced\" \n\t ",  // whitespace before the next token, which the raw token includes
  };
  const std::string body = body_of(messages);
  const auto content = read_fast(body, put_messages::content);
  const auto sizes = read_fast(body, put_messages::sizes_only);
  ASSERT_TRUE(content);
  ASSERT_TRUE(sizes);
  ASSERT_EQ(content->sizes.size(), messages.size());
  EXPECT_EQ(sizes->sizes, content->sizes);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(content->sizes[i], unescaped_size(messages[i])) << messages[i];
    EXPECT_EQ(content->messages[i].size(), content->sizes[i]) << messages[i];
    EXPECT_TRUE(sizes->messages[i].empty()) << messages[i];
  }
  EXPECT_EQ(sizes->sizes[0], 23u);
  EXPECT_EQ(sizes->sizes[1], 8u);
  EXPECT_EQ(sizes->sizes[2], 16u);
  EXPECT_EQ(sizes->sizes[3], record.dump().size());
  EXPECT_EQ(sizes->sizes[4], 1u);
  EXPECT_EQ(sizes->sizes[5], 1u);
  EXPECT_EQ(sizes->sizes[7], 6u);
}

TEST(PutBodyReader, SizesOnlyLeavesOtherEscapesToTheGeneralPath) {
  // Valid \u escapes: content mode reads them, sizes-only mode leaves them.
  for (const std::string message : {R"("\u00e9t\u00e9")", R"("\ud83d\ude00")", R"("nul \u0000")",
                                    R"("a\u0022")", R"("last \\ then \u0041")"}) {
    EXPECT_TRUE(read_fast(body_of({message}), put_messages::content)) << message;
    EXPECT_FALSE(read_fast(body_of({message}), put_messages::sizes_only)) << message;
    // Among other events too: the whole body goes to the general path.
    EXPECT_FALSE(read_fast(body_of({R"("x")", message, R"("y")"}), put_messages::sizes_only)) << message;
  }
  // Invalid escapes: refused in both modes (the general path reports them).
  for (const std::string message : {R"("bad \x41")", R"("bad \')", R"("bad \U0041")", R"("bad \a")",
                                    "\"bad \\\xc3\xa9\"", R"("bad \u12")", R"("bad \ud800")"}) {
    EXPECT_FALSE(read_fast(body_of({message}), put_messages::content)) << message;
    EXPECT_FALSE(read_fast(body_of({message}), put_messages::sizes_only)) << message;
  }
}

TEST(PutBodyReader, SizesOnlyIsAsStrictAsContentMode) {
  // Raw control characters and invalid UTF-8 inside a message: simdjson's
  // stage 1 refuses the document before any message is read.
  for (const std::string& message :
       std::vector<std::string>{"\"raw\x01control\"", "\"raw\ttab\"", "\"raw\nnewline\"", "\"bad \xc3 utf8\"",
                                "\"overlong \xc0\xaf\"", "\"surrogate \xed\xa0\x80\"",
                                "\"past \xf4\x90\x80\x80\"", std::string("\"nul \0 byte\"", 12)}) {
    EXPECT_FALSE(read_fast(body_of({message}), put_messages::content)) << message;
    EXPECT_FALSE(read_fast(body_of({message}), put_messages::sizes_only)) << message;
  }
  // Not a string of at least one byte: the model's error.
  for (const std::string message :
       {R"("")", "7", "null", "true", R"(["x"])", R"({"a":"x"})", R"("x" "y")", R"("x"y)", R"("unclosed)"}) {
    EXPECT_FALSE(read_fast(body_of({message}), put_messages::content)) << message;
    EXPECT_FALSE(read_fast(body_of({message}), put_messages::sizes_only)) << message;
  }
  // A message after the timestamp, or before it, or last in a body followed by nothing.
  const std::string body =
      R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"message":"a\"b","timestamp":1}]})";
  ASSERT_TRUE(read_fast(body, put_messages::sizes_only));
  EXPECT_EQ(read_fast(body, put_messages::sizes_only)->sizes, std::vector<std::size_t>{3});
  EXPECT_FALSE(read_fast(body + " x", put_messages::sizes_only));
  EXPECT_FALSE(read_fast(body.substr(0, body.size() - 3), put_messages::sizes_only));
}

// What follows a message where a comma or the event's end belongs: both
// modes refuse it (sizes-only mode used to step over it: a fuzz campaign's
// finding, in tests/fuzz/regressions/put_log_events_body too).
TEST(PutBodyReader, SizesOnlyRefusesWhatFollowsAMessageOutOfPlace) {
  for (const std::string event :
       {R"({"message":"a" : 1} ,"timestamp":2})", R"({"message":"a" : "g"x} ,"timestamp":2})",
        R"({"message":"a" : "b","timestamp":2})", R"({"timestamp":2,"message":"a" : 1})"}) {
    const std::string body = R"({"logGroupName":"g","logStreamName":"s","logEvents":[)" + event + "]}";
    EXPECT_FALSE(read_fast(body, put_messages::content)) << event;
    EXPECT_FALSE(read_fast(body, put_messages::sizes_only)) << event;
  }
}

// The two counters of json_unescaped_size.h against the sizes of random
// strings built from pieces of known unescaped size: simple escapes, runs of
// backslashes, UTF-8, JSON as the shipper's messages carry it, and escapes
// the counters refuse; of every length around the SSE2 counter's 64-byte
// blocks. Accepted strings are checked against nlohmann's unescaping too.
TEST(PutBodyReader, UnescapedSizeAgreesWithUnescaping) {
  struct piece {
    const char* text;
    int bytes;  // unescaped; -1: an escape the counters refuse
  };
  const piece pieces[] = {{"a", 1},
                          {"u", 1},
                          {"\\\"", 1},
                          {"\\\\", 1},
                          {"\\/", 1},
                          {"\\b", 1},
                          {"\\f", 1},
                          {"\\n", 1},
                          {"\\r", 1},
                          {"\\t", 1},
                          {"\\\\\\\\", 2},
                          {"\xc3\xa9", 2},
                          {"\xf0\x9f\x98\x80", 4},
                          {"{\\\"k\\\":\\\"v\\\"}", 9},
                          {"\\u00e9", -1},
                          {"\\x", -1},
                          {"\\u", -1},
                          {"\\\xc3\xa9", -1}};
  const auto kernels = detail::json_unescaped_size_kernels();
  ASSERT_FALSE(kernels.empty());
  std::mt19937 rng(20261128);
  for (int round = 0; round < 20'000; ++round) {
    std::string content;
    std::size_t expected = 0;
    bool refused = false;
    const std::size_t length = rng() % 200;
    while (content.size() < length) {
      const piece& p = pieces[rng() % std::size(pieces)];
      content += p.text;
      if (p.bytes < 0) refused = true;
      expected += static_cast<std::size_t>(std::max(p.bytes, 0));
    }
    std::size_t fast = 0, bytewise = 0;
    ASSERT_EQ(detail::json_unescaped_size(content, fast), !refused) << content;
    ASSERT_EQ(detail::json_unescaped_size_bytewise(content, bytewise), !refused) << content;
    for (const auto& kernel : kernels) {
      std::size_t size = 0;
      ASSERT_EQ(kernel.unescaped_size(content, size), !refused) << kernel.name << ": " << content;
      if (!refused) {
        EXPECT_EQ(size, expected) << kernel.name << ": " << content;
      }
    }
    if (refused) continue;
    EXPECT_EQ(fast, expected) << content;
    EXPECT_EQ(bytewise, expected) << content;
    EXPECT_EQ(nlohmann::json::parse("\"" + content + "\"").get<std::string>().size(), expected) << content;
  }
  // A trailing backslash (which would escape the closing quote), at and
  // around a block's end; the SSE2 counter's blocks start at the first backslash.
  for (const std::string& start : {std::string(), std::string("\\n")}) {
    for (const std::size_t n : {0u, 1u, 61u, 62u, 63u, 64u, 65u, 125u, 126u, 127u, 128u}) {
      std::size_t size = 0;
      const std::string content = start + std::string(n, 'a') + "\\";
      EXPECT_FALSE(detail::json_unescaped_size(content, size)) << content;
      EXPECT_FALSE(detail::json_unescaped_size_bytewise(content, size)) << content;
      for (const auto& kernel : kernels) EXPECT_FALSE(kernel.unescaped_size(content, size)) << kernel.name;
      EXPECT_TRUE(detail::json_unescaped_size(content + "\\", size)) << content;
      EXPECT_EQ(size, start.size() / 2 + n + 1) << content;
    }
  }
}

// Every byte after a backslash, at every place in a block and across a
// block's end: each counter this CPU runs (the SIMD ones find the bytes that
// may follow a backslash by lookup) answers as the bytewise one does.
TEST(PutBodyReader, EveryCounterJudgesEveryByteAfterABackslash) {
  const auto kernels = detail::json_unescaped_size_kernels();
  for (int c = 0; c < 256; ++c) {
    for (const std::size_t before : {0u, 1u, 5u, 30u, 31u, 32u, 62u, 63u, 64u, 100u}) {
      const std::string content = "\\n" + std::string(before, 'a') + "\\" + static_cast<char>(c) + "xyz";
      std::size_t reference = 0;
      const bool accepted = detail::json_unescaped_size_bytewise(content, reference);
      for (const auto& kernel : kernels) {
        std::size_t size = 0;
        ASSERT_EQ(kernel.unescaped_size(content, size), accepted) << kernel.name << " byte " << c;
        if (accepted) {
          EXPECT_EQ(size, reference) << kernel.name << " byte " << c;
        }
      }
    }
  }
}

}  // namespace
}  // namespace cwlog::test
