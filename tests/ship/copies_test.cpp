// Fan-out accounting: a record routed to two destinations makes two copies,
// and each copy is settled on its own (delivered, rejected or dropped with a
// reason), in the totals and per configured destination. flush() waits for
// every copy logged before it and shutdown() reports every copy it could not
// deliver, not only the first copy of each record.
//
// On the manual clock, as the other engine tests (engine_harness.h).
#include <gtest/gtest.h>

#include <cwlog/shipper.h>
#include <map>
#include <string>
#include <vector>

#include "route/router.h"

#include "engine_harness.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;

// One rule sends every record to "a" (group ga) and "b" (group gb).
options fan_out_options() {
  options o = make_options("ga", "s");
  o.destinations[0].name = "a";
  destination_options b = o.destinations[0];
  b.name = "b";
  b.group = "gb";
  o.destinations.push_back(b);
  route_rule r;
  r.name = "both";
  r.destinations = {"a", "b"};
  o.routes.push_back(r);
  o.default_destination.clear();
  return o;
}

// The dispatcher reuses a route for records alike in logger, level and
// tenant (ship/route_memo.h). Records of many such kinds, interleaved and
// over many slices, land where the router sends each of them on its own:
// fan-out, a rule by level, a per-logger minimum, tenants in names, a record
// without a tenant whose template needs one.
TEST(copies, reused_routes_send_every_record_where_the_router_does) {
  options o = make_options("g", "{logger}.{level}");
  o.destinations[0].name = "main";
  destination_options per_tenant = o.destinations[0];
  per_tenant.name = "tenant";
  per_tenant.group = "t-{tenant}";
  per_tenant.stream = "{component}";
  o.destinations.push_back(per_tenant);
  route_rule api;
  api.name = "api";
  api.logger = "api*";
  api.destinations = {"main", "tenant"};
  route_rule errors;
  errors.name = "errors";
  errors.min_level = level::error;
  errors.destinations = {"tenant"};
  o.routes = {api, errors};
  o.logger_min_levels["noisy"] = level::warn;
  const detail::router direct(o);
  ASSERT_TRUE(direct.routes_by_logger_level_tenant());

  harness h;
  test_shipper s(o, h);
  const char* loggers[] = {"api.x", "web", "noisy", "api"};
  const level levels[] = {level::debug, level::info, level::error};
  const std::optional<std::string> tenants[] = {std::nullopt, "t1", "t2"};
  std::map<std::pair<std::string, std::string>, std::size_t> want;
  constexpr int n = 5000;  // several of the dispatcher's slices
  for (int i = 0; i < n; ++i) {
    record_view r;
    r.logger = loggers[i % 4];
    r.lvl = levels[(i / 4) % 3];
    const auto& tenant = tenants[(i / 12) % 3];
    if (tenant) r.tenant = *tenant;
    const std::string text = msg(i);
    r.message = text;
    s.log(r);  // false for those under their logger's minimum, which the router drops too
    std::vector<detail::route_target> targets;
    direct.route(r, targets);
    for (const auto& t : targets) ++want[{t.group, t.stream}];
  }
  ASSERT_TRUE(s.flush(10s).complete);
  std::map<std::pair<std::string, std::string>, std::size_t> got;
  {
    std::lock_guard lk(h.service->mu);
    for (const auto& [group, streams] : h.service->groups)
      for (const auto& [stream, events] : streams) got[{group, stream}] = events.size();
  }
  EXPECT_EQ(got, want);
  EXPECT_GT(want.size(), 10u);  // many destinations, not one
}

TEST(copies, both_copies_of_a_fanned_out_record_are_delivered_and_counted) {
  harness h;
  test_shipper s(fan_out_options(), h);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(s.log(level::info, "app", msg(i)));
  ASSERT_TRUE(s.flush(10s).complete);
  expect_exactly_once(h.service->events("ga", "s"), 100);
  expect_exactly_once(h.service->events("gb", "s"), 100);
  const auto c = s.counters();
  EXPECT_EQ(c.enqueued, 100u);
  EXPECT_EQ(c.routed, 100u);
  EXPECT_EQ(c.copies, 200u);
  EXPECT_EQ(c.delivered, 200u);
  ASSERT_EQ(c.per_destination.size(), 2u);
  EXPECT_EQ(c.per_destination[0].name, "a");
  EXPECT_EQ(c.per_destination[1].name, "b");
  for (const auto& d : c.per_destination) {
    EXPECT_EQ(d.copies, 100u) << d.name;
    EXPECT_EQ(d.delivered, 100u) << d.name;
    EXPECT_EQ(d.dropped_total(), 0u) << d.name;
  }
}

