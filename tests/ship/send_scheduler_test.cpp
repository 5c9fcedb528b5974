// The send schedule on the manual clock: jobs go when due, a retry waits out
// its jittered backoff, the attempt limit holds, and the shared budget makes
// retries wait for tokens instead of adding traffic.
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
    ASSERT_TRUE(s.count_failure(j, false));
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

TEST(send_scheduler, the_attempt_limit_counts_every_failure) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(3, 0ms, 10, 10), clock);
  auto j = job_with(1);
  EXPECT_TRUE(s.count_failure(j, true));
  EXPECT_TRUE(s.count_failure(j, false));
  EXPECT_FALSE(s.count_failure(j, true));
  EXPECT_EQ(j.attempt, 3u);
  EXPECT_EQ(j.ambiguous, 2u);
}

TEST(send_scheduler, retries_wait_for_budget_tokens_first_attempts_do_not) {
  test::manual_clock clock;
  send_scheduler s(schedule_with(10, 0ms, 1, 2), clock);  // 1 token a second, burst 2
  for (int i = 0; i < 3; ++i) {
    auto j = job_with(1);
    s.count_failure(j, false);
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
