// shipping.max_in_flight_per_stream: several PutLogEvents requests to one
// stream at once (CloudWatch Logs takes them since sequence tokens went), each
// batch's events in order, batches completing in any order and each settled
// on its own. The in-memory service counts the puts it is answering per stream
// and a gate holds chosen ones, so "how many at once" and "which finishes
// first" are decided by the test, never by timing.
#include <gtest/gtest.h>

#include <optional>

#include "engine_harness.h"
#include "support/gate.h"

namespace cwlog::test {
namespace {

// Opens the gate when the test ends, before the shipper's shutdown (declared
// after the shipper, so destroyed first), so no put stays held.
struct open_at_end {
  gate& g;
  ~open_at_end() { g.open(); }
};

options small_batches(std::size_t max_in_flight, std::optional<std::size_t> per_stream) {
  auto o = make_options();
  o.destinations[0].max_batch_events = 10;
  o.shipping.max_in_flight = max_in_flight;
  if (per_stream) o.shipping.max_in_flight_per_stream = *per_stream;
  return o;
}

int puts_at_once(harness& h) {
  std::lock_guard lk(h.service->mu);
  return h.service->puts_in_flight["g/s"];
}
int most_puts_at_once(harness& h) {
  std::lock_guard lk(h.service->mu);
  return h.service->max_puts_in_flight["g/s"];
}

TEST(parallel_puts, a_stream_has_up_to_max_in_flight_per_stream_puts_at_once) {
  struct limits {
    std::size_t max_in_flight;
    std::optional<std::size_t> per_stream;
    int expected;
  };
  // The default (4); a smaller setting; max_in_flight bounding it; one at a time.
  for (const auto& c : {limits{8, std::nullopt, 4}, limits{8, 3, 3}, limits{2, 8, 2}, limits{8, 1, 1}}) {
    SCOPED_TRACE("max_in_flight " + std::to_string(c.max_in_flight) + ", per stream " +
                 (c.per_stream ? std::to_string(*c.per_stream) : "default"));
    harness h;
    gate held;
    h.service->before_put = [&](const put_log_events_request&) { held.wait(); };
    test_shipper s(small_batches(c.max_in_flight, c.per_stream), h);
    const open_at_end opener{held};
    for (int i = 0; i < 100; ++i) s.log(level::info, "app", msg(i));  // 10 batches of 10
    ASSERT_TRUE(eventually([&] { return puts_at_once(h) == c.expected; }));
    held.open();
    ASSERT_TRUE(s.flush(30s).complete);
    EXPECT_EQ(most_puts_at_once(h), c.expected);
    expect_exactly_once(h.service->events("g", "s"), 100);
    EXPECT_EQ(s.counters().delivered, 100u);
    EXPECT_EQ(h.service->create_stream_calls, 1);  // one batch in flight until the stream existed
  }
}

TEST(parallel_puts, batches_completing_out_of_order_are_each_settled) {
  harness h;
  gate first_batch;
  // The batch of msg-0..9 is held; the next one is answered meanwhile.
  h.service->before_put = [&](const put_log_events_request& r) {
    if (r.log_events.front().message == msg(0)) first_batch.wait();
  };
  test_shipper s(small_batches(4, 2), h);
  const open_at_end opener{first_batch};
  for (int i = 0; i < 20; ++i) s.log(level::info, "app", msg(i));

  // The second batch is stored and settled while the first is held at the
  // service. Both conditions are waited for: the first batch's sender may
  // reach the service after the second batch has been settled (a slow or busy
  // machine), and the gate keeps it there until the test opens it.
  ASSERT_TRUE(eventually([&] { return s.counters().delivered == 10 && puts_at_once(h) == 1; }));
  auto stored = h.service->events("g", "s");
  ASSERT_EQ(stored.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(stored[static_cast<std::size_t>(i)].message, msg(10 + i));

  first_batch.open();
  ASSERT_TRUE(s.flush(30s).complete);
  stored = h.service->events("g", "s");
  ASSERT_EQ(stored.size(), 20u);
  // Each batch's events in order; the batches in the order they completed.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(stored[static_cast<std::size_t>(10 + i)].message, msg(i));
  expect_exactly_once(stored, 20);
  const auto c = s.counters();
  EXPECT_EQ(c.delivered, 20u);
  EXPECT_EQ(c.dropped_total(), 0u);
  EXPECT_EQ(h.service->out_of_order_batches, 0);
}

}  // namespace
}  // namespace cwlog::test
