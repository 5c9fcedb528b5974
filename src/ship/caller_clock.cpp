#include "ship/caller_clock.h"

#include <cstdio>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace cwlog::detail {
namespace {

std::int64_t ns_since_epoch(auto time_point) noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time_point.time_since_epoch()).count();
}

// The three clocks read together: the TSC before and after the two clock
// reads, best of a few tries (a try that was preempted or interrupted spans
// far more ticks), the count taken as the middle of the narrowest.
tsc_sample read_sample(const clock_source& clock) noexcept {
  tsc_sample best;
#if defined(__x86_64__)
  std::uint64_t narrowest = ~std::uint64_t{0};
  for (int attempt = 0; attempt < 4; ++attempt) {
    const std::uint64_t before = __rdtsc();
    const std::int64_t wall = ns_since_epoch(clock.now());
    const std::int64_t steady = ns_since_epoch(clock.steady_now());
    const std::uint64_t after = __rdtsc();
    if (after - before < narrowest) {
      narrowest = after - before;
      best = {before + (after - before) / 2, wall, steady};
    }
  }
#else
  best = {0, ns_since_epoch(clock.now()), ns_since_epoch(clock.steady_now())};
#endif
  return best;
}

}  // namespace

tsc_calibration calibrate(const tsc_sample& first, const tsc_sample& latest) noexcept {
  tsc_calibration c{latest.tsc, latest.wall_ns, 0};
  const auto ticks = static_cast<std::int64_t>(latest.tsc - first.tsc);
  const std::int64_t ns = latest.steady_ns - first.steady_ns;
  if (ticks > 0 && ns > 0) c.ns_per_tick = static_cast<double>(ns) / static_cast<double>(ticks);
  return c;
}

bool invariant_tsc() noexcept {
#if defined(__x86_64__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  // CPUID 0x80000007, EDX bit 8: the TSC runs at a constant rate in every
  // P-, C- and T-state (Linux's constant_tsc + nonstop_tsc).
  if (__get_cpuid(0x80000007, &eax, &ebx, &ecx, &edx) == 0) return false;
  return (edx & (1u << 8)) != 0;
#else
  return false;
#endif
}

bool clocksource_allows_tsc(std::optional<std::string_view> current) noexcept {
  if (!current) return true;
  while (!current->empty() && (current->back() == '\n' || current->back() == ' ')) current->remove_suffix(1);
  return *current == "tsc";
}

bool usable_tsc() noexcept {
  if (!invariant_tsc()) return false;
  std::optional<std::string_view> current;
  char buf[64] = {};
  if (std::FILE* f = std::fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r")) {
    if (std::fgets(buf, sizeof buf, f)) current = std::string_view(buf);
    std::fclose(f);
  }
  return clocksource_allows_tsc(current);
}

caller_clock::caller_clock(const clock_source& clock, bool use_tsc)
    : clock_(clock), tsc_(use_tsc && usable_tsc()) {
  if (tsc_) {
    first_ = read_sample(clock_);
    current_ = calibrate(first_, first_);
  }
}

tsc_calibration caller_clock::calibration() {
  std::lock_guard lk(mu_);
  if (!tsc_) return current_;
#if defined(__x86_64__)
  const auto age_ticks = static_cast<std::int64_t>(__rdtsc() - current_.tsc);
  const double age_ns = static_cast<double>(age_ticks) * current_.ns_per_tick;
  // No rate yet (no time had passed), or the anchor is old: a fresh pair.
  if (current_.ns_per_tick == 0 || age_ns < 0 || age_ns > static_cast<double>(resync_interval_ns))
    current_ = calibrate(first_, read_sample(clock_));
#endif
  return current_;
}

}  // namespace cwlog::detail
