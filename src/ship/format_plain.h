#pragma once
// The plain formatter: a pattern with placeholders (route/plain_pattern.h),
// compiled once per destination. Placeholders: {time} (ISO 8601 UTC), {level}, {logger},
// {message}, {tenant} (empty when none), {fields} (k=v pairs separated by
// spaces, strings quoted when they contain a space). "{{" and "}}" are
// literal braces. Invalid UTF-8 becomes U+FFFD (in the pattern's literals
// once, when compiled): what it formats is always valid UTF-8.
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/record.h>

#include "route/plain_pattern.h"

namespace cwlog::detail {

class plain_formatter {
 public:
  // Throws cwlog::error on an unknown placeholder or an unclosed brace.
  explicit plain_formatter(std::string_view pattern);
  void format(const record_view& r, std::string& out) const;

 private:
  std::vector<pattern_part> parts_;
};

}  // namespace cwlog::detail
