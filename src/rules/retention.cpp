#include "rules/retention.h"

#include <algorithm>

namespace cwlog::detail {

bool is_allowed_retention_days(std::int64_t days) noexcept {
  return std::find(allowed_retention_days.begin(), allowed_retention_days.end(), days) !=
         allowed_retention_days.end();
}

std::string allowed_retention_days_text() {
  std::string s;
  for (const int d : allowed_retention_days) {
    if (!s.empty()) s += ", ";
    s += std::to_string(d);
  }
  return s;
}

}  // namespace cwlog::detail
