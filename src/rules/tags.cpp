#include "rules/tags.h"

#include <algorithm>

namespace cwlog::detail {
namespace {

bool is_tag_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80 ||
         std::string_view(" _.:/=+-@").find(c) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> check_tag(std::string_view key, std::string_view value) {
  const std::string allowed =
      " (allowed: letters, digits, spaces and _ . : / = + - @; keys 1-128, values 0-256)";
  const std::string k(key);
  if (key.empty() || key.size() > max_tag_key_length)
    return "tag key \"" + k + "\" must be 1-128 characters" + allowed;
  if (key.starts_with("aws:")) return "tag key \"" + k + "\" uses the reserved prefix aws:" + allowed;
  if (!std::all_of(key.begin(), key.end(), is_tag_char))
    return "tag key \"" + k + "\" has a character tags cannot hold" + allowed;
  if (value.size() > max_tag_value_length)
    return "tag value of \"" + k + "\" is longer than 256 characters" + allowed;
  if (!std::all_of(value.begin(), value.end(), is_tag_char))
    return "tag value of \"" + k + "\" has a character tags cannot hold" + allowed;
  return std::nullopt;
}

}  // namespace cwlog::detail
