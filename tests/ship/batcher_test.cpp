// Batching under every PutLogEvents rule: count, bytes with the 26-byte
// overhead, event size (split / truncate on UTF-8 boundaries), 24-hour span,
// chronological order, and empty messages.
#include <gtest/gtest.h>

#include "common/utf8.h"
#include "ship/batcher.h"

namespace cwlog::detail {
namespace {

pending_event ev(std::int64_t ts_ms, std::uint64_t seq, std::string msg) {
  pending_event e;
  e.timestamp_ms = ts_ms;
  e.seq = seq;
  e.message = std::move(msg);
  e.accounted = 10;
  return e;
}

std::size_t aws_bytes(const batch& b) {
  std::size_t n = 0;
  for (const auto& e : b.events) n += e.message.size() + 26;
  return n;
}

TEST(limits, match_the_api_reference) {
  EXPECT_EQ(max_batch_bytes, 1'048'576u);
  EXPECT_EQ(per_event_overhead_bytes, 26u);
  EXPECT_EQ(max_batch_events, 10'000u);
  EXPECT_EQ(max_event_message_bytes, 1'048'550u);
  EXPECT_EQ(max_batch_span, std::chrono::hours(24));
}

TEST(batcher, at_most_10000_events_per_batch) {
  batch_builder b;
  for (std::uint64_t i = 0; i < 25'000; ++i) b.add(ev(1000, i, "m"));
  EXPECT_TRUE(b.full());
  EXPECT_EQ(b.cut().events.size(), 10'000u);
  EXPECT_EQ(b.cut().events.size(), 10'000u);
  EXPECT_EQ(b.cut().events.size(), 5'000u);
  EXPECT_TRUE(b.empty());
}

TEST(batcher, at_most_1048576_bytes_counting_26_per_event) {
  batch_builder b;
  const std::string msg(1000, 'x');
  for (std::uint64_t i = 0; i < 2000; ++i) b.add(ev(1000, i, msg));
  const batch first = b.cut();
  EXPECT_LE(aws_bytes(first), max_batch_bytes);
  EXPECT_EQ(first.bytes, aws_bytes(first));
  // One more event would not fit: the batch is as full as the rule allows.
  EXPECT_GT(aws_bytes(first) + msg.size() + 26, max_batch_bytes);
  EXPECT_EQ(first.events.size(), max_batch_bytes / 1026);
}

TEST(batcher, a_max_size_event_fits_alone) {
  batch_builder b;
  b.add(ev(1, 1, std::string(max_event_message_bytes, 'a')));
  b.add(ev(1, 2, "next"));
  const batch first = b.cut();
  ASSERT_EQ(first.events.size(), 1u);
  EXPECT_EQ(first.bytes, max_batch_bytes);
  EXPECT_EQ(b.cut().events.size(), 1u);
}

TEST(batcher, sorted_by_timestamp_then_acceptance_order) {
  batch_builder b;
  b.add(ev(300, 1, "c"));
  b.add(ev(100, 2, "a"));
  b.add(ev(200, 4, "b2"));
  b.add(ev(200, 3, "b1"));
  const batch out = b.cut();
  ASSERT_EQ(out.events.size(), 4u);
  EXPECT_EQ(out.events[0].message, "a");
  EXPECT_EQ(out.events[1].message, "b1");
  EXPECT_EQ(out.events[2].message, "b2");
  EXPECT_EQ(out.events[3].message, "c");
}

TEST(batcher, never_spans_24_hours) {
  batch_builder b;
  const std::int64_t day = 24LL * 3600 * 1000;
  b.add(ev(0, 1, "a"));
  b.add(ev(day - 1, 2, "b"));
  b.add(ev(day, 3, "c"));
  b.add(ev(day + 5, 4, "d"));
  const batch first = b.cut();
  ASSERT_EQ(first.events.size(), 2u);
  EXPECT_LT(first.events.back().timestamp_ms - first.events.front().timestamp_ms, day);
  const batch second = b.cut();
  EXPECT_EQ(second.events.size(), 2u);
}

TEST(batcher, oldest_enqueued_tracks_pending) {
  batch_builder b(batch_limits{.max_events = 1});
  auto a = ev(1, 1, "a");
  a.enqueued_ns = 50;
  auto c = ev(2, 2, "c");
  c.enqueued_ns = 70;
  b.add(std::move(a));
  b.add(std::move(c));
  EXPECT_EQ(b.oldest_enqueued_ns(), 50);
  b.cut();
  EXPECT_EQ(b.oldest_enqueued_ns(), 70);
}

TEST(make_events, empty_message_gets_a_placeholder) {
  std::vector<pending_event> out;
  make_events("", ev(1, 1, ""), oversize_policy::split, 100, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].message.empty());
}

TEST(make_events, split_into_numbered_parts_on_utf8_boundaries) {
  std::string msg;
  for (int i = 0; i < 40; ++i) msg += "\xE2\x82\xAC";  // 40 x 3-byte euro signs
  std::vector<pending_event> out;
  auto proto = ev(5, 9, "");
  proto.accounted = 100;
  const std::size_t n = make_events(msg, proto, oversize_policy::split, 20, out);
  ASSERT_EQ(n, out.size());
  ASSERT_GT(n, 1u);
  std::string joined;
  std::size_t accounted = 0, weight = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = out[i];
    EXPECT_LE(e.message.size(), 20u);
    EXPECT_TRUE(is_valid_utf8(e.message)) << i;
    const std::string prefix = "[" + std::to_string(i + 1) + "/" + std::to_string(n) + "] ";
    ASSERT_EQ(e.message.rfind(prefix, 0), 0u) << e.message;
    joined += e.message.substr(prefix.size());
    EXPECT_EQ(e.timestamp_ms, 5);
    EXPECT_EQ(e.seq, 9u);
    EXPECT_EQ(e.part, i + 1);
    accounted += e.accounted;
    weight += e.weight;
  }
  EXPECT_EQ(joined, msg);
  EXPECT_EQ(accounted, 100u);  // accounting spread, none lost
  EXPECT_EQ(weight, 1u);       // the record counts once
}

TEST(make_events, split_with_many_parts_keeps_the_limit) {
  std::vector<pending_event> out;
  make_events(std::string(5000, 'z'), ev(1, 1, ""), oversize_policy::split, 20, out);
  EXPECT_GT(out.size(), 99u);  // three-digit part numbers
  for (const auto& e : out) EXPECT_LE(e.message.size(), 20u);
  EXPECT_EQ(out.back().message.rfind("[" + std::to_string(out.size()) + "/", 0), 0u);
}

TEST(make_events, truncate_on_utf8_boundary_with_marker) {
  std::string msg;
  for (int i = 0; i < 100; ++i) msg += "\xC3\xA9";  // 2-byte e-acute
  std::vector<pending_event> out;
  make_events(msg, ev(1, 1, ""), oversize_policy::truncate, 41, out);
  ASSERT_EQ(out.size(), 1u);
  const auto& m = out[0].message;
  EXPECT_LE(m.size(), 41u);
  EXPECT_TRUE(is_valid_utf8(m));
  EXPECT_TRUE(m.ends_with(truncation_marker));
  EXPECT_EQ(m.size(), 40u);  // 13 whole characters (26 bytes) + the 14-byte marker
}

TEST(make_events, real_limit_split_of_a_3mb_message) {
  std::vector<pending_event> out;
  make_events(std::string(3 * 1024 * 1024, 'q'), ev(1, 1, ""), oversize_policy::split,
              max_event_message_bytes, out);
  ASSERT_EQ(out.size(), 4u);
  batch_builder b;
  for (auto& e : out) {
    EXPECT_LE(e.message.size(), max_event_message_bytes);
    b.add(std::move(e));
  }
  std::size_t batches = 0;
  while (!b.empty()) {
    EXPECT_LE(aws_bytes(b.cut()), max_batch_bytes);
    ++batches;
  }
  EXPECT_EQ(batches, 4u);
}

}  // namespace
}  // namespace cwlog::detail
