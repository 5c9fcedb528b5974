// The caller's path through the engine (engine_caller.cpp): records written
// into per-thread rings reach the fair queue in each thread's order; flush()
// sees every thread's records; threads that exit leave nothing behind;
// several shippers in one thread; the overflow policies and tenant fairness
// applied where the rings are emptied; block waiting for room and giving up
// at block_timeout on the manual clock; and the level check, per logger
// name, made before anything is encoded.
#include <gtest/gtest.h>

#include <cwlog/logger.h>
#include <cwlog/shipper.h>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "engine_harness.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;

std::string tagged(int thread, int i) {
  return std::to_string(thread) + ":" + std::to_string(i);
}

TEST(caller_path, every_threads_records_arrive_once_in_its_order) {
  harness h;
  // One put per stream at a time: with parallel puts, batches of one stream
  // may be stored in any order, and this test reads the order back.
  auto o = make_options();
  o.shipping.max_in_flight_per_stream = 1;
  test_shipper s(o, h);
  constexpr int threads = 8, per_thread = 3000;
  std::vector<std::thread> producers;
  for (int t = 0; t < threads; ++t)
    producers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) ASSERT_TRUE(s.log(level::info, "app", tagged(t, i)));
    });
  for (auto& p : producers) p.join();
  // The threads have exited: what they left in their rings is still delivered.
  ASSERT_TRUE(s.flush(30s).complete);
  std::map<int, int> next;
  for (const auto& e : h.service->events("g", "s")) {
    const int t = std::stoi(e.message.substr(0, e.message.find(':')));
    const int i = std::stoi(e.message.substr(e.message.find(':') + 1));
    ASSERT_EQ(i, next[t]++) << "thread " << t << " out of order";
  }
  for (int t = 0; t < threads; ++t) EXPECT_EQ(next[t], per_thread);
  const auto c = s.counters();
  EXPECT_EQ(c.enqueued, static_cast<std::uint64_t>(threads * per_thread));
  EXPECT_EQ(c.dropped_total(), 0u);
  // A sender gives a batch's bytes back before it counts the batch settled
  // (engine_send.cpp), so flush() returns with nothing held.
  EXPECT_EQ(c.queue_bytes, 0u);
}

TEST(caller_path, flush_sees_records_of_threads_still_running) {
  harness h;
  test_shipper s(make_options(), h);
  std::atomic<int> logged{0};
  std::atomic<bool> stop{false};
  std::thread producer([&] {
    for (int i = 0; !stop; ++i) {
      s.log(level::info, "app", msg(i));
      logged = i + 1;
    }
  });
  ASSERT_TRUE(eventually([&] { return logged >= 500; }));
  const int before = logged;  // logged before flush() began
  ASSERT_TRUE(s.flush(30s).complete);
  EXPECT_GE(h.service->events("g", "s").size(), static_cast<std::size_t>(before));
  stop = true;
  producer.join();
}

TEST(caller_path, several_shippers_on_one_thread_and_one_going_first) {
  harness h1, h2, h3;
  auto first = std::make_unique<test_shipper>(make_options(), h1);
  test_shipper second(make_options(), h2);
  for (int i = 0; i < 100; ++i) {
    first->log(level::info, "app", msg(i));
    second.log(level::info, "app", msg(i));
  }
  ASSERT_TRUE(first->flush(10s).complete);
  first.reset();  // this thread still holds a ring of the shipper that is gone
  test_shipper third(make_options(), h3);
  for (int i = 100; i < 200; ++i) {
    second.log(level::info, "app", msg(i));
    third.log(level::info, "app", msg(i));
  }
  ASSERT_TRUE(second.flush(10s).complete);
  ASSERT_TRUE(third.flush(10s).complete);
  expect_exactly_once(h1.service->events("g", "s"), 100);
  expect_exactly_once(h2.service->events("g", "s"), 200);
  EXPECT_EQ(h3.service->events("g", "s").size(), 100u);
}

