// The bounded, tenant-fair queue: byte bound, each overflow policy, drop
// counting, per-tenant accounting, and the 50x fairness scenario.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "ship/record_queue.h"
#include "support/manual_clock.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t payload = 400;
constexpr std::size_t cost = payload + record_queue::record_overhead;

std::string blob(char c = 'x') {
  return std::string(payload, c);
}

std::size_t drain_all(record_queue& q, std::vector<queued_record>& out) {
  return q.drain(out, 0ms);
}

void release_all(record_queue& q, std::vector<queued_record>& recs) {
  for (auto& r : recs) q.release(r.lane, r.accounted);
  recs.clear();
}

TEST(record_queue, never_holds_more_than_capacity) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(10 * cost, overflow_policy::drop_newest, 0ms, clock, drops);
  for (int i = 0; i < 100; ++i) {
    q.push(std::nullopt, blob(), 0);
    EXPECT_LE(q.bytes(), q.capacity());
  }
  EXPECT_EQ(q.enqueued(), 10u);
  EXPECT_EQ(drops.get(drop_reason::queue_full), 90u);
}

TEST(record_queue, drop_newest_keeps_the_oldest) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(3 * cost, overflow_policy::drop_newest, 0ms, clock, drops);
  for (char c : std::string("abcde")) q.push(std::nullopt, blob(c), 0);
  std::vector<queued_record> out;
  ASSERT_EQ(drain_all(q, out), 3u);
  EXPECT_EQ(out[0].blob.view()[0], 'a');
  EXPECT_EQ(out[2].blob.view()[0], 'c');
  EXPECT_EQ(drops.get(drop_reason::queue_full), 2u);
}

TEST(record_queue, drop_oldest_keeps_the_newest) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(3 * cost, overflow_policy::drop_oldest, 0ms, clock, drops);
  for (char c : std::string("abcde")) EXPECT_TRUE(q.push(std::nullopt, blob(c), 0));
  std::vector<queued_record> out;
  ASSERT_EQ(drain_all(q, out), 3u);
  EXPECT_EQ(out[0].blob.view()[0], 'c');
  EXPECT_EQ(out[2].blob.view()[0], 'e');
  EXPECT_EQ(drops.get(drop_reason::evicted), 2u);
  EXPECT_LE(q.bytes(), q.capacity());
}

TEST(record_queue, bytes_stay_charged_until_released) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(2 * cost, overflow_policy::drop_newest, 0ms, clock, drops);
  q.push(std::nullopt, blob(), 0);
  q.push(std::nullopt, blob(), 0);
  std::vector<queued_record> out;
  drain_all(q, out);
  // Drained but not delivered: still counts against the bound.
  EXPECT_FALSE(q.push(std::nullopt, blob(), 0));
  release_all(q, out);
  EXPECT_EQ(q.bytes(), 0u);
  EXPECT_TRUE(q.push(std::nullopt, blob(), 0));
}

TEST(record_queue, block_times_out_and_counts) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(cost, overflow_policy::block, 30ms, clock, drops);
  ASSERT_TRUE(q.push(std::nullopt, blob(), 0));
  std::atomic<int> result{-1};
  std::thread producer([&] { result = q.push(std::nullopt, blob(), 0); });
  while (q.block_waits() == 0) std::this_thread::sleep_for(1ms);  // its deadline is set
  // The timeout is on the injected clock: 29 ms of it is not enough, however
  // long the producer has really waited.
  clock.advance(29ms);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(result.load(), -1);
  clock.advance(1ms);
  producer.join();
  EXPECT_EQ(result.load(), 0);
  EXPECT_EQ(drops.get(drop_reason::block_timeout), 1u);
}

TEST(record_queue, block_waits_for_space) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(cost, overflow_policy::block, 10s, clock, drops);
  ASSERT_TRUE(q.push(std::nullopt, blob(), 0));
  std::vector<queued_record> out;
  drain_all(q, out);
  std::atomic<bool> pushed{false};
  std::thread producer([&] { pushed = q.push(std::nullopt, blob(), 0); });
  while (q.block_waits() == 0) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(pushed.load());  // still waiting: the first record is held, the clock stands
  release_all(q, out);
  producer.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(drops.total(), 0u);
}

