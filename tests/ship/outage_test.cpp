// Riding out failures: throttling, 5xx and network errors are retried with no
// attempt limit while the records are young enough for CloudWatch (14 days,
// or the group's retention) and dropped as too_old once they are not; a down
// endpoint gets one probe per backoff step, not one request per batch, and
// once it answers the held backlog goes at once.
//
// On the manual clock (engine_harness.h): backoff steps and record ages move
// only when the test advances time.
#include <gtest/gtest.h>

#include <cwlog/shipper.h>

#include "engine_harness.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;

record_view at(const manual_clock& clock, std::chrono::milliseconds age, std::string_view message) {
  record_view r;
  r.lvl = level::info;
  r.logger = "app";
  r.message = message;
  r.timestamp_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>((clock.now() - age).time_since_epoch()).count();
  return r;
}

int service_calls(harness& h) {
  std::lock_guard lk(h.service->mu);
  return h.service->put_calls + h.service->create_group_calls + h.service->create_stream_calls;
}

TEST(outage, failures_that_pass_by_waiting_are_retried_beyond_max_attempts) {
  harness h;
  h.service->always["g"] = put_action::unavailable;
  auto o = make_options();
  o.shipping.max_attempts = 2;
  test_shipper s(o, h);
  for (int i = 0; i < 10; ++i) s.log(level::info, "app", msg(i));
  {
    const auto time = h.keep_time_moving();
    ASSERT_TRUE(eventually([&] { return h.put_calls() >= 10; }));
  }
  EXPECT_EQ(s.counters().dropped_total(), 0u);
  {
    std::lock_guard lk(h.service->mu);
    h.service->always.clear();
  }
  const auto time = h.keep_time_moving();
  ASSERT_TRUE(s.flush(60s).complete);
  expect_exactly_once(h.service->events("g", "s"), 10);
  EXPECT_EQ(s.counters().dropped_total(), 0u);
  EXPECT_GE(s.counters().retried, 9u);
}

TEST(outage, records_older_than_the_service_accepts_are_dropped_as_too_old) {
  harness h;
  h.service->always["g"] = put_action::throttle;
  // The two records are 14 days apart, so two batches. One at a time, the old
  // one first: with both in flight, the new one's retries (no backoff here)
  // could take every token the frozen clock gives, and the old one's retry,
  // the attempt that finds it too old, would wait for ever.
  auto o = make_options();
  o.shipping.max_in_flight_per_stream = 1;
  test_shipper s(o, h);
  // One minute short of CloudWatch's 14 days, and a fresh one.
  ASSERT_TRUE(s.log(at(*h.clock, std::chrono::days(14) - 1min, "old")));
  ASSERT_TRUE(s.log(at(*h.clock, 0ms, "new")));
  ASSERT_TRUE(eventually([&] { return s.counters().destinations == 1; }));
  h.clock->advance(50ms);  // the flush interval: the first attempt fails
  ASSERT_TRUE(eventually([&] { return h.put_calls() >= 1; }));
  h.clock->advance(2min);  // the old record ages past 14 days
  ASSERT_TRUE(eventually([&] { return s.counters().dropped_by(drop_reason::too_old) == 1; }))
      << "puts " << h.put_calls() << ", retried " << s.counters().retried << ", delivered "
      << s.counters().delivered << ", dropped " << s.counters().dropped_total() << ", events stored "
      << h.service->events("g", "s").size();
  {
    std::lock_guard lk(h.service->mu);
    h.service->always.clear();
  }
  const auto time = h.keep_time_moving();
  ASSERT_TRUE(s.flush(60s).complete);
  const auto events = h.service->events("g", "s");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].message, "new");
  const auto c = s.counters();
  EXPECT_EQ(c.delivered, 1u);
  EXPECT_EQ(c.per_destination[0].dropped[static_cast<std::size_t>(drop_reason::too_old)], 1u);
}

TEST(outage, the_groups_retention_shortens_how_long_a_record_is_retried) {
  harness h;
  h.service->always["g"] = put_action::unavailable;
  auto o = make_options();
  o.destinations[0].retention_days = 1;
  test_shipper s(o, h);
  ASSERT_TRUE(s.log(at(*h.clock, 24h - 1min, "a day old")));
  ASSERT_TRUE(eventually([&] { return s.counters().destinations == 1; }));
  h.clock->advance(50ms);
  ASSERT_TRUE(eventually([&] { return h.put_calls() >= 1; }));
  h.clock->advance(2min);
  EXPECT_TRUE(eventually([&] { return s.counters().dropped_by(drop_reason::too_old) == 1; }));
}

// Twenty destinations with a batch each, the endpoint refusing connections:
// the calls made while it is down are the attempts already under way plus
// one probe per backoff step, not one per batch; when it answers again, every
// batch goes without the clock moving (no backoff, no budget for first sends).
TEST(outage, a_down_endpoint_is_probed_once_per_step_and_the_backlog_drains_at_once) {
  harness h;
  h.service->unreachable = true;
  auto deps = h.deps();
  deps.backoff_base = 1s;
  deps.backoff_cap = 1s;
  auto o = make_options("g", "{logger}");
  o.shipping.max_attempts = 2;
  test_shipper s(o, h, deps);
  constexpr int destinations = 20;
  for (int d = 0; d < destinations; ++d) s.log(level::info, "c" + std::to_string(d), msg(d));
  ASSERT_TRUE(eventually([&] { return s.counters().destinations == destinations; }));
  h.clock->advance(50ms);  // the flush interval: every batch is due
  ASSERT_TRUE(eventually([&] { return service_calls(h) >= 1; }));
  std::this_thread::sleep_for(200ms);  // let the senders do whatever they would
  // At most one attempt per sender was under way when it went down, and a
  // probe whose jittered step drew 0 ms.
  const int start = service_calls(h);
  EXPECT_LE(start, static_cast<int>(o.shipping.max_in_flight) + 2);
  constexpr int steps = 5;
  for (int i = 0; i < steps; ++i) {
    h.clock->advance(1s);  // the longest a step can be
    std::this_thread::sleep_for(100ms);
  }
  const int probes = service_calls(h) - start;
  EXPECT_GE(probes, 1);
  EXPECT_LE(probes, 2 * steps) << "more than one request per backoff step";
  EXPECT_EQ(s.counters().dropped_total(), 0u);  // no attempt limit for a down endpoint

  h.service->unreachable = false;
  h.clock->advance(1s);  // the next probe; then everything else, with the clock still
  ASSERT_TRUE(eventually([&] { return s.counters().delivered == destinations; }));
  for (int d = 0; d < destinations; ++d)
    EXPECT_EQ(h.service->events("g", "c" + std::to_string(d)).size(), 1u) << d;
  EXPECT_EQ(s.counters().dropped_total(), 0u);
}

}  // namespace
}  // namespace cwlog::test
