#include "format_time.h"

#include <charconv>

#include "common/time_format.h"

namespace cwlog::cli {

std::string format_utc_millis(std::int64_t epoch_ms) {
  return detail::format_iso8601_utc(
      std::chrono::system_clock::time_point{std::chrono::milliseconds{epoch_ms}}, 3);
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  long long value = 0;
  const auto* end = text.data() + text.size() - 1;
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value < 0) return std::nullopt;
  using namespace std::chrono;
  switch (text.back()) {
    case 's':
      return duration_cast<milliseconds>(seconds(value));
    case 'm':
      return duration_cast<milliseconds>(minutes(value));
    case 'h':
      return duration_cast<milliseconds>(hours(value));
    case 'd':
      return duration_cast<milliseconds>(hours(24 * value));
    case 'w':
      return duration_cast<milliseconds>(hours(24 * 7 * value));
    default:
      return std::nullopt;
  }
}

}  // namespace cwlog::cli
