#include "rules/names.h"

#include <algorithm>

namespace cwlog::detail {

bool has_reserved_group_prefix(std::string_view name) noexcept {
  if (name.size() < reserved_group_prefix.size()) return false;
  for (std::size_t i = 0; i < reserved_group_prefix.size(); ++i) {
    const char c = name[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != reserved_group_prefix[i]) return false;
  }
  return true;
}

bool is_valid_group_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > max_name_length || has_reserved_group_prefix(name)) return false;
  return std::all_of(name.begin(), name.end(), is_group_name_char);
}

bool is_valid_stream_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > max_name_length) return false;
  return std::all_of(name.begin(), name.end(), is_stream_name_char);
}

}  // namespace cwlog::detail
