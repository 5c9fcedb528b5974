// The one PutLogEvents encoder: what it writes is the JSON the service model
// describes, parsed back by an independent parser (nlohmann).
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "logs/put_log_events_body.h"

namespace cwlog::detail {
namespace {

using json = nlohmann::json;

TEST(put_log_events_body_test, writes_group_stream_and_events_in_order) {
  put_log_events_body body("g/x", "s:1", 2, 32);
  body.add_valid(1000, "a \"quoted\"\nline\twith \\ and \x01");
  body.add_valid(-5, "caf\xC3\xA9");
  const auto j = json::parse(std::move(body).finish().json);
  EXPECT_EQ(j, json::parse(R"({"logGroupName":"g/x","logStreamName":"s:1","logEvents":[
      {"timestamp":1000,"message":"a \"quoted\"\nline\twith \\ and \u0001"},
      {"timestamp":-5,"message":"café"}]})"));
}

// The escaper scans 16 bytes at a time and writes in chunks of 4 KiB: every
// byte that needs escaping (and a few that do not), at every position of a
// block and across a chunk's end, must read back as it was.
TEST(put_log_events_body_test, every_escaped_byte_at_every_offset_reads_back) {
  std::vector<std::string> specials = {"\"", "\\", "/", "\x7f", "\xc3\xa9"};
  for (char c = 0; c < 0x20; ++c) specials.emplace_back(1, c);
  std::vector<std::string> messages;
  for (const auto& c : specials)
    for (std::size_t at = 0; at < 40; ++at)
      messages.push_back(std::string(at, 'x') + c + std::string(39 - at, 'x'));
  for (std::size_t at = 4090; at < 4100; ++at) {
    std::string m(8200, 'y');
    m[at] = '"';
    m[at + 4096] = '\n';
    messages.push_back(m);
  }
  put_log_events_body body("g", "s", 2 * messages.size(), 0);  // no room reserved: the escaper grows the body
  for (const auto& m : messages) {  // both ways in: repairing (add) and valid (add_valid)
    body.add(1, m);
    body.add_valid(2, m);
  }
  const auto j = json::parse(std::move(body).finish().json);
  ASSERT_EQ(j["logEvents"].size(), 2 * messages.size());
  for (std::size_t i = 0; i < 2 * messages.size(); ++i) {
    EXPECT_EQ(j["logEvents"][i]["message"], messages[i / 2]) << i;
    EXPECT_EQ(j["logEvents"][i]["timestamp"], 1 + i % 2) << i;
  }
}

// The shipper's path: each event written alone in its wire form (small
// messages in one write, large ones in chunks), then framed around runs of
// them as they lie (put_log_events_around): the first two joined by their
// comma as in a batch's buffer, the others alone.
TEST(put_log_events_body_test, events_in_wire_form_are_framed_where_they_lie) {
  const std::vector<std::string> messages = {"plain", "a \"quoted\"\nline \\ \x01",
                                             std::string(5000, 'q') + "\"end", "caf\xC3\xA9"};
  std::vector<std::string> wire;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    std::string w;
    append_put_log_event(w, 1700000000000 + static_cast<std::int64_t>(i), messages[i]);
    EXPECT_EQ(json::parse(w),
              (json{{"timestamp", 1700000000000 + static_cast<std::int64_t>(i)}, {"message", messages[i]}}));
    wire.push_back(std::move(w));
  }
  const std::string first_two = wire[0] + "," + wire[1];
  const std::vector<std::string_view> runs = {first_two, wire[2], wire[3]};
  const auto payload = put_log_events_around("g\"", "s", runs);
  std::string body = payload.json;
  for (const auto piece : payload.pieces) body += piece;
  const auto j = json::parse(body);
  EXPECT_EQ(j["logGroupName"], "g\"");
  EXPECT_EQ(j["logStreamName"], "s");
  ASSERT_EQ(j["logEvents"].size(), messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) EXPECT_EQ(j["logEvents"][i]["message"], messages[i]) << i;

  const auto none = put_log_events_around("g", "s", {});
  std::string empty = none.json;
  for (const auto piece : none.pieces) empty += piece;
  EXPECT_EQ(json::parse(empty)["logEvents"], json::array());
}

// The event's head, written once per millisecond and copied after: each
// write of a sequence that repeats, alternates and jumps (extremes included)
// is the event of its own timestamp, through both writers.
TEST(put_log_events_body_test, event_heads_follow_each_timestamp) {
  const std::int64_t stamps[] = {1700000000000,
                                 1700000000000,
                                 1700000000001,
                                 1700000000000,
                                 0,
                                 -1,
                                 std::numeric_limits<std::int64_t>::min(),
                                 std::numeric_limits<std::int64_t>::max(),
                                 7,
                                 7,
                                 1700000000001};
  for (const std::int64_t ts : stamps) {
    char room[put_log_event_open_room + 16];
    std::memset(room, 'x', sizeof room);
    char* end = put_log_event_open(room, ts);
    std::string event(room, end);
    event += "m";
    event += put_log_event_close;
    EXPECT_EQ(json::parse(event), (json{{"timestamp", ts}, {"message", "m"}})) << ts;
    EXPECT_EQ(room[put_log_event_open_room], 'x') << "nothing written past the room";
    std::string appended;
    append_put_log_event(appended, ts, "m");
    EXPECT_EQ(appended, event) << ts;
  }
}

TEST(put_log_events_body_test, no_events_is_an_empty_array) {
  const auto j = json::parse(put_log_events_body("g", "s", 0, 0).finish().json);
  EXPECT_EQ(j["logEvents"], json::array());
  EXPECT_FALSE(j.contains("sequenceToken"));
}

TEST(put_log_events_body_test, add_repairs_invalid_utf8_and_the_names_are_repaired_too) {
  put_log_events_body body("g\xff", "s", 1, 8);
  body.add(1, "bad \xff\xfe bytes");
  const auto j = json::parse(std::move(body).finish().json);
  EXPECT_EQ(j["logGroupName"], "g\xEF\xBF\xBD");
  EXPECT_EQ(j["logEvents"][0]["message"], "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

TEST(put_log_events_body_test, typed_request_with_a_sequence_token) {
  const auto j = json::parse(encode_put_log_events({"g", "s", {{1, "x"}, {2, "y"}}, "49"}).json);
  EXPECT_EQ(j, json::parse(R"({"logGroupName":"g","logStreamName":"s","sequenceToken":"49",
      "logEvents":[{"timestamp":1,"message":"x"},{"timestamp":2,"message":"y"}]})"));
}

}  // namespace
}  // namespace cwlog::detail