// The loud tenant floods from its own thread, so its records reach the queue
// through a different ring than the quiet one's: fairness is decided where
// the rings are emptied, and drop_oldest evicts only the loud tenant.
TEST(caller_path, drop_oldest_evicts_the_loud_tenant_only) {
  harness h;
  h.service->hold_puts = true;  // nothing is delivered while the flood lasts
  auto o = make_options();
  o.shipping.queue_bytes = 2 << 20;
  o.shipping.overflow = overflow_policy::drop_oldest;
  test_shipper s(o, h);
  cwlog::logger base(*s, "app");
  const auto loud = base.with_tenant("loud");
  const auto quiet = base.with_tenant("quiet");
  const std::string payload(500, 'L');
  std::atomic<int> round{0};
  std::thread flood([&] {
    for (int r = 0; r < 200; ++r) {
      for (int i = 0; i < 50; ++i) loud.info(payload);
      round = r + 1;
    }
  });
  for (int r = 0; r < 200; ++r) {
    while (round < r) std::this_thread::yield();  // keep pace with the flood
    EXPECT_TRUE(quiet.info("quiet-" + std::to_string(r)));
  }
  flood.join();
  h.service->hold_puts = false;
  ASSERT_TRUE(s->flush(60s).complete);
  std::set<std::string> quiet_seen;
  for (auto& e : h.service->events("g", "s"))
    if (e.message.rfind("quiet-", 0) == 0) quiet_seen.insert(e.message);
  EXPECT_EQ(quiet_seen.size(), 200u);  // the quiet tenant lost nothing
  const auto c = s->counters();
  EXPECT_GT(c.dropped_by(drop_reason::evicted), 1000u);  // the loud one's oldest went, counted
  EXPECT_EQ(c.dropped_total(), c.dropped_by(drop_reason::evicted));
  EXPECT_EQ(c.delivered + c.dropped_total(), 200u * 51u);
}

TEST(caller_path, drop_newest_counts_what_the_queue_refuses) {
  harness h;
  h.service->hold_puts = true;
  auto o = make_options();
  o.shipping.queue_bytes = 256 << 10;
  test_shipper s(o, h);
  const std::string payload(1000, 'p');
  constexpr int total = 3000;  // ~3 MB against a 256 KiB bound
  for (int i = 0; i < total; ++i) s.log(level::info, "app", payload);
  // counters() empties the rings first: every record is queued or counted.
  const auto during = s.counters();
  EXPECT_LE(during.queue_bytes, o.shipping.queue_bytes);
  EXPECT_EQ(during.enqueued + during.dropped_total(), static_cast<std::uint64_t>(total));
  h.service->hold_puts = false;
  ASSERT_TRUE(s.flush(30s).complete);
  const auto c = s.counters();
  EXPECT_GT(c.dropped_by(drop_reason::queue_full), 0u);
  EXPECT_EQ(c.delivered + c.dropped_total(), static_cast<std::uint64_t>(total));
}

// A caller whose ring is full waits (asleep) for room, and gives up on the
// record it is logging once the injected clock passes block_timeout.
TEST(caller_path, block_waits_for_room_then_gives_up_at_block_timeout) {
  harness h;
  h.service->hold_puts = true;
  auto o = make_options();
  o.shipping.queue_bytes = 256 << 10;  // 4 KiB rings
  o.shipping.overflow = overflow_policy::block;
  o.shipping.block_timeout = 1s;
  test_shipper s(o, h);
  const std::string payload(1000, 'p');
  std::atomic<int> returned{0};
  std::atomic<bool> refused{false};
  std::thread producer([&] {
    while (!refused) {
      if (!s.log(level::info, "app", payload)) refused = true;
      ++returned;
    }
  });
  // The producer stops returning: the queue, then its ring, are full.
  int seen = -1;
  ASSERT_TRUE(eventually([&] {
    const int now = returned;
    const bool still = now == seen;
    seen = now;
    if (still) std::this_thread::sleep_for(20ms);
    return still && returned == now;
  }));
  EXPECT_FALSE(refused);  // waiting, not dropping: the clock has not moved
  EXPECT_EQ(s.counters().dropped_total(), 0u);
  while (!refused) {  // once past its deadline, the caller drops the record it holds
    h.clock->advance(2s);
    std::this_thread::sleep_for(1ms);
  }
  producer.join();
  EXPECT_EQ(s.counters().dropped_by(drop_reason::block_timeout), 1u);
  h.service->hold_puts = false;
  ASSERT_TRUE(s.flush(30s).complete);
  const auto c = s.counters();
  EXPECT_EQ(c.delivered + c.dropped_total(), static_cast<std::uint64_t>(returned.load()));
}

