#include "logs/retry.h"

#include <algorithm>

namespace cwlog::detail {

retry_class classify(const logs_error& error) noexcept {
  switch (error.kind) {
    case logs_errc::resource_not_found:
      return retry_class::missing;
    case logs_errc::resource_already_exists:
      return retry_class::exists;
    case logs_errc::throttling:
    case logs_errc::service_unavailable:
    case logs_errc::operation_aborted:  // a concurrent change to the same resource; it passes
    case logs_errc::network:            // refused, DNS, TLS: nothing reached the service
      return retry_class::transient;
    case logs_errc::timeout:
    case logs_errc::connection_reset:
      return retry_class::ambiguous;
    case logs_errc::expired_token:
    case logs_errc::no_credentials:  // IMDS or the container endpoint may answer next time
      return retry_class::after_refresh;
    case logs_errc::clock_skew:
      return retry_class::after_clock_fix;
    case logs_errc::malformed_response:
    case logs_errc::unknown:
      // No status: the connection broke mid-answer. 5xx/429: a proxy's error
      // page or a cut-off body on a failing server. A 2xx with a broken body
      // is not resent by the client (the call took effect).
      if (error.http_status == 0) return retry_class::ambiguous;
      if (error.http_status >= 500 || error.http_status == 429) return retry_class::transient;
      return retry_class::permanent;
    case logs_errc::limit_exceeded:  // a resource quota (e.g. log groups per account), not a rate
    case logs_errc::payload_too_large:
      return retry_class::permanent;
    default:
      // Other 4xx mean the request itself is wrong; an unknown type on a 5xx
      // is still a server problem.
      return error.http_status >= 500 ? retry_class::transient : retry_class::permanent;
  }
}

bool is_retryable(const logs_error& error) noexcept {
  switch (classify(error)) {
    case retry_class::transient:
    case retry_class::ambiguous:
    case retry_class::after_refresh:
    case retry_class::after_clock_fix:
      return true;
    default:
      return false;
  }
}

bool endpoint_unreachable(const logs_error& error) noexcept {
  if (error.http_status != 0) return false;
  switch (error.kind) {
    case logs_errc::network:
    case logs_errc::timeout:
    case logs_errc::connection_reset:
      return true;
    default:
      return false;
  }
}

bool passes_by_waiting(retry_class c) noexcept {
  return c == retry_class::transient || c == retry_class::ambiguous;
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
