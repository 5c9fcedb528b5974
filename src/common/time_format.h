#pragma once
// UTC timestamps as text, in the few shapes the AWS protocols and our outputs
// use; one implementation so that they agree to the digit.
#include <chrono>
#include <string>
#include <string_view>

namespace cwlog::detail {

// "2026-11-24T23:41:03Z" (fraction_digits 0), "...03.123Z" (3), "...03.123456Z" (6).
std::string format_iso8601_utc(std::chrono::system_clock::time_point t, int fraction_digits = 0);

// The non-negative number written with exactly `length` ASCII digits at `pos`
// of `text`, or -1 when a character there is not a digit or the text is short.
int parse_fixed_digits(std::string_view text, std::size_t pos, std::size_t length) noexcept;

}  // namespace cwlog::detail