// The case: the second destination's group does not exist and may
// not be created. Every one of its copies is dropped and counted, although
// the first destination delivers every record.
TEST(copies, copies_to_a_missing_group_are_dropped_per_copy) {
  harness h;
  auto o = fan_out_options();
  o.destinations[1].create_group = false;
  test_shipper s(o, h);
  for (int i = 0; i < 50; ++i) s.log(level::info, "app", msg(i));
  ASSERT_TRUE(s.flush(10s).complete);
  expect_exactly_once(h.service->events("ga", "s"), 50);
  const auto c = s.counters();
  EXPECT_EQ(c.copies, 100u);
  EXPECT_EQ(c.delivered, 50u);
  EXPECT_EQ(c.dropped_by(drop_reason::group_missing), 50u);
  EXPECT_EQ(c.per_destination[0].delivered, 50u);
  EXPECT_EQ(c.per_destination[0].dropped_total(), 0u);
  EXPECT_EQ(c.per_destination[1].delivered, 0u);
  EXPECT_EQ(c.per_destination[1].dropped[static_cast<std::size_t>(drop_reason::group_missing)], 50u);
  EXPECT_EQ(c.delivered + c.rejected + c.dropped_total(), c.copies);
}

// A flush is complete only once the second copies are settled too: with one
// destination that cannot deliver, it reports exactly those copies pending.
TEST(copies, flush_waits_for_every_copy_and_shutdown_reports_each_undelivered_one) {
  harness h;
  h.service->always_throttle.insert("gb");
  test_shipper s(fan_out_options(), h);
  for (int i = 0; i < 10; ++i) s.log(level::info, "app", msg(i));
  const auto time = h.keep_time_moving();
  const auto f = s.flush(300ms);
  EXPECT_FALSE(f.complete);
  EXPECT_EQ(f.pending, 10u);
  expect_exactly_once(h.service->events("ga", "s"), 10);
  const auto r = s.shutdown(200ms);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.undelivered, 10u);
  const auto c = s.counters();
  EXPECT_EQ(c.per_destination[1].dropped[static_cast<std::size_t>(drop_reason::shutdown_deadline)], 10u);
  EXPECT_EQ(c.per_destination[0].delivered, 10u);
}

// Two configured destinations may name one (group, stream): their copies
// share its batches, and each copy is counted for its own destination.
TEST(copies, destinations_sharing_a_stream_count_each_their_own_copies) {
  harness h;
  auto o = fan_out_options();
  o.destinations[1].group = "ga";
  o.destinations[1].pattern = "b {message}";  // the two copies differ
  test_shipper s(o, h);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(s.log(level::info, "app", msg(i)));
  ASSERT_TRUE(s.flush(10s).complete);
  EXPECT_EQ(h.service->events("ga", "s").size(), 200u);
  const auto c = s.counters();
  EXPECT_EQ(c.delivered, 200u);
  ASSERT_EQ(c.per_destination.size(), 2u);
  for (const auto& d : c.per_destination) {
    EXPECT_EQ(d.copies, 100u) << d.name;
    EXPECT_EQ(d.delivered, 100u) << d.name;
  }
}

TEST(copies, dropped_copies_of_destinations_sharing_a_stream_count_each_their_own) {
  harness h;
  auto o = fan_out_options();
  for (auto& d : o.destinations) {
    d.group = "gone";
    d.create_group = false;
  }
  o.destinations[1].pattern = "b {message}";
  test_shipper s(o, h);
  for (int i = 0; i < 50; ++i) s.log(level::info, "app", msg(i));
  ASSERT_TRUE(s.flush(10s).complete);
  const auto c = s.counters();
  EXPECT_EQ(c.dropped_by(drop_reason::group_missing), 100u);
  ASSERT_EQ(c.per_destination.size(), 2u);
  for (const auto& d : c.per_destination) {
    EXPECT_EQ(d.delivered, 0u) << d.name;
    EXPECT_EQ(d.dropped[static_cast<std::size_t>(drop_reason::group_missing)], 50u) << d.name;
  }
}

}  // namespace
}  // namespace cwlog::test
