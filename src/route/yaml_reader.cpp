#include "route/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace cwlog::detail {
namespace {

const char* type_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
      return "empty";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Undefined:
      return "undefined";
  }
  return "unknown";
}

template <typename T>
std::optional<T> parse_number(std::string_view s) {
  T v{};
  const auto* end = s.data() + s.size();
  const auto r = std::from_chars(s.data(), end, v);
  if (r.ec != std::errc{} || r.ptr != end) return std::nullopt;
  return v;
}

}  // namespace

void yaml_reader::error(const YAML::Mark& at, std::string message) {
  // yaml-cpp marks are 0-based; editors count from 1. A null mark (-1) means
  // the node was synthesized and has no position.
  const bool has_pos = at.line >= 0 && at.column >= 0;
  diagnostics_.push_back({file_, has_pos ? static_cast<std::size_t>(at.line) + 1 : 0,
                          has_pos ? static_cast<std::size_t>(at.column) + 1 : 0, std::move(message)});
}

void yaml_reader::error_without_position(std::string message) {
  diagnostics_.push_back({file_, 0, 0, std::move(message)});
}

bool yaml_reader::expect_map(const YAML::Node& n, std::string_view what) {
  if (n.IsMap()) return true;
  error(n, std::string(what) + " must be a map, not " + type_name(n) + " (allowed: key: value lines)");
  return false;
}

bool yaml_reader::expect_sequence(const YAML::Node& n, std::string_view what) {
  if (n.IsSequence()) return true;
  error(n, std::string(what) + " must be a list, not " + type_name(n) + " (allowed: \"- item\" lines)");
  return false;
}

void yaml_reader::check_keys(const YAML::Node& map, std::string_view what,
                             std::initializer_list<std::string_view> allowed) {
  std::vector<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: it-> yields a temporary
    const std::string k = key.IsScalar() ? key.Scalar() : std::string{};
    // yaml-cpp keeps duplicate keys and lookups see the first: say so rather
    // than silently ignoring the second.
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
      error(key, "duplicate key \"" + k + "\" in " + std::string(what) + " (allowed: each key once)");
      continue;
    }
    seen.push_back(k);
    bool known = false;
    for (const auto a : allowed) known = known || a == k;
    if (known) continue;
    std::string list;
    for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    error(key, "unknown key \"" + k + "\" in " + std::string(what) + " (allowed: " + list + ")");
  }
}

bool yaml_reader::expect_scalar(const YAML::Node& n, std::string_view what, std::string_view allowed) {
  if (n.IsScalar()) return true;
  error(n, std::string(what) + " must be " + std::string(allowed) + ", not " + type_name(n) +
               " (allowed: " + std::string(allowed) + ")");
  return false;
}

std::optional<std::string> yaml_reader::get_string(const YAML::Node& n, std::string_view what) {
  if (!expect_scalar(n, what, "a string")) return std::nullopt;
  // ${NAME} is replaced by the environment variable NAME, so secrets and
  // per-deployment values stay out of the file. An unset variable is an error
  // rather than an empty string: an empty region or key is never intended.
  const std::string& raw = n.Scalar();
  if (raw.find("${") == std::string::npos) return raw;
  std::string out;
  std::size_t i = 0;
  while (i < raw.size()) {
    const auto open = raw.find("${", i);
    if (open == std::string::npos) {
      out.append(raw, i);
      break;
    }
    out.append(raw, i, open - i);
    const auto close = raw.find('}', open + 2);
    if (close == std::string::npos) {
      error(n, std::string(what) +
                   ": \"${\" is never closed (allowed: ${NAME} with NAME an environment variable)");
      return std::nullopt;
    }
    const std::string name = raw.substr(open + 2, close - open - 2);
    const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
    if (value == nullptr) {
      error(n, std::string(what) + ": environment variable \"" + name +
                   "\" is not set (allowed: ${NAME} with NAME a set environment variable)");
      return std::nullopt;
    }
    out += value;
    i = close + 1;
  }
  return out;
}

