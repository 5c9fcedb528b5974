#pragma once
// The retry budget shared by every destination of a shipper: a token bucket
// (shipping_options::retry_budget_per_second, retry_budget_burst). Each retry
// spends a token; first attempts are free. When the bucket is empty, retries
// wait for the next token instead of adding traffic, so a throttling storm
// cannot multiply the request rate.
#include <algorithm>
#include <chrono>
#include <mutex>

#include "common/clock.h"
#include "logs/retry.h"

namespace cwlog::detail {

class token_bucket final : public retry_budget {
 public:
  // `clock` (steady time) refills the bucket; it must outlive the bucket.
  token_bucket(double per_second, double burst, const clock_source& clock)
      : clock_(clock),
        rate_(std::max(per_second, 0.001)),
        burst_(std::max(burst, 1.0)),
        tokens_(burst_),
        last_(clock.steady_now()) {}

  // Spends a token if one is available now.
  bool try_acquire() override {
    std::lock_guard lk(mu_);
    refill();
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }
  // How long until a token is available (zero when one is).
  std::chrono::nanoseconds wait_time() {
    std::lock_guard lk(mu_);
    refill();
    if (tokens_ >= 1.0) return std::chrono::nanoseconds(0);
    return std::chrono::nanoseconds(static_cast<long long>((1.0 - tokens_) / rate_ * 1e9) + 1);
  }

 private:
  void refill() {
    const auto now = clock_.steady_now();
    if (now <= last_) return;
    const double secs = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + secs * rate_);
    last_ = now;
  }
  const clock_source& clock_;
  std::mutex mu_;
  const double rate_;
  const double burst_;
  double tokens_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace cwlog::detail
