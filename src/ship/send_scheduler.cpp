#include "ship/send_scheduler.h"

#include <algorithm>
#include <limits>

namespace cwlog::detail {
namespace {

// Jobs that failed against a down endpoint sort before every other job: they
// are the next probes, so the jobs never sent stay first sends (no token)
// for when the endpoint answers again.
constexpr std::int64_t failed_while_down = std::numeric_limits<std::int64_t>::min();

}  // namespace

send_schedule_options send_schedule_options::from(const shipping_options& shipping,
                                                  std::chrono::milliseconds backoff_base,
                                                  std::chrono::milliseconds backoff_cap,
                                                  std::uint64_t jitter_seed) {
  send_schedule_options o;
  o.max_attempts = shipping.max_attempts;
  o.backoff_base = backoff_base;
  o.backoff_cap = backoff_cap;
  o.jitter_seed = jitter_seed;
  o.budget_per_second = shipping.retry_budget_per_second;
  o.budget_burst = static_cast<double>(shipping.retry_budget_burst);
  return o;
}

send_scheduler::send_scheduler(const send_schedule_options& options, const clock_source& clock)
    : max_attempts_(std::max<std::size_t>(options.max_attempts, 1)),
      backoff_(options.backoff_base, options.backoff_cap, options.jitter_seed),
      budget_(options.budget_per_second, options.budget_burst, clock) {}

void send_scheduler::add(send_job&& job, std::int64_t due_ns) {
  jobs_.emplace(due_ns, std::move(job));
}

bool send_scheduler::count_failure(send_job& job, retry_class cls) const noexcept {
  if (cls == retry_class::ambiguous) ++job.ambiguous;
  ++job.attempt;
  return passes_by_waiting(cls) || job.attempt < max_attempts_;
}

void send_scheduler::endpoint_down(send_job&& job, std::int64_t now_ns) {
  if (!down_) {
    down_ = true;
    down_step_ = 0;
  } else if (job.probe) {
    ++down_step_;
  } else {
    // In flight when the endpoint went down: held, the probe schedule stands.
    job.needs_token = true;
    jobs_.emplace(failed_while_down, std::move(job));
    return;
  }
  probe_in_flight_ = false;
  job.probe = false;
  job.needs_token = true;  // once the endpoint answers, a retry like any other
  const auto step =
      std::chrono::duration_cast<std::chrono::nanoseconds>(backoff_.next(std::min(down_step_, 62)));
  probe_due_ns_ = now_ns + step.count();
  jobs_.emplace(failed_while_down, std::move(job));
}

void send_scheduler::endpoint_answered() noexcept {
  down_ = false;
  probe_in_flight_ = false;
  down_step_ = 0;
}

void send_scheduler::retry(send_job&& job, std::int64_t now_ns) {
  job.probe = false;
  const int retry_number = static_cast<int>(std::min<std::size_t>(job.attempt - 1, 62));
  const auto delay = std::chrono::duration_cast<std::chrono::nanoseconds>(backoff_.next(retry_number));
  job.needs_token = true;
  jobs_.emplace(now_ns + delay.count(), std::move(job));
}

std::optional<send_job> send_scheduler::next(std::int64_t now_ns, std::int64_t& wait_ns) {
  if (down_) {
    // One probe at a time, when its step is due; it is paced by the steps,
    // so it spends no token. The rest waits for an answer.
    wait_ns = 0;
    if (probe_in_flight_ || (jobs_.empty() && awaiting_token_.empty())) return std::nullopt;
    if (probe_due_ns_ > now_ns) {
      wait_ns = probe_due_ns_ - now_ns;
      return std::nullopt;
    }
    send_job job;
    if (!jobs_.empty()) {
      auto it = jobs_.begin();
      job = std::move(it->second);
      jobs_.erase(it);
    } else {
      job = std::move(awaiting_token_.front());
      awaiting_token_.pop_front();
    }
    job.probe = true;
    job.needs_token = false;
    probe_in_flight_ = true;
    return job;
  }
  // The longest-waiting retry first, while tokens last.
  if (!awaiting_token_.empty() && budget_.try_acquire()) {
    send_job job = std::move(awaiting_token_.front());
    awaiting_token_.pop_front();
    job.needs_token = false;
    return job;
  }
  while (!jobs_.empty() && jobs_.begin()->first <= now_ns) {
    auto it = jobs_.begin();
    send_job job = std::move(it->second);
    jobs_.erase(it);
    if (job.needs_token) {
      // Behind the retries already waiting, whatever the bucket holds: they
      // came due first.
      if (!awaiting_token_.empty() || !budget_.try_acquire()) {
        awaiting_token_.push_back(std::move(job));
        continue;
      }
      job.needs_token = false;
    }
    return job;
  }
  // Nothing to send now: until the next job is due, or the next token for
  // the waiting retries (at least 1 ms, so a drained bucket is not polled in
  // a tight loop).
  wait_ns = 0;
  if (!jobs_.empty()) wait_ns = jobs_.begin()->first - now_ns;
  if (!awaiting_token_.empty()) {
    const auto token = std::max<std::int64_t>(budget_.wait_time().count(), 1'000'000);
    wait_ns = wait_ns == 0 ? token : std::min(wait_ns, token);
  }
  return std::nullopt;
}

std::vector<send_job> send_scheduler::take_all() {
  std::vector<send_job> out;
  out.reserve(size());
  for (auto& job : awaiting_token_) out.push_back(std::move(job));
  for (auto& [due, job] : jobs_) out.push_back(std::move(job));
  awaiting_token_.clear();
  jobs_.clear();
  return out;
}

}  // namespace cwlog::detail
