#pragma once
// What the senders do next, and when: the send jobs by due time (steady time
// of the injected clock), the full-jitter backoff before a retry and the
// attempt limit (logs/retry.h, the Logs client's own policy pieces), and the
// retry budget shared by every destination (token_bucket): first attempts are
// free, a retry spends a token when it comes due, and with the bucket empty
// it waits for the next token instead of adding traffic. Retries that came
// due while the bucket was empty take the tokens in the order they came due:
// a batch that fails at once after every attempt (no backoff drawn) cannot
// take each new token ahead of a retry that was waiting already.
//
// Failures that pass by waiting (throttling, 5xx, network) have no attempt
// limit: the engine drops their records only when too old for the service.
//
// The endpoint's state: when a request gets no answer at all (refused, DNS,
// timeout, reset), the endpoint is down and every job is held; one job at a
// time goes as a probe, one per backoff step (the steps grow as for a retry,
// up to the cap). The first answer of any kind brings the endpoint up and
// the held jobs go at once: first sends spend no token, so a backlog drains
// at full speed, while retries stay paced by the budget.
//
// Not thread-safe: the engine calls it under its lock.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include <cwlog/options.h>

#include "common/clock.h"
#include "logs/retry.h"
#include "ship/batcher.h"
#include "ship/retry_budget.h"

namespace cwlog::detail {

struct destination_state;

struct send_job {
  destination_state* dest = nullptr;
  batch b;
  std::size_t attempt = 0;    // attempts made
  std::size_t ambiguous = 0;  // earlier attempts that may have been stored
  bool needs_token = false;   // a retry: spend a budget token first
  bool probe = false;         // sent to learn whether a down endpoint answers again
};

struct send_schedule_options {
  std::size_t max_attempts = 1;  // per batch, the first included
  std::chrono::milliseconds backoff_base{100};
  std::chrono::milliseconds backoff_cap{5000};
  std::uint64_t jitter_seed = 0;  // 0: from std::random_device (tests fix it to know the draws)
  double budget_per_second = 1;
  double budget_burst = 1;

  // The shipper's settings (max_attempts, retry_budget_*) and the backoff.
  static send_schedule_options from(const shipping_options& shipping, std::chrono::milliseconds backoff_base,
                                    std::chrono::milliseconds backoff_cap, std::uint64_t jitter_seed = 0);
};

class send_scheduler {
 public:
  // `clock` refills the budget; it must outlive the scheduler.
  send_scheduler(const send_schedule_options& options, const clock_source& clock);

  // A job to send at `due_ns` (now for a first attempt).
  void add(send_job&& job, std::int64_t due_ns);
  // Counts a failed attempt of class `cls` (ambiguous: it may have been
  // stored). True when the job may be tried again: always for a class that
  // passes by waiting, within max_attempts for the others.
  bool count_failure(send_job& job, retry_class cls) const noexcept;
  // Schedules a failed job after its backoff; it spends a token when due.
  void retry(send_job&& job, std::int64_t now_ns);

  // A request got no answer (logs/retry.h endpoint_unreachable): the
  // endpoint is down, `job` is held, and the next probe goes one backoff step
  // later (a failed probe makes the step longer; a job that was already in
  // flight when the endpoint went down does not).
  void endpoint_down(send_job&& job, std::int64_t now_ns);
  // Any answer from the endpoint: it is up, held jobs are due at their times.
  void endpoint_answered() noexcept;
  // A probe's attempt ended without telling (parked, dropped as too old):
  // the next job may probe.
  void probe_ended() noexcept { probe_in_flight_ = false; }
  bool endpoint_is_down() const noexcept { return down_; }

  // The next job due by `now_ns` whose token (for a retry) is available.
  // None: `wait_ns` is how long until the earliest job is due (0 when none is
  // scheduled: wait for add()).
  std::optional<send_job> next(std::int64_t now_ns, std::int64_t& wait_ns);

  std::size_t size() const noexcept { return jobs_.size() + awaiting_token_.size(); }
  bool empty() const noexcept { return jobs_.empty() && awaiting_token_.empty(); }
  // Every scheduled job, for dropping at shutdown.
  std::vector<send_job> take_all();

 private:
  std::size_t max_attempts_;
  jitter_backoff backoff_;
  bool down_ = false;  // the endpoint gives no answer: hold everything but one probe
  bool probe_in_flight_ = false;
  int down_step_ = 0;  // failed probes since it went down
  std::int64_t probe_due_ns_ = 0;
  token_bucket budget_;
  std::multimap<std::int64_t, send_job> jobs_;  // by due time (steady ns)
  std::deque<send_job> awaiting_token_;         // retries due, the bucket empty: oldest first
};

}  // namespace cwlog::detail
