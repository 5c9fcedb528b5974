#include "rules/emf.h"

#include <algorithm>
#include <cmath>

namespace cwlog::detail {
namespace {

constexpr bool is_printable_ascii(char c) noexcept {
  return c >= 0x20 && c < 0x7f;
}

bool all_printable_ascii(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), is_printable_ascii);
}

constexpr bool is_namespace_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '#' || c == ':' || c == '/' || c == '-';
}

}  // namespace

bool is_valid_metric_value(double v) noexcept {
  // 2^360, exactly representable as a double.
  static const double bound = std::ldexp(1.0, 360);
  return std::isfinite(v) && std::fabs(v) <= bound;
}

bool is_valid_namespace(std::string_view ns) noexcept {
  if (ns.empty() || ns.size() > emf_max_namespace_length) return false;
  if (!std::all_of(ns.begin(), ns.end(), is_namespace_char)) return false;
  // "AWS/" compared without case, as the service does for reserved prefixes.
  if (ns.size() >= 4) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(ns[0]) == 'a' && lower(ns[1]) == 'w' && lower(ns[2]) == 's' && ns[3] == '/') return false;
  }
  return true;
}

bool is_valid_metric_name(std::string_view name) noexcept {
  return !name.empty() && name.size() <= emf_max_metric_name_length && all_printable_ascii(name);
}

bool is_valid_dimension_name(std::string_view name) noexcept {
  return !name.empty() && name.size() <= emf_max_dimension_name_length && name.front() != ':' &&
         all_printable_ascii(name);
}

bool is_valid_dimension_value(std::string_view value) noexcept {
  return !value.empty() && value.size() <= emf_max_dimension_value_length && all_printable_ascii(value);
}

bool is_valid_unit(std::string_view unit) noexcept {
  return std::find(std::begin(emf_units), std::end(emf_units), unit) != std::end(emf_units);
}

std::string_view emf_namespace_rule() noexcept {
  return "1-255 characters of a-z A-Z 0-9 . _ # : / -, not starting with AWS/";
}
std::string_view emf_metric_name_rule() noexcept {
  return "1-255 printable ASCII characters";
}
std::string_view emf_dimension_name_rule() noexcept {
  return "1-250 printable ASCII characters, not starting with ':'";
}
std::string_view emf_dimension_value_rule() noexcept {
  return "1-1024 printable ASCII characters";
}

}  // namespace cwlog::detail