TEST(caller_path, levels_per_logger_are_checked_before_encoding) {
  harness h;
  auto o = make_options();
  o.min_level = level::info;
  o.logger_min_levels = {{"db", level::warn}, {"db.slow", level::debug}};
  test_shipper s(o, h);
  EXPECT_EQ(s->min_level_for("app"), level::info);
  EXPECT_EQ(s->min_level_for("db.pool"), level::warn);
  EXPECT_EQ(s->min_level_for("db.slow.query"), level::debug);
  const cwlog::logger app(*s, "app"), db(*s, "db.pool"), slow(*s, "db.slow");
  EXPECT_FALSE(app.should_log(level::debug));
  EXPECT_FALSE(db.should_log(level::info));
  EXPECT_TRUE(slow.should_log(level::debug));
  EXPECT_FALSE(app.debug("dropped {}", 1));
  EXPECT_FALSE(db.info("dropped"));
  EXPECT_FALSE(s.log(level::info, "db.pool", "dropped"));
  EXPECT_TRUE(slow.debug("kept {}", 2));
  EXPECT_TRUE(app.info("kept"));
  ASSERT_TRUE(s.flush(10s).complete);
  const auto c = s.counters();
  EXPECT_EQ(c.dropped_by(drop_reason::below_min_level), 3u);
  EXPECT_EQ(c.enqueued, 2u);  // the filtered records never reached the queue
  EXPECT_EQ(h.service->events("g", "s").size(), 2u);
}

TEST(caller_path, timestamps_are_the_injected_clocks_or_the_system_clocks) {
  using std::chrono::system_clock;
  const auto ms = [](system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  };
  {
    // The manual clock decides (no TSC in between), on the ring's path and the shared one.
    harness h;
    auto o = make_options();
    o.shipping.queue_bytes = 1 << 20;  // 16 KiB rings: a 10 KB record takes the shared path
    test_shipper s(o, h);
    ASSERT_TRUE(s.log(level::info, "app", "ring"));
    h.clock->advance(3s);
    ASSERT_TRUE(s.log(level::info, "app", std::string(10'000, 'B')));
    ASSERT_TRUE(s.flush(10s).complete);
    const auto events = h.service->events("g", "s");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].timestamp, ms(fixed_test_time()));
    EXPECT_EQ(events[1].timestamp, ms(fixed_test_time() + 3s));
  }
  {
    // The system clock: stamped from the TSC where it is invariant, and
    // converted to the wall time read around the calls. The bounds are a
    // second wide: any mistake of unit or rate is off by far more.
    harness h;
    auto deps = h.deps();
    deps.clock = nullptr;
    auto o = make_options();
    o.shipping.queue_bytes = 1 << 20;
    test_shipper s(o, h, deps);
    const auto before = ms(system_clock::now());
    ASSERT_TRUE(s.log(level::info, "app", "ring"));
    ASSERT_TRUE(s.log(level::info, "app", std::string(10'000, 'B')));
    const auto after = ms(system_clock::now());
    ASSERT_TRUE(s.flush(10s).complete);
    const auto events = h.service->events("g", "s");
    ASSERT_EQ(events.size(), 2u);
    for (const auto& e : events) {
      EXPECT_GE(e.timestamp, before - 1000);
      EXPECT_LE(e.timestamp, after + 1000);
    }
  }
}

TEST(caller_path, a_record_larger_than_the_ring_keeps_its_place) {
  harness h;
  auto o = make_options();
  o.shipping.queue_bytes = 1 << 20;  // 16 KiB rings: records over 4 KiB take the shared path
  test_shipper s(o, h);
  const std::string big(10'000, 'B');
  for (int i = 0; i < 30; ++i) s.log(level::info, "app", i % 3 == 0 ? big + msg(i) : msg(i));
  ASSERT_TRUE(s.flush(10s).complete);
  const auto events = h.service->events("g", "s");
  ASSERT_EQ(events.size(), 30u);
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(events[static_cast<std::size_t>(i)].message.ends_with(msg(i)));
}

}  // namespace
}  // namespace cwlog::test