TEST(record_queue, close_refuses_and_wakes_blocked_callers) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(cost, overflow_policy::block, 10s, clock, drops);
  ASSERT_TRUE(q.push(std::nullopt, blob(), 0));
  std::thread producer([&] { EXPECT_FALSE(q.push(std::nullopt, blob(), 0)); });
  while (q.block_waits() == 0) std::this_thread::sleep_for(1ms);  // it waits for space
  q.close();
  producer.join();
  EXPECT_FALSE(q.push(std::nullopt, blob(), 0));
  EXPECT_EQ(drops.get(drop_reason::stopped), 2u);
}

TEST(record_queue, accounts_per_tenant) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(100 * cost, overflow_policy::drop_newest, 0ms, clock, drops);
  q.push("a", blob(), 0);
  q.push("a", blob(), 0);
  q.push("b", blob(), 0);
  q.push(std::nullopt, blob(), 0);
  std::vector<queued_record> out;
  drain_all(q, out);
  ASSERT_EQ(out.size(), 4u);
  std::map<std::string, std::size_t> held;
  for (auto& r : out) held[r.lane->tenant.value_or("<none>")] = r.lane->held;
  EXPECT_EQ(held["a"], 2 * cost);
  EXPECT_EQ(held["b"], cost);
  EXPECT_EQ(held["<none>"], cost);
  release_all(q, out);
}

TEST(record_queue, tenant_under_share_evicts_the_loudest_even_with_drop_newest) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(10 * cost, overflow_policy::drop_newest, 0ms, clock, drops);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(q.push("loud", blob('L'), 0));
  EXPECT_FALSE(q.push("loud", blob('L'), 0));  // loud is over its share: refused
  EXPECT_TRUE(q.push("quiet", blob('Q'), 0));  // quiet is under: takes loud's oldest
  EXPECT_EQ(drops.get(drop_reason::queue_full), 1u);
  EXPECT_EQ(drops.get(drop_reason::evicted), 1u);
  EXPECT_LE(q.bytes(), q.capacity());
}

TEST(record_queue, drain_is_round_robin_over_tenants_within_budget) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(1000 * cost, overflow_policy::drop_newest, 0ms, clock, drops);
  for (int i = 0; i < 100; ++i) q.push("loud", blob('L'), 0);
  for (int i = 0; i < 2; ++i) q.push("quiet", blob('Q'), 0);
  std::vector<queued_record> out;
  q.drain(out, 0ms, 10 * cost);
  std::size_t quiet = 0;
  for (auto& r : out) quiet += r.blob.view()[0] == 'Q';
  EXPECT_EQ(quiet, 2u);        // the quiet tenant is not starved behind the loud one
  EXPECT_LE(out.size(), 12u);  // and the budget holds (one slice of slack)
  release_all(q, out);
}

// Records arriving from the callers' rings (ring_registry.h) are admitted
// under the same rules, without ever waiting.
TEST(record_queue, admission_under_block_refuses_without_waiting_or_counting) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(3 * cost, overflow_policy::block, 10s, clock, drops);
  {
    auto in = q.admit();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(in.offer(std::nullopt, blob()), admit_result::accepted);
    EXPECT_EQ(in.offer(std::nullopt, blob()), admit_result::no_room);  // stays in its ring
  }
  EXPECT_EQ(drops.total(), 0u);
  std::vector<queued_record> out;
  drain_all(q, out);
  release_all(q, out);
  EXPECT_EQ(q.admit().offer(std::nullopt, blob()), admit_result::accepted);
}

TEST(record_queue, admission_after_close_leaves_the_record_for_shutdown_to_count) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(3 * cost, overflow_policy::drop_newest, 0ms, clock, drops);
  q.close();
  EXPECT_EQ(q.admit().offer(std::nullopt, blob()), admit_result::no_room);
  EXPECT_FALSE(q.push(std::nullopt, blob(), 0));
  EXPECT_EQ(drops.get(drop_reason::stopped), 1u);  // only the direct push
}

