// The caller's timestamp (caller_clock.h): the calibration's arithmetic on
// made-up readings, an injected clock deciding every stamp, and the TSC path
// against the system clock, bracketed by readings taken before and after.
#include <gtest/gtest.h>

#include <thread>

#include "ship/caller_clock.h"
#include "support/manual_clock.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

std::int64_t wall_ns_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(caller_clock, calibration_interpolates_and_extrapolates_from_its_anchor) {
  const std::int64_t w = 1'760'000'000'000'000'000;
  // 2,000 ticks while the steady clock moved 1,000 ns: half a nanosecond a tick.
  const tsc_calibration c = calibrate({1000, w, 5'000}, {3000, w + 1005, 6'000});
  EXPECT_EQ(c.tsc, 3000u);
  EXPECT_EQ(c.wall_ns, w + 1005);
  EXPECT_DOUBLE_EQ(c.ns_per_tick, 0.5);
  EXPECT_EQ(c.to_wall_ns(3000), w + 1005);
  EXPECT_EQ(c.to_wall_ns(2000), w + 505);   // between the two readings
  EXPECT_EQ(c.to_wall_ns(5000), w + 2005);  // after the anchor
  EXPECT_EQ(c.to_wall_ns(0), w + 505 - 1000);
}

TEST(caller_clock, no_rate_before_time_has_passed) {
  const tsc_calibration c = calibrate({1000, 42, 7}, {1000, 42, 7});
  EXPECT_EQ(c.ns_per_tick, 0.0);
  EXPECT_EQ(c.to_wall_ns(1000), 42);
  EXPECT_EQ(c.to_wall_ns(1500), 42);
  // A steady clock that did not move (or a counter that went back) gives no rate either.
  EXPECT_EQ(calibrate({1000, 0, 7}, {2000, 0, 7}).ns_per_tick, 0.0);
  EXPECT_EQ(calibrate({2000, 0, 7}, {1000, 0, 9}).ns_per_tick, 0.0);
}

// The kernel's clocksource, as sysfs gives it (with its newline): only "tsc"
// keeps the TSC; an unreadable file leaves the decision to CPUID.
TEST(caller_clock, the_kernels_clocksource_has_the_last_word) {
  EXPECT_TRUE(clocksource_allows_tsc("tsc\n"));
  EXPECT_TRUE(clocksource_allows_tsc("tsc"));
  EXPECT_FALSE(clocksource_allows_tsc("kvm-clock\n"));
  EXPECT_FALSE(clocksource_allows_tsc("hpet\n"));
  EXPECT_FALSE(clocksource_allows_tsc("acpi_pm\n"));
  EXPECT_FALSE(clocksource_allows_tsc("tsc-early\n"));
  EXPECT_FALSE(clocksource_allows_tsc(""));
  EXPECT_TRUE(clocksource_allows_tsc(std::nullopt));
}

TEST(caller_clock, an_injected_clock_decides_every_stamp) {
  test::manual_clock clock;
  const caller_clock stamps(clock, false);
  EXPECT_FALSE(stamps.tsc());
  const auto ns = [&] {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock.now().time_since_epoch()).count();
  };
  EXPECT_EQ(stamps.stamp(), ns());
  clock.advance(1h);
  EXPECT_EQ(stamps.stamp(), ns());
}

TEST(caller_clock, tsc_stamps_convert_to_the_system_clocks_time) {
  const detail::system_clock_source system;
  caller_clock stamps(system, true);
  EXPECT_EQ(stamps.tsc(), usable_tsc());
  if (!stamps.tsc()) {
    // No usable TSC on this machine: the stamp is the system clock's time itself.
    const std::int64_t before = wall_ns_now();
    const std::int64_t stamp = stamps.stamp();
    EXPECT_GE(stamp, before);
    EXPECT_LE(stamp, wall_ns_now());
    return;
  }
  // A baseline for the rate, then a stamp converted with a calibration taken
  // before it (extrapolated) and one taken after (interpolated). The bounds
  // are far wider than the conversion's error (microseconds) and far narrower
  // than any mistake of unit or rate over the 50 ms in between.
  std::this_thread::sleep_for(50ms);
  const tsc_calibration earlier = stamps.calibration();
  std::this_thread::sleep_for(50ms);
  const std::int64_t before = wall_ns_now();
  const auto stamp = static_cast<std::uint64_t>(stamps.stamp());
  const std::int64_t after = wall_ns_now();
  const tsc_calibration later = stamps.calibration();
  constexpr std::int64_t slack = 20'000'000;
  for (const auto& c : {earlier, later}) {
    EXPECT_GT(c.ns_per_tick, 0.0);
    EXPECT_GE(c.to_wall_ns(stamp), before - slack);
    EXPECT_LE(c.to_wall_ns(stamp), after + slack);
  }
}

}  // namespace
}  // namespace cwlog::detail