std::optional<bool> yaml_reader::get_bool(const YAML::Node& n, std::string_view what) {
  if (!expect_scalar(n, what, "true or false")) return std::nullopt;
  // YAML 1.2 booleans only: "yes"/"on" are the 1.1 surprises (the Norway problem).
  if (n.Scalar() == "true") return true;
  if (n.Scalar() == "false") return false;
  error(n, std::string(what) + ": \"" + n.Scalar() + "\" is not a boolean (allowed: true, false)");
  return std::nullopt;
}

std::optional<std::int64_t> yaml_reader::get_int(const YAML::Node& n, std::string_view what) {
  if (!expect_scalar(n, what, "an integer")) return std::nullopt;
  const auto v = parse_number<std::int64_t>(n.Scalar());
  if (!v) error(n, std::string(what) + ": \"" + n.Scalar() + "\" is not valid (allowed: an integer)");
  return v;
}

std::optional<std::uint64_t> yaml_reader::get_count(const YAML::Node& n, std::string_view what) {
  constexpr std::string_view allowed = "a whole number, 0 or more";
  if (!expect_scalar(n, what, allowed)) return std::nullopt;
  const auto v = parse_number<std::uint64_t>(n.Scalar());
  if (!v)
    error(n, std::string(what) + ": \"" + n.Scalar() + "\" is not valid (allowed: " + std::string(allowed) +
                 ")");
  return v;
}

std::optional<double> yaml_reader::get_double(const YAML::Node& n, std::string_view what) {
  if (!expect_scalar(n, what, "a number")) return std::nullopt;
  const auto v = parse_number<double>(n.Scalar());
  if (!v || !std::isfinite(*v)) {
    error(n, std::string(what) + ": \"" + n.Scalar() + "\" is not valid (allowed: a number)");
    return std::nullopt;
  }
  return v;
}

namespace {

// "<digits><unit>" with one of the units, scaled; nullopt when malformed or
// when the result does not fit.
template <typename T>
std::optional<T> number_with_unit(std::string_view s,
                                  std::initializer_list<std::pair<std::string_view, T>> units) {
  std::size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  const auto number = parse_number<T>(s.substr(0, digits));
  const auto unit = s.substr(digits);
  for (const auto& [name, scale] : units) {
    if (unit != name) continue;
    if (!number || *number > std::numeric_limits<T>::max() / scale) return std::nullopt;
    return *number * scale;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> yaml_reader::get_duration(const YAML::Node& n,
                                                                   std::string_view what) {
  constexpr std::string_view allowed = "a duration with unit ms, s, m or h, e.g. 500ms or 2s";
  if (!expect_scalar(n, what, allowed)) return std::nullopt;
  const auto ms =
      number_with_unit<std::int64_t>(n.Scalar(), {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}});
  if (!ms) {
    error(n, std::string(what) + ": \"" + n.Scalar() + "\" is not valid (allowed: " + std::string(allowed) +
                 ")");
    return std::nullopt;
  }
  return std::chrono::milliseconds{*ms};
}

std::optional<std::uint64_t> yaml_reader::get_bytes(const YAML::Node& n, std::string_view what) {
  constexpr std::string_view allowed = "a size in bytes, as a number or with KiB, MiB, GiB, KB, MB, GB";
  if (!expect_scalar(n, what, allowed)) return std::nullopt;
  const auto b = number_with_unit<std::uint64_t>(n.Scalar(), {{"", 1},
                                                              {"B", 1},
                                                              {"KiB", 1ull << 10},
                                                              {"MiB", 1ull << 20},
                                                              {"GiB", 1ull << 30},
                                                              {"KB", 1000},
                                                              {"MB", 1000'000},
                                                              {"GB", 1000'000'000}});
  if (!b) {
    error(n, std::string(what) + ": \"" + n.Scalar() + "\" is not valid (allowed: " + std::string(allowed) +
                 ")");
    return std::nullopt;
  }
  return b;
}

std::optional<cwlog::level> yaml_reader::get_level(const YAML::Node& n, std::string_view what) {
  constexpr std::string_view allowed = "trace, debug, info, warn, error, critical";
  if (!expect_scalar(n, what, "a level")) return std::nullopt;
  if (auto l = cwlog::parse_level(n.Scalar())) return l;
  error(n, std::string(what) + ": \"" + n.Scalar() + "\" is not a level (allowed: " + std::string(allowed) +
               ")");
  return std::nullopt;
}

}  // namespace cwlog::detail
