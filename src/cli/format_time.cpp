#include "format_time.h"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace cwlog::cli {

std::string format_utc_millis(std::int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  const int millis = static_cast<int>(((epoch_ms % 1000) + 1000) % 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buffer;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  long long value = 0;
  const auto* end = text.data() + text.size() - 1;
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value < 0) return std::nullopt;
  using namespace std::chrono;
  switch (text.back()) {
    case 's': return duration_cast<milliseconds>(seconds(value));
    case 'm': return duration_cast<milliseconds>(minutes(value));
    case 'h': return duration_cast<milliseconds>(hours(value));
    case 'd': return duration_cast<milliseconds>(hours(24 * value));
    case 'w': return duration_cast<milliseconds>(hours(24 * 7 * value));
    default: return std::nullopt;
  }
}

}  // namespace cwlog::cli
