#pragma once
// The timestamp log() gives a record, read on the caller's thread as cheaply
// as the machine allows (quill's approach, RdtscClock).
//
// With the system clock and an invariant TSC (x86-64, CPUID's invariant-TSC
// bit: one rate in every power state, the same counter on every core), log()
// reads the time-stamp counter — one unserialised instruction, where the
// vDSO's clock_gettime fences the pipeline and scales — and the ring's
// consumer converts the count to wall time when it takes the record, with a
// calibration that pairs a TSC reading with the wall and steady clocks. The
// consumer re-takes the pair every millisecond or so; the counter's rate is
// measured against the steady clock over the longest baseline there is (since
// the shipper started), so a record converted right after start-up is
// interpolated between two pairs, and a later one is at most a millisecond of
// extrapolation away from its anchor. A step of the wall clock reaches the
// stamps at the next pair, as it would reach clock_gettime's.
//
// The kernel has the last word: it checks the TSC across CPUs at boot and
// while running, and keeps time with another clocksource (hpet, kvm-clock)
// when the TSC warps or a hypervisor cannot promise it (live migration). So
// the TSC is used only while the kernel's current clocksource is "tsc" too
// (or cannot be read, as in sandboxes without sysfs: CPUID decides then).
//
// Anything else (an injected clock, such as the tests' manual clock; no
// usable TSC): log() reads the clock, and the stamp is the wall time itself.
// Which one is decided once, when the engine is made.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>

#include "common/clock.h"

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace cwlog::detail {

// One reading of the three clocks, taken as close together as possible.
struct tsc_sample {
  std::uint64_t tsc = 0;
  std::int64_t wall_ns = 0;    // system clock, since the epoch
  std::int64_t steady_ns = 0;  // steady clock
};

// TSC counts to wall time: an anchor and a rate.
struct tsc_calibration {
  std::uint64_t tsc = 0;
  std::int64_t wall_ns = 0;
  double ns_per_tick = 0;

  std::int64_t to_wall_ns(std::uint64_t count) const noexcept {
    // Signed: a record stamped before the anchor was taken is converted backwards.
    const auto ticks = static_cast<std::int64_t>(count - tsc);
    return wall_ns + static_cast<std::int64_t>(static_cast<double>(ticks) * ns_per_tick);
  }
};

// The calibration anchored at `latest`, with the rate measured against the
// steady clock since `first` (none yet, when no time has passed between them:
// every record then lies at the anchor).
tsc_calibration calibrate(const tsc_sample& first, const tsc_sample& latest) noexcept;

// CPUID's invariant-TSC bit (see above).
bool invariant_tsc() noexcept;

// Whether the kernel's current clocksource (the contents of sysfs's
// current_clocksource; nullopt: unreadable) leaves the TSC usable.
bool clocksource_allows_tsc(std::optional<std::string_view> current_clocksource) noexcept;

// True when this machine's TSC can stand in for the clock: invariant, and
// the kernel keeps time with it (see above).
bool usable_tsc() noexcept;

class caller_clock {
 public:
  // use_tsc: the engine's clock is the system clock (nothing was injected).
  caller_clock(const clock_source& clock, bool use_tsc);
  caller_clock(const caller_clock&) = delete;
  caller_clock& operator=(const caller_clock&) = delete;

  // Whether stamp() returns TSC counts (else wall nanoseconds).
  bool tsc() const noexcept { return tsc_; }

  // The caller's side: the record's stamp, to be converted by the consumer
  // when tsc().
  std::int64_t stamp() const noexcept {
#if defined(__x86_64__)
    if (tsc_) return static_cast<std::int64_t>(__rdtsc());
#endif
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.now().time_since_epoch()).count();
  }

  // The consumer's side: a calibration whose anchor is at most
  // resync_interval old (a fresh pair is read when it is older).
  tsc_calibration calibration();

  static constexpr std::int64_t resync_interval_ns = 1'000'000;

 private:
  const clock_source& clock_;
  const bool tsc_;
  std::mutex mu_;
  tsc_sample first_;
  tsc_calibration current_;
};

}  // namespace cwlog::detail
