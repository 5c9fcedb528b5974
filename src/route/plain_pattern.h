#pragma once
// A destination's plain-format pattern (destination_options::pattern), parsed:
// the shipper's formatter (src/ship/format_plain) renders the parts, and
// validate() refuses a pattern that does not parse, so a config the check
// passes never fails when the shipper starts. Placeholders: {time} {level}
// {logger} {message} {tenant} {fields}, and the source location: {file}
// {line} {function} {source} (file:line); "{{" and "}}" are literal braces.
#include <string>
#include <string_view>
#include <vector>

namespace cwlog::detail {

enum class pattern_part_kind {
  literal,
  time,
  level,
  logger,
  message,
  tenant,
  fields,
  file,
  line,
  function,
  source
};

struct pattern_part {
  pattern_part_kind kind;
  std::string text;  // literal only
};

// Throws cwlog::error on an unknown placeholder or an unclosed brace.
std::vector<pattern_part> parse_plain_pattern(std::string_view pattern);

}  // namespace cwlog::detail
