// The send schedule on the manual clock: jobs go when due, a retry waits out
// its jittered backoff, the attempt limit holds for failures that do not pass
// by waiting, the shared budget makes retries wait for tokens instead of
// adding traffic, and a down endpoint gets one probe per backoff step, then
// the held backlog at once.
#include <gtest/gtest.h>

#include "ship/send_scheduler.h"
#include "support/manual_clock.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

std::int64_t ns(const test::manual_clock& c) {
  return c.steady_now().time_since_epoch().count();
}

send_job job_with(std::size_t events) {
  send_job j;
  j.b.events.resize(events);
  return j;
}

// The events of the next job's batch; 0 when no job goes now.
std::size_t next_events(send_scheduler& s, std::int64_t now_ns, std::int64_t& wait) {
  auto j = s.next(now_ns, wait);
  return j ? j->b.events.size() : 0;
}

send_schedule_options schedule_with(std::size_t attempts, std::chrono::milliseconds backoff,
                                    double per_second, double burst) {
  send_schedule_options o;
  o.max_attempts = attempts;
  o.backoff_base = backoff;
  o.backoff_cap = backoff;
  o.budget_per_second = per_second;
  o.budget_burst = burst;
  return o;
}

TEST(send_scheduler, a_job_goes_when_due_and_not_before) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(3, 0ms, 10, 10), clock);
  std::int64_t wait = -1;
  EXPECT_FALSE(s.next(ns(clock), wait));
  EXPECT_EQ(wait, 0);  // nothing scheduled
  s.add(job_with(1), ns(clock) + 50'000'000);
  s.add(job_with(2), ns(clock));
  auto first = s.next(ns(clock), wait);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->b.events.size(), 2u);
  EXPECT_FALSE(s.next(ns(clock), wait));
  EXPECT_EQ(wait, 50'000'000);
  clock.advance(50ms);
  auto second = s.next(ns(clock), wait);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->b.events.size(), 1u);
  EXPECT_TRUE(s.empty());
}

TEST(send_scheduler, a_retry_waits_at_most_its_backoff_ceiling) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(5, 200ms, 100, 100), clock);
  for (int i = 0; i < 20; ++i) {
    auto j = job_with(1);
    ASSERT_TRUE(s.count_failure(j, retry_class::transient));
    s.retry(std::move(j), ns(clock));
    std::int64_t wait = 0;
    auto due = s.next(ns(clock), wait);
    if (!due) {
      EXPECT_GT(wait, 0);
      EXPECT_LE(wait, 200'000'000);  // full jitter: uniform in [0, 200 ms]
      clock.advance(std::chrono::nanoseconds(wait));
      due = s.next(ns(clock), wait);
    }
    ASSERT_TRUE(due);
    EXPECT_FALSE(due->needs_token);  // it spent its token
  }
}

TEST(send_scheduler, the_attempt_limit_holds_for_failures_that_do_not_pass_by_waiting) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(3, 0ms, 10, 10), clock);
  auto j = job_with(1);
  EXPECT_TRUE(s.count_failure(j, retry_class::after_refresh));
  EXPECT_TRUE(s.count_failure(j, retry_class::ambiguous));
  EXPECT_FALSE(s.count_failure(j, retry_class::after_clock_fix));
  EXPECT_EQ(j.attempt, 3u);
  EXPECT_EQ(j.ambiguous, 1u);
  // Throttling, 5xx, network: no limit (the engine drops only what is too old).
  for (int i = 0; i < 100; ++i)
    EXPECT_TRUE(s.count_failure(j, i % 2 ? retry_class::transient : retry_class::ambiguous));
}

TEST(send_scheduler, a_down_endpoint_gets_one_probe_per_backoff_step) {
  test::manual_clock clock;
  // Backoff 100 ms doubling to 400 ms; a budget that allows almost no retry.
  auto o = schedule_with(3, 100ms, 0.001, 1);
  o.backoff_cap = 400ms;
  send_scheduler s(o, clock);
  for (int i = 0; i < 5; ++i) s.add(job_with(1), ns(clock));
  std::int64_t wait = 0;
  auto failed = s.next(ns(clock), wait);
  ASSERT_TRUE(failed);
  s.endpoint_down(std::move(*failed), ns(clock));
  EXPECT_TRUE(s.endpoint_is_down());
  std::chrono::milliseconds ceiling = 100ms;
  for (int step = 0; step < 4; ++step) {
    // Nothing goes before the step is over, however often it is asked.
    auto early = s.next(ns(clock), wait);
    if (!early) {
      EXPECT_LE(wait, std::chrono::nanoseconds(ceiling).count());
      clock.advance(std::chrono::nanoseconds(wait));
    }
    auto probe = early ? std::move(early) : s.next(ns(clock), wait);
    ASSERT_TRUE(probe);
    EXPECT_TRUE(probe->probe);
    // One probe at a time: no other job while it is out, even much later.
    clock.advance(10s);
    EXPECT_FALSE(s.next(ns(clock), wait));
    s.endpoint_down(std::move(*probe), ns(clock));
    ceiling = std::min<std::chrono::milliseconds>(ceiling * 2, 400ms);
  }
  EXPECT_EQ(s.size(), 5u);
  // It answers: the four jobs never sent go at once (first sends spend no
  // token); the one that failed is a retry and waits for the budget.
  s.endpoint_answered();
  EXPECT_FALSE(s.endpoint_is_down());
  int sent = 0;
  while (auto j = s.next(ns(clock), wait)) {
    EXPECT_FALSE(j->probe);
    ++sent;
  }
  EXPECT_GE(sent, 4);
}

