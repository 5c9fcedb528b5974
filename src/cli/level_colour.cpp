#include "level_colour.h"

#include <algorithm>
#include <array>
#include <optional>

#include <cwlog/record.h>
#include <nlohmann/json.hpp>

namespace cwlog::cli {
namespace {

std::optional<level> level_of(std::string_view message) {
  if (!message.empty() && message.front() == '{') {
    const auto json = nlohmann::json::parse(message, nullptr, false);
    if (json.is_object() && json.contains("level") && json["level"].is_string()) {
      return parse_level(json["level"].get<std::string>());
    }
  }
  // A level word within the first 80 characters: "ERROR", "[warn]", "level=info"...
  constexpr std::array<std::pair<std::string_view, level>, 10> words{{{"CRITICAL", level::critical},
                                                                      {"critical", level::critical},
                                                                      {"ERROR", level::error},
                                                                      {"error", level::error},
                                                                      {"WARN", level::warn},
                                                                      {"warn", level::warn},
                                                                      {"INFO", level::info},
                                                                      {"info", level::info},
                                                                      {"DEBUG", level::debug},
                                                                      {"debug", level::debug}}};
  const std::string_view head = message.substr(0, 80);
  std::optional<std::pair<std::size_t, level>> first;
  for (const auto& [word, lvl] : words) {
    const auto at = head.find(word);
    if (at != std::string_view::npos && (!first || at < first->first)) first = std::pair{at, lvl};
  }
  if (first) return first->second;
  return std::nullopt;
}

}  // namespace

colour_codes level_colour(std::string_view message) {
  const auto lvl = level_of(message);
  if (!lvl) return {};
  switch (*lvl) {
    case level::critical:
      return {"\x1b[1;31m", "\x1b[0m"};
    case level::error:
      return {"\x1b[31m", "\x1b[0m"};
    case level::warn:
      return {"\x1b[33m", "\x1b[0m"};
    case level::info:
      return {"", ""};
    case level::debug:
    case level::trace:
      return {"\x1b[2m", "\x1b[0m"};
  }
  return {};
}

}  // namespace cwlog::cli
