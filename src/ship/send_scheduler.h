#pragma once
// What the senders do next, and when: the send jobs by due time (steady time
// of the injected clock), the full-jitter backoff before a retry and the
// attempt limit (logs/retry.h, the Logs client's own policy pieces), and the
// retry budget shared by every destination (token_bucket): first attempts are
// free, a retry spends a token when it comes due, and with the bucket empty
// it waits for the next token instead of adding traffic.
//
// Not thread-safe: the engine calls it under its lock.
#include <chrono>
#include <cstddef>
#include <cstdint>
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
};

struct send_schedule_options {
  std::size_t max_attempts = 1;  // per batch, the first included
  std::chrono::milliseconds backoff_base{100};
  std::chrono::milliseconds backoff_cap{5000};
  double budget_per_second = 1;
  double budget_burst = 1;

  // The shipper's settings (max_attempts, retry_budget_*) and the backoff.
  static send_schedule_options from(const shipping_options& shipping, std::chrono::milliseconds backoff_base,
                                    std::chrono::milliseconds backoff_cap);
};

class send_scheduler {
 public:
  // `clock` refills the budget; it must outlive the scheduler.
  send_scheduler(const send_schedule_options& options, const clock_source& clock);

  // A job to send at `due_ns` (now for a first attempt).
  void add(send_job&& job, std::int64_t due_ns);
  // Counts a failed attempt (`ambiguous`: it may have been stored). True when
  // the job may be tried again; false when it has used every attempt.
  bool count_failure(send_job& job, bool ambiguous) const noexcept;
  // Schedules a failed job after its backoff; it spends a token when due.
  void retry(send_job&& job, std::int64_t now_ns);

  // The next job due by `now_ns` whose token (for a retry) is available.
  // None: `wait_ns` is how long until the earliest job is due (0 when none is
  // scheduled: wait for add()).
  std::optional<send_job> next(std::int64_t now_ns, std::int64_t& wait_ns);

  std::size_t size() const noexcept { return jobs_.size(); }
  bool empty() const noexcept { return jobs_.empty(); }
  // Every scheduled job, for dropping at shutdown.
  std::vector<send_job> take_all();

 private:
  std::size_t max_attempts_;
  jitter_backoff backoff_;
  token_bucket budget_;
  std::multimap<std::int64_t, send_job> jobs_;  // by due time (steady ns)
};

}  // namespace cwlog::detail