TEST(send_scheduler, a_probe_that_ends_without_an_answer_lets_the_next_job_probe) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(3, 0ms, 10, 10), clock);
  s.add(job_with(1), ns(clock));
  s.add(job_with(2), ns(clock));
  std::int64_t wait = 0;
  auto first = s.next(ns(clock), wait);
  ASSERT_TRUE(first);
  s.endpoint_down(std::move(*first), ns(clock));
  auto probe = s.next(ns(clock), wait);
  ASSERT_TRUE(probe);
  EXPECT_FALSE(s.next(ns(clock), wait));
  s.probe_ended();  // e.g. parked behind another sender's group creation
  EXPECT_TRUE(s.next(ns(clock), wait));
}

TEST(send_scheduler, retries_wait_for_budget_tokens_first_attempts_do_not) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(10, 0ms, 1, 2), clock);  // 1 token a second, burst 2
  for (int i = 0; i < 3; ++i) {
    auto j = job_with(1);
    s.count_failure(j, retry_class::transient);
    s.retry(std::move(j), ns(clock));
  }
  s.add(job_with(7), ns(clock));  // a first attempt needs no token
  std::int64_t wait = 0;
  int sent = 0;
  while (auto j = s.next(ns(clock), wait)) ++sent;
  EXPECT_EQ(sent, 3);  // two retries (the burst) and the first attempt
  EXPECT_EQ(s.size(), 1u);
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 1'000'000'001);
  clock.advance(1s + 1ms);  // the next token, a nanosecond past the second
  EXPECT_TRUE(s.next(ns(clock), wait));
}

// A retry that waited for a token gets the next one, ahead of a retry that
// came due after it started waiting (here one that failed again at once, with
// no backoff drawn, as on a frozen clock): the waiting ones go in the order
// they came due, so a batch failing fast cannot take every new token.
TEST(send_scheduler, retries_waiting_for_tokens_take_them_in_the_order_they_came_due) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(10, 0ms, 1, 1), clock);  // 1 token a second, burst 1
  const auto retry = [&](std::size_t events, std::int64_t at) {
    auto j = job_with(events);
    s.count_failure(j, retry_class::transient);
    s.retry(std::move(j), at);
  };
  std::int64_t wait = 0;
  retry(9, ns(clock));
  ASSERT_TRUE(s.next(ns(clock), wait));  // spends the burst
  retry(1, ns(clock));                   // A: due now, no token
  EXPECT_FALSE(s.next(ns(clock), wait));
  EXPECT_GT(wait, 0);
  const std::int64_t failed_at = ns(clock);
  retry(2, failed_at);  // B: failed again at the same instant
  clock.advance(1s + 1ms);
  EXPECT_EQ(next_events(s, ns(clock), wait), 1u);  // A, which waited
  EXPECT_EQ(next_events(s, ns(clock), wait), 0u);  // B waits for the next token
  EXPECT_EQ(s.size(), 1u);
  clock.advance(1s + 1ms);
  EXPECT_EQ(next_events(s, ns(clock), wait), 2u);
  EXPECT_TRUE(s.empty());
}

// First attempts never wait behind retries short of tokens.
TEST(send_scheduler, first_attempts_pass_retries_waiting_for_tokens) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(10, 0ms, 1, 1), clock);
  std::int64_t wait = 0;
  auto j = job_with(9);
  s.count_failure(j, retry_class::transient);
  s.retry(std::move(j), ns(clock));
  ASSERT_TRUE(s.next(ns(clock), wait));  // spends the burst
  auto r = job_with(1);
  s.count_failure(r, retry_class::transient);
  s.retry(std::move(r), ns(clock));
  s.add(job_with(3), ns(clock));
  EXPECT_EQ(next_events(s, ns(clock), wait), 3u);
  EXPECT_EQ(next_events(s, ns(clock), wait), 0u);
  EXPECT_GE(wait, 1'000'000);  // the retry's token, polled no faster than each millisecond
  EXPECT_EQ(s.take_all().size(), 1u);
}

TEST(send_scheduler, take_all_empties_the_schedule) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(3, 0ms, 10, 10), clock);
  s.add(job_with(1), ns(clock) + 1'000'000'000);
  s.add(job_with(1), ns(clock));
  EXPECT_EQ(s.take_all().size(), 2u);
  EXPECT_TRUE(s.empty());
}

}  // namespace
}  // namespace cwlog::detail
