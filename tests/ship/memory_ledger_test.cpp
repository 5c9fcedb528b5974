// The memory ledger: one account of bytes, from the queue through formatted
// batches to settlement, and the downstream budget that keeps most bytes in
// the fair queue under pressure.
#include <gtest/gtest.h>

#include "ship/memory_ledger.h"
#include "support/manual_clock.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t MiB = std::size_t{1} << 20;

TEST(memory_ledger, downstream_limit_is_a_quarter_within_bounds_never_over_half) {
  EXPECT_EQ(memory_ledger::downstream_limit_for(256 * MiB), 16 * MiB);
  EXPECT_EQ(memory_ledger::downstream_limit_for(32 * MiB), 8 * MiB);
  EXPECT_EQ(memory_ledger::downstream_limit_for(8 * MiB), 2 * MiB);
  EXPECT_EQ(memory_ledger::downstream_limit_for(1 * MiB), MiB / 2);
}

TEST(memory_ledger, bytes_move_downstream_and_leave_when_settled) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue queue(8 * MiB, overflow_policy::drop_newest, 0ms, clock, drops);
  memory_ledger ledger(queue);
  ASSERT_TRUE(queue.push(std::string_view("acme"), std::string(1000, 'a'), 0));
  ASSERT_TRUE(queue.push(std::nullopt, std::string(500, 'b'), 0));
  const std::size_t queued = queue.bytes();
  std::vector<queued_record> records;
  ASSERT_EQ(queue.drain(records, 0ms, ledger.downstream_room()), 2u);
  EXPECT_EQ(queue.bytes(), queued);  // drained records stay charged

  // Formatting swaps each record's charge for its event's.
  batch b;
  lane_deltas deltas;
  std::size_t downstream = 0;
  for (auto& r : records) {
    pending_event e;
    e.message = "formatted";
    e.lane = r.lane;
    e.accounted = 300;
    deltas.emplace_back(r.lane, 300 - static_cast<std::ptrdiff_t>(r.accounted));
    downstream += e.accounted;
    b.events.push_back(std::move(e));
  }
  ledger.formatted(deltas, downstream);
  EXPECT_EQ(queue.bytes(), 600u);
  EXPECT_EQ(ledger.downstream_bytes(), 600);
  EXPECT_EQ(ledger.downstream_room(), ledger.downstream_limit() - 600);
  EXPECT_FALSE(ledger.under_pressure());

  ledger.settled(b);
  EXPECT_EQ(queue.bytes(), 0u);
  EXPECT_EQ(ledger.downstream_bytes(), 0);
}

TEST(memory_ledger, pressure_at_three_quarters_and_no_room_past_the_limit) {
  drop_counters drops;
  test::manual_clock clock;
  record_queue queue(8 * MiB, overflow_policy::drop_newest, 0ms, clock, drops);
  memory_ledger ledger(queue);  // 2 MiB downstream
  ledger.formatted({}, ledger.downstream_limit() * 3 / 4 - 1);
  EXPECT_FALSE(ledger.under_pressure());
  ledger.formatted({}, 1);
  EXPECT_TRUE(ledger.under_pressure());
  ledger.formatted({}, ledger.downstream_limit());
  EXPECT_EQ(ledger.downstream_room(), 0u);
}

}  // namespace
}  // namespace cwlog::detail
