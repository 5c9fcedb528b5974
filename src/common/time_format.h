#pragma once
// UTC timestamps as text, in the few shapes the AWS protocols and our outputs
// use; one implementation so that they agree to the digit.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::detail {

// "2026-11-24T23:41:03Z" (fraction_digits 0), "...03.123Z" (3), "...03.123456Z" (6).
std::string format_iso8601_utc(std::chrono::system_clock::time_point t, int fraction_digits = 0);

// The non-negative number written with exactly `length` ASCII digits at `pos`
// of `text`, or -1 when a character there is not a digit or the text is short.
int parse_fixed_digits(std::string_view text, std::size_t pos, std::size_t length) noexcept;

// A parsed time as a system_clock time point, or nullopt when the clock cannot
// hold it (its nanosecond ticks span 1677-2262): converting a date such as
// "Mon, 24 Nov 3025 ..." would overflow, which is undefined behaviour.
inline std::optional<std::chrono::system_clock::time_point> to_system_time(
    std::chrono::sys_time<std::chrono::milliseconds> t) noexcept {
  using namespace std::chrono;
  // Truncation toward zero keeps both bounds inside the clock's range.
  constexpr auto lowest = time_point_cast<milliseconds>(system_clock::time_point::min());
  constexpr auto highest = time_point_cast<milliseconds>(system_clock::time_point::max());
  if (t < lowest || t > highest) return std::nullopt;
  return time_point_cast<system_clock::duration>(t);
}

}  // namespace cwlog::detail
