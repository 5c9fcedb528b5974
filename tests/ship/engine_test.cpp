// The shipping engine against an in-memory service: exactly-once delivery in
// order, creation once, flush, shutdown, retries under the shared budget,
// ambiguous failures counted as duplicates, missing and deleted groups,
// records logged during creation, isolation of a failing destination,
// rejected events, the memory bound under overload, fork, and many
// destinations with idle expiry.
//
// Every test runs on a manual clock: flush intervals, backoff, the retry
// budget, deadlines and idle expiry move only when the test advances time, so
// no verdict depends on how fast the machine runs the engine's threads.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cwlog/logger.h>
#include <cwlog/shipper.h>
#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "engine_harness.h"
#include "logs/retry.h"
#include "ship/format_json.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;

TEST(engine, delivers_every_record_exactly_once_in_order) {
  harness h;
  test_shipper s(make_options(), h);
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(s->log(level::info, logger_name{"app"}, msg(i)));
  auto f = s->flush(10s);
  EXPECT_TRUE(f.complete);
  EXPECT_EQ(f.pending, 0u);
  const auto events = h.service->events("g", "s");
  expect_exactly_once(events, 5000);
  for (std::size_t i = 1; i < events.size(); ++i) {
    ASSERT_LE(events[i - 1].timestamp, events[i].timestamp);
    EXPECT_EQ(events[i].message, msg(static_cast<int>(i)));  // one thread: log order is stream order
  }
  const auto c = s->counters();
  EXPECT_EQ(c.enqueued, 5000u);
  EXPECT_EQ(c.delivered, 5000u);
  EXPECT_EQ(c.dropped_total(), 0u);
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(h.service->create_group_calls, 1);
  EXPECT_EQ(h.service->create_stream_calls, 1);
  EXPECT_EQ(h.service->out_of_order_batches, 0);
  EXPECT_EQ(c.queue_bytes, 0u);  // everything settled: nothing held
}

TEST(engine, flush_does_not_shut_down) {
  harness h;
  test_shipper s(make_options(), h);
  s->log(level::info, logger_name{"app"}, msg(0));
  EXPECT_TRUE(s->flush(5s).complete);
  EXPECT_TRUE(s->log(level::info, logger_name{"app"}, msg(1)));
  EXPECT_TRUE(s->flush(5s).complete);
  expect_exactly_once(h.service->events("g", "s"), 2);
}

TEST(engine, records_are_sent_by_the_flush_interval_without_flush) {
  harness h;
  test_shipper s(make_options(), h);  // flush_interval 50 ms
  s->log(level::info, logger_name{"app"}, msg(0));
  // The dispatcher stamps a record's age when it picks it up: wait for that.
  ASSERT_TRUE(eventually([&] { return s->counters().destinations == 1; }));
  h.clock->advance(49ms);
  std::this_thread::sleep_for(50ms);  // the dispatcher ticks several times
  EXPECT_TRUE(h.service->events("g", "s").empty()) << "sent before the flush interval";
  h.clock->advance(1ms);
  EXPECT_TRUE(eventually([&] { return !h.service->events("g", "s").empty(); }));
  EXPECT_EQ(h.service->events("g", "s").size(), 1u);
}

TEST(engine, a_retry_waits_for_its_backoff_on_the_clock) {
  harness h;
  h.service->script = {put_action::throttle};
  auto deps = h.deps();
  deps.backoff_base = 100ms;
  deps.backoff_cap = 100ms;
  // Full jitter may draw 0 ms (about once in a hundred): a seed whose first
  // draw is at least 2 ms, so the wait is there to see. The scheduler draws
  // with the same seed, so this is the delay it will use.
  std::chrono::milliseconds delay{0};
  while (delay < 2ms) delay = detail::jitter_backoff(100ms, 100ms, ++deps.jitter_seed).next(0);
  test_shipper s(make_options(), h, deps);
  s->log(level::info, logger_name{"app"}, msg(0));
  ASSERT_TRUE(eventually([&] { return s->counters().destinations == 1; }));  // picked up
  h.clock->advance(50ms);  // the flush interval: the first attempt goes
  ASSERT_TRUE(eventually([&] { return s->counters().retried == 1; }));
  EXPECT_EQ(h.put_calls(), 1);
  h.clock->advance(delay - 1ms);
  std::this_thread::sleep_for(50ms);  // the senders look many times
  EXPECT_EQ(h.put_calls(), 1) << "retried before its backoff of " << delay.count() << " ms";
  h.clock->advance(1ms);
  EXPECT_TRUE(eventually([&] { return s->counters().delivered == 1; }));
  EXPECT_EQ(h.put_calls(), 2);
}

