// The destination table: one destination per (group, stream), and idle
// expiry on the manual clock that never forgets one holding or sending events.
#include <gtest/gtest.h>

#include "ship/destination_table.h"
#include "support/manual_clock.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t one_second_ns = 1'000'000'000;

TEST(destination_table, one_destination_per_group_and_stream) {
  destination_table t({}, 60s);
  const destination_options first, second;
  auto& a = t.use(&first, "g", "s", 10);
  auto& b = t.use(&second, "g", "s2", 10);
  auto& again = t.use(&first, "g", "s", 20);
  EXPECT_EQ(&a, &again);
  EXPECT_NE(&a, &b);
  EXPECT_EQ(a.last_used_ns, 20);
  EXPECT_EQ(a.opts, &first);
  EXPECT_EQ(b.opts, &second);
  // "g\ns" + "" must not collide with "g" + "\ns": names cannot hold '\n'.
  t.use(nullptr, "g", "", 10);
  EXPECT_EQ(t.size(), 3u);
}

// A one-byte message ("x") at timestamp 1, as make_events makes it.
pending_event one_byte_event(std::uint64_t seq) {
  pending_event e;
  e.timestamp_ms = 1;
  e.seq = seq;
  e.message_bytes = 1;
  e.set_wire(R"({"timestamp":1,"message":"x"})");
  return e;
}

TEST(destination_table, a_destination_may_ask_for_smaller_batches_never_larger) {
  destination_table t({}, 60s);
  destination_options small;
  small.max_batch_events = 2;
  small.max_batch_bytes = 3 * (1 + 26);  // three one-byte events, as AWS counts them
  auto& d = t.use(&small, "g", "small", 10);
  for (int i = 0; i < 5; ++i) d.builder.add(one_byte_event(static_cast<std::uint64_t>(i)));
  EXPECT_TRUE(d.builder.full());
  EXPECT_EQ(d.builder.cut().events.size(), 2u);  // the event limit first
  small.max_batch_events = 0;                    // only for destinations made from now on
  auto& bytes_bound = t.use(&small, "g", "bytes", 10);
  for (int i = 0; i < 5; ++i) bytes_bound.builder.add(one_byte_event(static_cast<std::uint64_t>(i)));
  EXPECT_EQ(bytes_bound.builder.cut().events.size(), 3u);
  // Without options (and with 0), the service's limits.
  auto& plain = t.use(nullptr, "g", "plain", 10);
  for (int i = 0; i < 5; ++i) plain.builder.add(one_byte_event(static_cast<std::uint64_t>(i)));
  EXPECT_FALSE(plain.builder.full());
  EXPECT_EQ(plain.builder.cut().events.size(), 5u);
}

TEST(destination_table, idle_destinations_expire_after_the_ttl_busy_ones_never) {
  destination_table t({}, 60s);
  const std::int64_t start = 1000 * one_second_ns;
  t.use(nullptr, "g", "idle", start);
  t.use(nullptr, "g", "busy", start).in_flight = 1;
  t.use(nullptr, "g", "holding", start).builder.add(one_byte_event(1));
  t.use(nullptr, "g", "ready", start).ready.emplace_back();
  t.expire_idle(start + 60 * one_second_ns);  // not yet past the TTL
  EXPECT_EQ(t.size(), 4u);
  t.expire_idle(start + 62 * one_second_ns);
  EXPECT_EQ(t.size(), 3u);
  int idle_left = 0;
  t.for_each([&](destination_state& d) { idle_left += d.stream == "idle"; });
  EXPECT_EQ(idle_left, 0);
}

TEST(destination_table, room_for_one_batch_until_the_stream_exists_then_per_stream) {
  destination_table t({}, 60s);
  auto& d = t.use(nullptr, "g", "s", 0);
  EXPECT_TRUE(d.has_room(4));
  d.in_flight = 1;
  EXPECT_FALSE(d.has_room(4));  // creating the stream: one batch only
  d.stream_ready = true;
  EXPECT_TRUE(d.has_room(4));
  d.in_flight = 4;
  EXPECT_FALSE(d.has_room(4));
  EXPECT_TRUE(d.has_room(5));
}

TEST(destination_table, a_used_destination_is_not_expired) {
  destination_table t({}, 60s);
  const std::int64_t start = 1000 * one_second_ns;
  t.use(nullptr, "g", "s", start);
  t.use(nullptr, "g", "s", start + 59 * one_second_ns);
  t.expire_idle(start + 100 * one_second_ns);
  EXPECT_EQ(t.size(), 1u);
}

}  // namespace
}  // namespace cwlog::detail
