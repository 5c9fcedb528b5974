#include <cwlog/record.h>
#include <algorithm>
#include <array>
#include <cctype>

namespace cwlog {
namespace {
constexpr std::array<std::string_view, 6> level_names{"trace", "debug", "info", "warn", "error", "critical"};

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

std::string_view to_string(level lvl) noexcept {
  const auto i = static_cast<std::size_t>(lvl);
  return i < level_names.size() ? level_names[i] : std::string_view{"unknown"};
}

std::optional<level> parse_level(std::string_view name) noexcept {
  for (std::size_t i = 0; i < level_names.size(); ++i) {
    if (iequals(name, level_names[i])) return static_cast<level>(i);
  }
  if (iequals(name, "warning")) return level::warn;
  return std::nullopt;
}
}  // namespace cwlog
