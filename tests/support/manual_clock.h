#pragma once
// The one clock tests move by hand. Wall time (timestamps, signing) and steady
// time (intervals, deadlines) move together and only when the test says so,
// so no verdict depends on how fast the machine runs the code under test.
//
// Code that waits (the engine's flush, its senders' backoff, the queue's block
// timeout) compares deadlines with steady_now() and re-reads it after each
// bounded real-time wait; a test that wants a deadline to pass calls advance().
#include <algorithm>
#include <atomic>
#include <chrono>

#include "common/clock.h"

namespace cwlog::test {

// 2026-01-15T12:00:00Z: a fixed "now" for every test that cares about time.
inline std::chrono::system_clock::time_point fixed_test_time() {
  using namespace std::chrono;
  return sys_days{year{2026} / January / 15} + hours{12};
}

class manual_clock final : public detail::clock_source {
 public:
  explicit manual_clock(std::chrono::system_clock::time_point wall = fixed_test_time())
      : wall_ns_(wall.time_since_epoch() / std::chrono::nanoseconds(1)) {}

  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::nanoseconds(wall_ns_.load())));
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(steady_ns_.load()));
  }

  // A waiter polls: it sees advance() within a millisecond, whatever remains.
  std::chrono::nanoseconds real_wait(std::chrono::nanoseconds remaining) const override {
    return std::clamp(remaining, std::chrono::nanoseconds::zero(),
                      std::chrono::nanoseconds(std::chrono::milliseconds(1)));
  }

  // Moves both clocks forward.
  template <class Rep, class Period>
  void advance(std::chrono::duration<Rep, Period> d) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    wall_ns_ += ns;
    steady_ns_ += ns;
  }
  // Sets the wall clock only (a clock step, as NTP makes): steady time never goes back.
  void set(std::chrono::system_clock::time_point wall) {
    wall_ns_ = wall.time_since_epoch() / std::chrono::nanoseconds(1);
  }

 private:
  std::atomic<long long> wall_ns_;
  // Far from zero, so "steady time 0" never reads as "never happened".
  std::atomic<long long> steady_ns_{1'000'000'000'000LL};
};

}  // namespace cwlog::test
