#pragma once
// One input line of `cwlog ship` as a record. A line that is a JSON object
// gives its level, logger, tenant, timestamp and other members as fields; any
// other line is the message itself.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/record.h>

namespace cwlog::cli {

struct line_record {
  std::int64_t timestamp_ns = 0;  // 0: now
  level lvl = level::info;
  std::string logger;
  std::string message;
  std::optional<std::string> tenant;
  std::vector<std::pair<std::string, std::variant<std::string, std::int64_t, double, bool>>> fields;
};

// `default_logger` applies when the line names none.
line_record parse_line(std::string_view line, std::string_view default_logger);

// Views into `r`, valid while `r` and `storage` live.
record_view view_of(const line_record& r, std::vector<field_view>& storage);

}  // namespace cwlog::cli
