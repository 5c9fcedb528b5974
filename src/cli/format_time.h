#pragma once
// Time formatting and parsing shared by the commands that read logs.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::cli {

// "2026-11-24T23:41:03.123Z"
std::string format_utc_millis(std::int64_t epoch_ms);

// "10m", "2h", "1d", "30s", "1w" → a duration; nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace cwlog::cli
