#include "route/plain_pattern.h"

#include <cwlog/error.h>

namespace cwlog::detail {

std::vector<pattern_part> parse_plain_pattern(std::string_view pattern) {
  std::vector<pattern_part> parts;
  std::string literal;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '{' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
      literal += '{';
      ++i;
      continue;
    }
    if (c == '}' && i + 1 < pattern.size() && pattern[i + 1] == '}') {
      literal += '}';
      ++i;
      continue;
    }
    if (c != '{') {
      literal += c;
      continue;
    }
    const auto close = pattern.find('}', i);
    if (close == std::string_view::npos)
      throw cwlog::error("destination pattern \"" + std::string(pattern) + "\": unclosed '{' at offset " +
                         std::to_string(i) + " (write {{ for a literal brace)");
    const auto name = pattern.substr(i + 1, close - i - 1);
    pattern_part_kind kind;
    if (name == "time")
      kind = pattern_part_kind::time;
    else if (name == "level")
      kind = pattern_part_kind::level;
    else if (name == "logger")
      kind = pattern_part_kind::logger;
    else if (name == "message")
      kind = pattern_part_kind::message;
    else if (name == "tenant")
      kind = pattern_part_kind::tenant;
    else if (name == "fields")
      kind = pattern_part_kind::fields;
    else if (name == "file")
      kind = pattern_part_kind::file;
    else if (name == "line")
      kind = pattern_part_kind::line;
    else if (name == "function")
      kind = pattern_part_kind::function;
    else if (name == "source")
      kind = pattern_part_kind::source;
    else
      throw cwlog::error("destination pattern \"" + std::string(pattern) + "\": unknown placeholder {" +
                         std::string(name) +
                         "} (allowed: {time} {level} {logger} {message} {tenant} {fields} {file} {line} "
                         "{function} {source}, {{ and }})");
    if (!literal.empty()) parts.push_back({pattern_part_kind::literal, std::move(literal)});
    literal.clear();
    parts.push_back({kind, {}});
    i = close;
  }
  if (!literal.empty()) parts.push_back({pattern_part_kind::literal, std::move(literal)});
  return parts;
}

}  // namespace cwlog::detail
