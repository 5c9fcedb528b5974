#pragma once
// The time source is injected everywhere time matters (signing, retries,
// batching, credential expiry), so tests control it; no code reads the system
// clock directly except system_clock_source.
#include <chrono>

namespace cwlog::detail {

class clock_source {
 public:
  virtual ~clock_source() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;         // wall clock (timestamps, signing)
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;  // intervals and deadlines

  // How long (real time) a thread waiting for steady_now() to reach a point
  // `remaining` away sleeps before it reads this clock again. Waiters always
  // decide by this clock, never by how long they slept: the system clock
  // sleeps the whole way, a clock moved by hand asks for a short poll so a
  // waiter notices each move promptly.
  virtual std::chrono::nanoseconds real_wait(std::chrono::nanoseconds remaining) const {
    return remaining > std::chrono::nanoseconds::zero() ? remaining : std::chrono::nanoseconds::zero();
  }
};

class system_clock_source final : public clock_source {
 public:
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace cwlog::detail