TEST(engine, shutdown_delivers_what_was_logged) {
  harness h;
  auto o = make_options();
  o.shipping.flush_interval = 60s;  // only shutdown can send these
  test_shipper s(o, h);
  for (int i = 0; i < 100; ++i) s->log(level::info, logger_name{"app"}, msg(i));
  const auto r = s->shutdown(5s);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.undelivered, 0u);
  expect_exactly_once(h.service->events("g", "s"), 100);
  EXPECT_FALSE(s->log(level::info, logger_name{"app"}, "late"));
  EXPECT_EQ(s->counters().dropped_by(drop_reason::stopped), 1u);
}

TEST(engine, shutdown_deadline_reports_what_was_not_delivered) {
  harness h;
  h.service->always_throttle.insert("g");
  auto o = make_options();
  o.shipping.max_attempts = 1000;
  test_shipper s(o, h);
  for (int i = 0; i < 10; ++i) s->log(level::info, logger_name{"app"}, msg(i));
  const auto time = h.keep_time_moving();
  const auto r = s->shutdown(200ms);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.undelivered, 10u);
  EXPECT_GT(r.undelivered_bytes, 0u);
  EXPECT_EQ(s->counters().dropped_by(drop_reason::shutdown_deadline), 10u);
}

TEST(engine, destructor_without_shutdown_delivers) {
  harness h;
  {
    auto s = detail::make_shipper(make_options(),
                                  h.deps());  // the plain destructor: deliverable records need no time
    for (int i = 0; i < 10; ++i) s->log(level::info, logger_name{"app"}, msg(i));
  }
  expect_exactly_once(h.service->events("g", "s"), 10);
}

TEST(engine, throttling_and_5xx_are_retried_and_nothing_is_lost) {
  harness h;
  h.service->script = {put_action::throttle, put_action::unavailable, put_action::throttle};
  test_shipper s(make_options(), h);
  for (int i = 0; i < 50; ++i) s->log(level::info, logger_name{"app"}, msg(i));
  EXPECT_TRUE(s->flush(10s).complete);
  expect_exactly_once(h.service->events("g", "s"), 50);
  const auto c = s->counters();
  EXPECT_GE(c.retried, 3u);
  EXPECT_EQ(c.duplicated, 0u);
}

TEST(engine, ambiguous_failure_is_resent_and_counted_as_duplicate) {
  harness h;
  h.service->script = {put_action::reset_after_store};
  test_shipper s(make_options(), h);
  for (int i = 0; i < 20; ++i) s->log(level::info, logger_name{"app"}, msg(i));
  EXPECT_TRUE(s->flush(10s).complete);
  const auto events = h.service->events("g", "s");
  std::map<std::string, int> seen;
  for (auto& e : events) ++seen[e.message];
  for (int i = 0; i < 20; ++i) EXPECT_GE(seen[msg(i)], 1);  // at-least-once
  const auto c = s->counters();
  const std::size_t duplicates = events.size() - 20;
  EXPECT_GT(duplicates, 0u);
  EXPECT_GE(c.duplicated, duplicates);  // every duplicate is counted
  EXPECT_EQ(c.delivered, 20u);
}

