#pragma once
// UTC timestamps as ISO 8601 text, in the few shapes the AWS protocols, the
// event formatters and our outputs use, and the one parser for the ones we
// read (credential documents, `cwlog ship`'s JSON lines): one implementation,
// so that they agree to the digit.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::detail {

// Appends "2026-11-24T23:41:03Z" (fraction_digits 0), "...03.123Z" (3),
// "...03.123456Z" (6), up to 9 digits, truncating (never rounding into the
// next second). Written digit by digit: on the formatters' hot path snprintf
// would cost more than the rest of an event. Nanoseconds since the epoch in
// 64 bits span the years 1677-2262, so the year always has four digits.
void append_iso8601_utc(std::string& out, std::int64_t epoch_ns, int fraction_digits);

std::string format_iso8601_utc(std::chrono::system_clock::time_point t, int fraction_digits = 0);

// "2026-11-24T23:59:59Z", with 'T', 't' or ' ' between date and time, an
// optional fraction of any length (kept to the nanosecond), and "Z", "z",
// "UTC", "+hh:mm", "-hh:mm", "+hhmm" or nothing (taken as UTC, as the SDKs do
// for credential documents) after it. nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

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
