#pragma once
// Rule matching, compiled from cwlog::route_rule: logger name (exact, prefix,
// glob with * and ?), level range, fields (equality or presence), tenant
// presence; plus the minimum-level table (longest logger-name prefix wins).
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/options.h>
#include <cwlog/record.h>

namespace cwlog::detail {

// '*' matches any run of characters (dots included), '?' exactly one.
bool glob_match(std::string_view pattern, std::string_view text) noexcept;

// A field value as text, the way {field.NAME} and equality see it: strings as
// is, integers in decimal, booleans "true"/"false", doubles shortest round-trip.
std::string field_text(const cwlog::field_value& v);
const cwlog::field_view* find_field(const cwlog::record_view& rec, std::string_view name) noexcept;

struct compiled_rule {
  cwlog::route_rule rule;
  std::vector<std::size_t> destinations;  // indices into options::destinations

  bool matches(const cwlog::record_view& rec) const;
};

class min_level_table {
 public:
  min_level_table() = default;
  min_level_table(cwlog::level global, const std::map<std::string, cwlog::level>& per_logger_prefix);
  cwlog::level for_logger(std::string_view logger) const noexcept;

 private:
  cwlog::level global_ = cwlog::level::trace;
  // Sorted by prefix length, longest first, so the first hit is the answer.
  std::vector<std::pair<std::string, cwlog::level>> prefixes_;
};

}  // namespace cwlog::detail
