#pragma once
// A log record as the caller hands it over. record_view borrows everything;
// the shipper copies what it needs into its queue before log() returns.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include <cwlog/export.h>

namespace cwlog {

// Same order and meaning as spdlog's levels, so the sink maps one to one.
enum class level : std::uint8_t { trace, debug, info, warn, error, critical };

// "trace", "debug", "info", "warn", "error", "critical".
CWLOG_API std::string_view to_string(level lvl) noexcept;
// Accepts the names above (case-insensitive) and "warning"; nullopt otherwise.
CWLOG_API std::optional<level> parse_level(std::string_view name) noexcept;

using field_value = std::variant<std::string_view, std::int64_t, double, bool>;

struct field_view {
  std::string_view key;
  field_value value;
};

struct record_view {
  std::int64_t timestamp_ns = 0;  // since the Unix epoch, UTC
  level lvl = level::info;
  std::string_view logger;  // the component, e.g. "api" or "api.http"
  std::string_view message;
  std::span<const field_view> fields;
  // nullopt: no tenant. An empty string is a tenant id like any other.
  std::optional<std::string_view> tenant;
};

}  // namespace cwlog
