#pragma once
// Which CloudWatch Logs errors are worth another attempt, and how long to wait
// before it: exponential backoff with full jitter (delay uniform in
// [0, min(cap, base * 2^n)]), bounded by attempts and a deadline. The random
// source and the sleeper are injected so tests are deterministic and fast.
// The shipping engine drives its own retries with the same pieces (classify,
// jitter_backoff, retry_budget): there is one policy, not two.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>

#include "logs/logs_error.h"

namespace cwlog::detail {

// A budget shared by many callers (the shipping engine's token bucket), so a
// service outage does not turn into a retry storm. A retry happens only when
// try_acquire() returns true; first attempts never consume the budget.
class retry_budget {
 public:
  virtual ~retry_budget() = default;
  virtual bool try_acquire() = 0;
};

using sleeper = std::function<void(std::chrono::milliseconds)>;

struct retry_policy {
  int max_attempts = 5;                        // total attempts, first included (>= 1)
  std::chrono::milliseconds base_delay{100};   // backoff base
  std::chrono::milliseconds max_delay{10000};  // backoff cap
  std::chrono::milliseconds deadline{60000};   // whole call incl. waits; 0 = no deadline
  std::uint64_t jitter_seed = 0;               // 0: seeded from std::random_device
  sleeper sleep;                               // empty: std::this_thread::sleep_for
  std::shared_ptr<retry_budget> budget;        // optional shared budget
};

// What a failed call means for another attempt: the one classification used
// by logs_client's own retry loop and by the shipping engine (the table, with
// the reasons, is in docs/delivery.md "Retries").
enum class retry_class {
  transient,        // throttling, 5xx, OperationAborted, refused connection, DNS or other
                    // failure before the request went out: resend after a backoff
  ambiguous,        // timeout or reset after sending, no status: the call may have been
                    // applied; resend after a backoff (a put may then store twice)
  after_refresh,    // expired or unavailable credentials: fetch them again, then resend
  after_clock_fix,  // the signature's time is too far from the server's: re-sign, resend
  missing,          // ResourceNotFound: the group or stream must be created first
  exists,           // ResourceAlreadyExists: success for a create
  permanent         // the request itself is wrong, not allowed or over a quota: never resend
};
retry_class classify(const logs_error& error) noexcept;

// Whether another attempt can succeed (every class but missing, exists and permanent).
bool is_retryable(const logs_error& error) noexcept;

// Whether the error says the endpoint itself gave no answer (refused, DNS,
// TLS, timeout, reset without a status): every call to it would fail alike,
// so a caller with many requests to make probes it with one at a time
// instead of sending each (the shipping engine's send_scheduler).
bool endpoint_unreachable(const logs_error& error) noexcept;

// Whether a failure of this class passes by waiting (throttling, 5xx,
// network): such a call is worth retrying for as long as its payload is still
// wanted, with no attempt limit. The other retryable classes (credentials,
// clock, a missing resource) may fail the same way forever and keep one.
bool passes_by_waiting(retry_class c) noexcept;

// Full-jitter backoff with a seeded RNG. Thread-safe.
class jitter_backoff {
 public:
  jitter_backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint64_t seed = 0);
  // Delay before retry number `retry` (0 for the first retry): uniform in
  // [0, min(cap, base * 2^retry)].
  std::chrono::milliseconds next(int retry);
  // The upper bound next(retry) draws from.
  std::chrono::milliseconds ceiling(int retry) const;

 private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds cap_;
  std::mutex mutex_;
  std::mt19937_64 rng_;
};

}  // namespace cwlog::detail