TEST(engine, retries_of_failures_that_do_not_pass_by_waiting_are_bounded_by_max_attempts) {
  harness h;
  h.service->always["g"] = put_action::expired_token;
  auto o = make_options();
  o.shipping.max_attempts = 3;
  test_shipper s(o, h);
  s->log(level::info, logger_name{"app"}, msg(0));
  EXPECT_TRUE(s->flush(10s).complete);  // settled: dropped
  EXPECT_EQ(s->counters().dropped_by(drop_reason::retries_exhausted), 1u);
  EXPECT_EQ(h.put_calls(), 3);
  EXPECT_EQ(h.diag_count("retries_exhausted"), 1u);
}

TEST(engine, retry_budget_is_shared_and_caps_retry_traffic) {
  harness h;
  auto o = make_options("g", "{logger}");
  o.shipping.retry_budget_per_second = 1;
  o.shipping.retry_budget_burst = 3;
  o.shipping.max_attempts = 1000;
  h.service->always_throttle.insert("g");
  test_shipper s(o, h);
  for (int d = 0; d < 4; ++d) s->log(level::info, logger_name{"c" + std::to_string(d)}, msg(d));
  ASSERT_TRUE(eventually([&] { return s->counters().destinations == 4; }));  // picked up
  h.clock->advance(50ms);  // the flush interval: four first attempts, free
  // Then retries, with no backoff, only as far as the burst (3) allows.
  ASSERT_TRUE(eventually([&] { return h.put_calls() == 4 + 3; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(h.put_calls(), 4 + 3) << "retried without a token";
  // Just over a second of the clock refills one token: exactly one more retry.
  h.clock->advance(1001ms);
  ASSERT_TRUE(eventually([&] { return h.put_calls() == 4 + 3 + 1; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(h.put_calls(), 4 + 3 + 1) << "retried without a token";
  const auto time = h.keep_time_moving();
  s->shutdown(100ms);
}

TEST(engine, one_failing_destination_does_not_stall_the_others) {
  harness h;
  options o = make_options("bad", "s");
  destination_options good = o.destinations[0];
  good.name = "good";
  good.group = "good";
  o.destinations.push_back(good);
  route_rule r;
  r.name = "to-good";
  r.logger = "ok";
  r.logger_match = name_match::exact;
  r.destinations = {"good"};
  o.routes.push_back(r);
  o.shipping.max_attempts = 1000;
  o.shipping.max_in_flight = 2;
  h.service->always_throttle.insert("bad");
  test_shipper s(o, h);
  for (int i = 0; i < 20; ++i) s->log(level::info, logger_name{"stuck"}, msg(i));
  for (int i = 0; i < 20; ++i) s->log(level::info, logger_name{"ok"}, msg(i));
  // Time moves: "bad" keeps failing and retrying on its budget meanwhile.
  const auto time = h.keep_time_moving();
  EXPECT_TRUE(eventually([&] { return h.service->events("good", "s").size() >= 20; }));
  expect_exactly_once(h.service->events("good", "s"), 20);
  s->shutdown(100ms);
}

TEST(engine, missing_group_with_create_group_false_is_reported_once_and_dropped) {
  harness h;
  auto o = make_options("pre-made");
  o.destinations[0].create_group = false;
  test_shipper s(o, h);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 10; ++i) s->log(level::info, logger_name{"app"}, msg(i));
    EXPECT_TRUE(s->flush(5s).complete);
  }
  const auto c = s->counters();
  EXPECT_EQ(c.dropped_by(drop_reason::group_missing), 30u);
  EXPECT_EQ(h.service->create_group_calls, 0);
  EXPECT_EQ(h.service->create_stream_calls, 1);  // not retried forever
  EXPECT_EQ(h.diag_count("does not exist"), 1u);
}

TEST(engine, group_settings_are_applied_when_created) {
  harness h;
  auto o = make_options();
  o.destinations[0].retention_days = 30;
  o.destinations[0].kms_key_id =
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  o.destinations[0].tags = {{"team", "core"}};
  o.destinations[0].group_class = log_group_class::infrequent_access;
  test_shipper s(o, h);
  s->log(level::info, logger_name{"app"}, msg(0));
  EXPECT_TRUE(s->flush(5s).complete);
  std::lock_guard lk(h.service->mu);
  EXPECT_EQ(h.service->retention["g"], 30);
  EXPECT_EQ(h.service->last_group_request.kms_key_id,
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(h.service->last_group_request.tags.at("team"), "core");
  EXPECT_EQ(h.service->last_group_request.log_group_class, "INFREQUENT_ACCESS");
}

TEST(engine, deleted_group_is_recreated_and_the_batch_resent) {
  harness h;
  test_shipper s(make_options(), h);
  s->log(level::info, logger_name{"app"}, msg(0));
  ASSERT_TRUE(s->flush(5s).complete);
  h.service->script = {put_action::delete_group};
  for (int i = 1; i < 10; ++i) s->log(level::info, logger_name{"app"}, msg(i));
  ASSERT_TRUE(s->flush(5s).complete);
  EXPECT_EQ(h.service->create_group_calls, 2);
  const auto events = h.service->events("g", "s");
  // The group was deleted with msg-0 in it; everything after arrived once.
  std::map<std::string, int> seen;
  for (auto& e : events) ++seen[e.message];
  for (int i = 1; i < 10; ++i) EXPECT_EQ(seen[msg(i)], 1);
  EXPECT_EQ(s->counters().delivered, 10u);
}

TEST(engine, records_logged_while_creating_are_not_lost) {
  harness h;
  h.service->create_delay = 150ms;
  test_shipper s(make_options(), h);
  for (int i = 0; i < 300; ++i) {
    s->log(level::info, logger_name{"app"}, msg(i));
    if (i % 30 == 0) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(s->flush(10s).complete);
  expect_exactly_once(h.service->events("g", "s"), 300);
  EXPECT_EQ(h.service->create_stream_calls, 1);
}

TEST(engine, rejected_events_are_counted_not_resent) {
  harness h;
  h.service->script = {put_action::reject_oldest};
  test_shipper s(make_options(), h);
  for (int i = 0; i < 5; ++i) s->log(level::info, logger_name{"app"}, msg(i));
  EXPECT_TRUE(s->flush(5s).complete);
  const auto c = s->counters();
  EXPECT_EQ(c.rejected, 1u);
  EXPECT_EQ(c.delivered, 4u);
  EXPECT_EQ(h.put_calls(), 1);
}

TEST(engine, overload_stays_within_the_bound_and_counts_every_drop) {
  for (auto policy : {overflow_policy::drop_newest, overflow_policy::drop_oldest, overflow_policy::block}) {
    harness h;
    h.service->hold_puts = true;  // nothing is delivered while the flood lasts
    auto o = make_options();
    o.shipping.queue_bytes = 256 * 1024;
    o.shipping.overflow = policy;
    o.shipping.block_timeout = 1ms;
    test_shipper s(o, h);
    const std::string payload(1000, 'p');
    std::size_t accepted = 0, max_bytes = 0;
    const int total = 5000;  // ~5 MB offered against a 256 KiB bound
    {
      // A blocked caller gives up when the clock passes its block_timeout.
      const auto time = h.keep_time_moving();
      for (int i = 0; i < total; ++i) {
        accepted += s->log(level::info, logger_name{"app"}, payload);
        if (i % 50 == 0) max_bytes = std::max(max_bytes, s->counters().queue_bytes);
      }
    }
    EXPECT_LE(max_bytes, o.shipping.queue_bytes + 2 * 1100 * 20) << static_cast<int>(policy);
    h.service->hold_puts = false;
    EXPECT_TRUE(s->flush(30s).complete);
    const auto c = s->counters();
    EXPECT_GT(c.dropped_total(), 0u);
    // log() takes a record into its thread's ring; the queue may still refuse it there.
    EXPECT_LE(c.enqueued, accepted);
    // Every offered record is accounted for: delivered or dropped with a reason.
    EXPECT_EQ(c.delivered + c.dropped_total(), static_cast<std::uint64_t>(total)) << static_cast<int>(policy);
    EXPECT_EQ(h.service->events("g", "s").size(), c.delivered);
  }
}

TEST(engine, quiet_tenant_loses_nothing_while_a_loud_one_floods_at_50x) {
  harness h;
  h.service->hold_puts = true;  // nothing is delivered while the flood lasts
  auto o = make_options();
  // Nothing is delivered during the flood, so the quiet tenant's 200 records
  // (~150 KB with their buffers and overhead) must fit its fair share: half
  // of 1 MiB. The loud one offers ~6.5 MB.
  o.shipping.queue_bytes = 1 << 20;
  o.shipping.flush_interval = 5ms;
  test_shipper s(o, h);
  cwlog::logger base(*s, "app");
  const auto loud = base.with_tenant("loud");
  const auto quiet = base.with_tenant("quiet");
  const std::string payload(500, 'L');
  int quiet_accepted = 0;
  for (int round = 0; round < 200; ++round) {
    for (int i = 0; i < 50; ++i) loud.info(payload);
    quiet_accepted += quiet.info("quiet-" + std::to_string(round));
  }
  h.service->hold_puts = false;
  ASSERT_TRUE(s->flush(60s).complete);
  EXPECT_EQ(quiet_accepted, 200);
  std::set<std::string> quiet_seen;
  for (auto& e : h.service->events("g", "s"))
    if (e.message.rfind("quiet-", 0) == 0) quiet_seen.insert(e.message);
  EXPECT_EQ(quiet_seen.size(), 200u);  // the quiet tenant lost nothing
  const auto c = s->counters();
  EXPECT_GT(c.dropped_total(), 1000u);  // the loud one was throttled, and it is counted
  EXPECT_EQ(c.delivered + c.dropped_total(), 200u * 51u);
}

TEST(engine, forked_child_drops_and_exits_cleanly) {
  harness h;
  // A plain shipper: the child must start no thread (test_shipper's destructor
  // would, and a thread started in a forked child can deadlock, under ASan
  // for certain). Its records are deliverable, so no time needs to move.
  auto s = detail::make_shipper(make_options(), h.deps());
  s->log(level::info, logger_name{"app"}, msg(0));
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child: the sender threads do not exist here. log() must not hang
    // or touch them; destroying the shipper must not join them.
    const bool logged = s->log(level::info, logger_name{"app"}, "from child");
    const auto dropped = s->counters().dropped_by(drop_reason::forked);
    s.reset();
    _exit(!logged && dropped == 1 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  s->log(level::info, logger_name{"app"}, msg(1));
  EXPECT_TRUE(s->flush(5s).complete);
  expect_exactly_once(h.service->events("g", "s"), 2);
}

TEST(engine, many_destinations_share_the_senders_and_idle_ones_expire) {
  harness h;
  auto o = make_options("g", "s-{field.id}");
  o.shipping.idle_destination_ttl = 1s;
  test_shipper s(o, h);
  const int n = 10'000;
  for (int i = 0; i < n; ++i) {
    const std::string id = std::to_string(i);
    field_view f[] = {{"id", std::string_view(id)}};
    record_view r;
    r.logger = "app";
    r.message = "m";
    r.fields = f;
    ASSERT_TRUE(s->log(r));
  }
  EXPECT_TRUE(s->flush(60s).complete);
  EXPECT_EQ(s->counters().delivered, static_cast<std::uint64_t>(n));
  EXPECT_EQ(s->counters().destinations, static_cast<std::size_t>(n));
  {
    std::lock_guard lk(h.service->mu);
    EXPECT_EQ(h.service->groups["g"].size(), static_cast<std::size_t>(n));
    EXPECT_EQ(h.service->create_group_calls, 1);  // one group, created once
  }
  // The clock stood still during the flush: nothing expired. Past the TTL
  // (and the dispatcher's once-a-second sweep) every idle destination goes.
  // The clock keeps moving while the test waits: a sender may still be
  // finishing its last job (flush() returns once the batch is settled, just
  // before the sender marks it done), and a destination busy at one sweep
  // goes at the next, a second later, as with a real clock.
  EXPECT_TRUE(eventually([&] {
    h.clock->advance(1100ms);
    return s->counters().destinations == 0;
  }));
}

// A flush over many destinations while the queue still holds more than the
// downstream budget: each destination sends what it holds when its previous
// batch is done, so batches stay large instead of a tiny batch per tick.
TEST(engine, flush_over_many_destinations_keeps_batches_large) {
  harness h;
  h.service->put_delay = 1ms;
  auto o = make_options("g-{tenant}", "s");
  o.shipping.queue_bytes = 16u << 20;
  o.shipping.overflow = overflow_policy::block;
  o.shipping.block_timeout = 30s;
  o.shipping.flush_interval = 10s;  // only the flush sends
  test_shipper s(o, h);
  const int tenants = 200;
  const int n = 60'000;
  std::vector<std::string> ids;
  for (int t = 0; t < tenants; ++t) ids.push_back("t" + std::to_string(t));
  for (int i = 0; i < n; ++i) {
    record_view r;
    r.logger = "app";
    r.message = "a message of about sixty bytes, like a short application log";
    r.tenant = ids[static_cast<std::size_t>(i % tenants)];
    ASSERT_TRUE(s->log(r));
  }
  ASSERT_TRUE(s->flush(60s).complete);
  EXPECT_EQ(s->counters().delivered, static_cast<std::uint64_t>(n));
  EXPECT_LE(h.put_calls() * 20, n) << "batches of fewer than 20 events on average";
}

// The JSON format's events are written escaped in one pass while they fit;
// an object one byte over the limit is made again as text and split, and its
// parts put back together are the object.
TEST(engine, json_objects_at_the_size_limit_stay_whole_and_over_it_are_split) {
  harness h;
  auto o = make_options();
  o.destinations[0].format = formatter_kind::json;
  auto deps = h.deps();
  deps.limits.max_message_bytes = 300;
  test_shipper s(o, h, deps);
  const auto object_size = [](std::string_view message) {
    record_view r;
    r.timestamp_ns = 1;
    r.logger = "app";
    r.message = message;
    std::string out;
    detail::format_json(r, out);
    return out.size();
  };
  // Quotes take two bytes in the object and four in the request.
  const std::string quotes(20, '"');
  const std::string at_limit = quotes + std::string(300 - object_size(quotes), 'a');
  const std::string over_limit = at_limit + "b";
  ASSERT_EQ(object_size(at_limit), 300u);
  ASSERT_TRUE(s.log(level::info, "app", at_limit));
  ASSERT_TRUE(s.log(level::info, "app", over_limit));
  ASSERT_TRUE(s.flush().complete);
  const auto events = h.service->events("g", "s");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].message.size(), 300u);
  EXPECT_EQ(nlohmann::json::parse(events[0].message)["message"], at_limit);
  ASSERT_TRUE(events[1].message.starts_with("[1/2] ")) << events[1].message;
  ASSERT_TRUE(events[2].message.starts_with("[2/2] ")) << events[2].message;
  for (std::size_t i = 1; i < 3; ++i) EXPECT_LE(events[i].message.size(), 300u);
  const std::string joined = events[1].message.substr(6) + events[2].message.substr(6);
  EXPECT_EQ(nlohmann::json::parse(joined)["message"], over_limit);
  EXPECT_EQ(s->counters().delivered, 2u);
}

TEST(engine, logger_handle_with_tenant) {
  harness h;
  auto o = make_options("g", "t-{tenant}");
  test_shipper s(o, h);
  cwlog::logger log(*s, "api");
  EXPECT_TRUE(log.with_tenant("acme").info("hello", {{"k", 1}}));
  EXPECT_TRUE(s->flush(5s).complete);
  std::lock_guard lk(h.service->mu);
  ASSERT_EQ(h.service->groups["g"].size(), 1u);
  EXPECT_NE(h.service->groups["g"].begin()->first.find("acme"), std::string::npos);
}

}  // namespace
}  // namespace cwlog::test
