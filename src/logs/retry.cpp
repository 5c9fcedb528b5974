#include "logs/retry.h"

#include <algorithm>

namespace cwlog::detail {

bool is_retryable(const logs_error& error) {
  switch (error.kind) {
    case logs_errc::throttling:
    case logs_errc::service_unavailable:
    case logs_errc::operation_aborted:  // a concurrent change to the same resource; it passes
    case logs_errc::network:
    case logs_errc::timeout:
    case logs_errc::connection_reset:
    case logs_errc::clock_skew:     // retried after re-signing with the server's time
    case logs_errc::expired_token:  // retried after the provider fetched new credentials
      return true;
    case logs_errc::malformed_response:
      // A proxy's error page or a cut-off body on a failing server; a 2xx with
      // a broken body is not retried (the call may have taken effect).
      return error.http_status == 0 || error.http_status >= 500;
    case logs_errc::payload_too_large:
    case logs_errc::no_credentials:
      return false;
    default:
      // Other 4xx mean the request itself is wrong; an unknown type on a 5xx
      // is still a server problem.
      return error.http_status >= 500;
  }
}

jitter_backoff::jitter_backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap,
                               std::uint64_t seed)
    : base_(base), cap_(cap), rng_(seed != 0 ? seed : std::random_device{}()) {}

std::chrono::milliseconds jitter_backoff::ceiling(int retry) const {
  // base * 2^retry without overflow: stop doubling once the cap is reached.
  auto ceiling = std::max<std::int64_t>(base_.count(), 0);
  for (int i = 0; i < retry && ceiling < cap_.count(); ++i) ceiling *= 2;
  return std::chrono::milliseconds(std::min<std::int64_t>(ceiling, cap_.count()));
}

std::chrono::milliseconds jitter_backoff::next(int retry) {
  const auto upper = ceiling(retry).count();
  if (upper <= 0) return std::chrono::milliseconds(0);
  std::uniform_int_distribution<std::int64_t> pick(0, upper);
  std::lock_guard lock(mutex_);
  return std::chrono::milliseconds(pick(rng_));
}

}  // namespace cwlog::detail
