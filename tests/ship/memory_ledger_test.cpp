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

// An 8 MiB queue (2 MiB downstream) and its ledger.
struct ledger_setup {
  drop_counters drops;
  test::manual_clock clock;
  record_queue queue{8 * MiB, overflow_policy::drop_newest, 0ms, clock, drops};
  memory_ledger ledger{queue};
  std::pair<record_queue&, memory_ledger&> parts() { return {queue, ledger}; }
};

TEST(memory_ledger, downstream_limit_is_a_quarter_within_bounds_never_over_half) {
  EXPECT_EQ(memory_ledger::downstream_limit_for(256 * MiB), 16 * MiB);
  EXPECT_EQ(memory_ledger::downstream_limit_for(32 * MiB), 8 * MiB);
  EXPECT_EQ(memory_ledger::downstream_limit_for(8 * MiB), 2 * MiB);
  EXPECT_EQ(memory_ledger::downstream_limit_for(1 * MiB), MiB / 2);
}

TEST(memory_ledger, bytes_move_downstream_and_leave_when_settled) {
  ledger_setup setup;
  auto [queue, ledger] = setup.parts();
  ASSERT_TRUE(queue.push(std::string_view("acme"), std::string(1000, 'a'), 0));
  ASSERT_TRUE(queue.push(std::nullopt, std::string(500, 'b'), 0));
  const std::size_t queued = queue.bytes();
  std::vector<queued_record> records;
  ASSERT_EQ(queue.drain(records, 0ms, ledger.downstream_room()), 2u);
  EXPECT_EQ(queue.bytes(), queued);  // drained records stay charged

  // Formatted, each record's charge stays with its lane, carried by its
  // event; the batch's storage counts downstream.
  batch b;
  std::size_t from_records = 0;
  for (auto& r : records) {
    pending_event e;
    e.lane = r.lane;
    e.accounted = static_cast<std::uint32_t>(r.accounted);
    e.set_wire(R"({"timestamp":1,"message":"formatted"})");
    from_records += r.accounted;
    b.events.push_back(std::move(e));
  }
  b.held = 4096;
  ledger.formatted({}, 2 * event_charge(b.events[0].wire().size()), from_records);
  ledger.holding(b.held);
  EXPECT_EQ(queue.bytes(), queued);  // what the bound counts does not move
  EXPECT_EQ(ledger.downstream_bytes(), 4096);
  EXPECT_EQ(ledger.downstream_room(),
            ledger.downstream_limit() - 4096);  // events no larger than records
  EXPECT_FALSE(ledger.under_pressure());

  ledger.settled(b);
  EXPECT_EQ(queue.bytes(), 0u);
  EXPECT_EQ(ledger.downstream_bytes(), 0);
}

// A record dropped instead of formatted (no destination) releases its charge.
TEST(memory_ledger, a_record_dropped_when_formatted_releases_its_charge) {
  ledger_setup setup;
  auto [queue, ledger] = setup.parts();
  ASSERT_TRUE(queue.push(std::string_view("acme"), std::string(1000, 'a'), 0));
  std::vector<queued_record> records;
  ASSERT_EQ(queue.drain(records, 0ms, ledger.downstream_room()), 1u);
  ledger.formatted({{records[0].lane, -static_cast<std::ptrdiff_t>(records[0].accounted)}}, 0, 0);
  EXPECT_EQ(queue.bytes(), 0u);
  EXPECT_EQ(ledger.downstream_bytes(), 0);
}

TEST(memory_ledger, pressure_at_three_quarters_and_no_room_past_the_limit) {
  ledger_setup setup;
  auto [queue, ledger] = setup.parts();  // 2 MiB downstream
  ledger.holding(ledger.downstream_limit() * 3 / 4 - 1);
  EXPECT_FALSE(ledger.under_pressure());
  ledger.holding(1);
  EXPECT_TRUE(ledger.under_pressure());
  ledger.holding(ledger.downstream_limit());
  EXPECT_EQ(ledger.downstream_room(), 0u);
}

// Records are charged less in the queue than their events downstream (JSON,
// escaped again, in batch bodies): a drain takes only as many record bytes as
// their events will fit, so the queue and downstream together stay in bounds.
TEST(memory_ledger, a_drain_takes_what_fits_once_formatted) {
  ledger_setup setup;
  auto [queue, ledger] = setup.parts();
  const std::size_t limit = ledger.downstream_limit();
  EXPECT_EQ(ledger.downstream_room(), limit / 16);  // before any pass: as if events were 16 times larger
  ledger.formatted({}, 3000, 1000);                 // events can hold three times their records
  ledger.holding(3000);
  EXPECT_EQ(ledger.downstream_room(), (limit - 3000) / 3);
  ledger.formatted({}, 500, 1000);  // never less than one to one
  ledger.holding(500);
  EXPECT_EQ(ledger.downstream_room(), limit - 3500);
  ledger.formatted({}, 100'000, 1);  // nor more than sixteen to one
  ledger.holding(100'000);
  EXPECT_EQ(ledger.downstream_room(), (limit - 103'500) / 16);
}

}  // namespace
}  // namespace cwlog::detail
