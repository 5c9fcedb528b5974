#include "route/rules.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <type_traits>

namespace cwlog::detail {

bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  // Iterative matcher with one backtrack point (the last '*'): linear for the
  // patterns people write, no recursion on untrusted logger names.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string field_text(const cwlog::field_value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          return std::string(x);
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else {
          char buf[64];
          const auto r = std::to_chars(buf, buf + sizeof buf, x);
          return std::string(buf, r.ptr);
        }
      },
      v);
}

const cwlog::field_view* find_field(const cwlog::record_view& rec, std::string_view name) noexcept {
  for (const auto& f : rec.fields) {
    if (f.key == name) return &f;
  }
  return nullptr;
}

namespace {

bool field_equals(const cwlog::field_value& v, std::string_view expected) {
  if (const auto* s = std::get_if<std::string_view>(&v)) return *s == expected;
  if (const auto* d = std::get_if<double>(&v)) {
    // Compare numerically: "1.5" in the config equals a field of 1.5.
    double parsed = 0;
    const auto r = std::from_chars(expected.data(), expected.data() + expected.size(), parsed);
    return r.ec == std::errc{} && r.ptr == expected.data() + expected.size() && parsed == *d;
  }
  return field_text(v) == expected;
}

bool logger_matches(const cwlog::route_rule& r, std::string_view logger) noexcept {
  switch (r.logger_match) {
    case name_match::exact:
      return logger == *r.logger;
    case name_match::prefix:
      return logger.starts_with(*r.logger);
    case name_match::glob:
      return glob_match(*r.logger, logger);
  }
  return false;
}

}  // namespace

bool compiled_rule::matches(const cwlog::record_view& rec) const {
  if (rule.logger && !logger_matches(rule, rec.logger)) return false;
  if (rule.min_level && rec.lvl < *rule.min_level) return false;
  if (rule.max_level && rec.lvl > *rule.max_level) return false;
  if (rule.has_tenant && rec.tenant.has_value() != *rule.has_tenant) return false;
  for (const auto& fm : rule.fields) {
    const auto* f = find_field(rec, fm.name);
    if (f == nullptr) return false;
    if (fm.equals && !field_equals(f->value, *fm.equals)) return false;
  }
  return true;
}

min_level_table::min_level_table(cwlog::level global,
                                 const std::map<std::string, cwlog::level>& per_logger_prefix)
    : global_(global), prefixes_(per_logger_prefix.begin(), per_logger_prefix.end()) {
  std::stable_sort(prefixes_.begin(), prefixes_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

cwlog::level min_level_table::for_logger(std::string_view logger) const noexcept {
  for (const auto& [prefix, lvl] : prefixes_) {
    if (logger.starts_with(prefix)) return lvl;
  }
  return global_;
}

}  // namespace cwlog::detail
