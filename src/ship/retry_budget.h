#pragma once
// The retry budget shared by every destination of a shipper: a token bucket
// (shipping_options::retry_budget_per_second, retry_budget_burst). Each retry
// spends a token; first attempts are free. When the bucket is empty, retries
// wait for the next token instead of adding traffic, so a throttling storm
// cannot multiply the request rate.
#include <algorithm>
#include <chrono>
#include <mutex>

#include "logs/retry.h"

namespace cwlog::detail {

class token_bucket final : public retry_budget {
 public:
  using steady = std::chrono::steady_clock;
  token_bucket(double per_second, double burst, steady::time_point now)
      : rate_(std::max(per_second, 0.001)), burst_(std::max(burst, 1.0)), tokens_(burst_), last_(now) {}

  // Spends a token at `now` if one is available.
  bool try_acquire_at(steady::time_point now) {
    std::lock_guard lk(mu_);
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }
  // How long until a token is available (zero when one is).
  std::chrono::nanoseconds wait_time(steady::time_point now) {
    std::lock_guard lk(mu_);
    refill(now);
    if (tokens_ >= 1.0) return std::chrono::nanoseconds(0);
    return std::chrono::nanoseconds(static_cast<long long>((1.0 - tokens_) / rate_ * 1e9) + 1);
  }
  bool try_acquire() override { return try_acquire_at(steady::now()); }

 private:
  void refill(steady::time_point now) {
    if (now <= last_) return;
    const double secs = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + secs * rate_);
    last_ = now;
  }
  std::mutex mu_;
  const double rate_;
  const double burst_;
  double tokens_;
  steady::time_point last_;
};

}  // namespace cwlog::detail