TEST(record_queue, admission_with_drop_oldest_evicts_the_tenant_most_over_its_share) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(10 * cost, overflow_policy::drop_oldest, 0ms, clock, drops);
  {
    auto in = q.admit();
    for (int i = 0; i < 10; ++i) EXPECT_EQ(in.offer("loud", blob('L')), admit_result::accepted);
    EXPECT_EQ(in.offer("quiet", blob('Q')), admit_result::accepted);  // loud's oldest goes
    EXPECT_EQ(in.offer("loud", blob('l')), admit_result::accepted);   // loud's oldest again
  }
  EXPECT_EQ(drops.get(drop_reason::evicted), 2u);
  EXPECT_EQ(drops.total(), 2u);
  std::vector<queued_record> out;
  drain_all(q, out);
  std::map<char, std::size_t> kept;
  for (auto& r : out) ++kept[r.blob.view()[0]];
  EXPECT_EQ(kept['Q'], 1u);
  EXPECT_EQ(kept['L'], 8u);
  EXPECT_EQ(kept['l'], 1u);  // the newest kept
  release_all(q, out);
}

TEST(record_queue, the_rings_reservation_counts_against_the_bound) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue q(10 * cost, overflow_policy::drop_newest, 0ms, clock, drops);
  ASSERT_TRUE(q.reserve_fixed(4 * cost));
  EXPECT_FALSE(q.reserve_fixed(2 * cost));  // rings never take more than half
  EXPECT_EQ(q.bytes(), 0u);                 // records only
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(q.push(std::nullopt, blob(), 0));
  EXPECT_FALSE(q.push(std::nullopt, blob(), 0));
  EXPECT_EQ(drops.get(drop_reason::queue_full), 1u);
  q.release_fixed(4 * cost);  // a ring reclaimed: its room goes to records
  EXPECT_TRUE(q.push(std::nullopt, blob(), 0));
}

// One tenant floods at 50x the rate of another while delivery is slower than
// the flood: the quiet tenant loses nothing, the loud one is throttled and its
// drops are counted — for every overflow policy.
class fairness : public ::testing::TestWithParam<overflow_policy> {};

TEST_P(fairness, quiet_tenant_loses_nothing_under_a_50x_flood) {
  drop_counters drops;
  // One thread: a blocked push can only end by its timeout, whenever that
  // comes, so the real clock decides nothing here but when.
  system_clock_source clock;
  record_queue q(64 * cost, GetParam(), 1ms, clock, drops);
  std::size_t quiet_sent = 0, quiet_delivered = 0, loud_delivered = 0;
  std::vector<queued_record> out;
  for (int round = 0; round < 400; ++round) {
    for (int i = 0; i < 50; ++i) q.push("loud", blob('L'), 0);
    if (q.push("quiet", blob('Q'), 0)) ++quiet_sent;
    // Delivery absorbs 8 records per round, a sixth of the offered load.
    q.drain(out, 0ms, 8 * cost);
    for (auto& r : out) (r.blob.view()[0] == 'Q' ? quiet_delivered : loud_delivered)++;
    release_all(q, out);
    ASSERT_LE(q.bytes(), q.capacity());
  }
  q.drain(out, 0ms);
  for (auto& r : out) (r.blob.view()[0] == 'Q' ? quiet_delivered : loud_delivered)++;
  release_all(q, out);
  EXPECT_EQ(quiet_sent, 400u);
  EXPECT_EQ(quiet_delivered, 400u);
  const std::uint64_t loud_drops = drops.total();
  EXPECT_GT(loud_drops, 10'000u);
  EXPECT_EQ(loud_delivered + loud_drops, 400u * 50u);
}

INSTANTIATE_TEST_SUITE_P(policies, fairness,
                         ::testing::Values(overflow_policy::drop_newest, overflow_policy::drop_oldest,
                                           overflow_policy::block));

}  // namespace
}  // namespace cwlog::detail
