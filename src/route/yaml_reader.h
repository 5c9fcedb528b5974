#pragma once
// Typed, position-aware reading of a yaml-cpp tree. Every problem becomes a
// config_diagnostic with the node's file:line:column and what is allowed; the
// reader never throws, so one pass reports every mistake in a file.
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cwlog/config.h>

namespace cwlog::detail {

class yaml_reader {
 public:
  explicit yaml_reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const noexcept { return file_; }
  const std::vector<cwlog::config_diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  std::vector<cwlog::config_diagnostic> take_diagnostics() { return std::move(diagnostics_); }

  void error(const YAML::Mark& at, std::string message);
  void error(const YAML::Node& at, std::string message) { error(at.Mark(), std::move(message)); }
  void error_without_position(std::string message);

  // A map node (or reports "<what> must be a map").
  bool expect_map(const YAML::Node& n, std::string_view what);
  bool expect_sequence(const YAML::Node& n, std::string_view what);
  // Reports every key of `map` not in `allowed` (at the key's position).
  void check_keys(const YAML::Node& map, std::string_view what,
                  std::initializer_list<std::string_view> allowed);

  std::optional<std::string> get_string(const YAML::Node& n, std::string_view what);
  std::optional<bool> get_bool(const YAML::Node& n, std::string_view what);
  // Types only: the ranges of values are validate()'s (validate_options.h), so
  // a file and code-built options meet the same limits.
  std::optional<std::int64_t> get_int(const YAML::Node& n, std::string_view what);
  std::optional<std::uint64_t> get_count(const YAML::Node& n, std::string_view what);  // 0 or more
  std::optional<double> get_double(const YAML::Node& n, std::string_view what);
  // "250ms", "2s", "5m", "1h".
  std::optional<std::chrono::milliseconds> get_duration(const YAML::Node& n, std::string_view what);
  // An integer of bytes or "64KiB", "64MiB", "1GiB" (also KB/MB/GB = powers of 1000).
  std::optional<std::uint64_t> get_bytes(const YAML::Node& n, std::string_view what);
  std::optional<cwlog::level> get_level(const YAML::Node& n, std::string_view what);

  // One of a fixed set of words.
  template <typename E>
  std::optional<E> get_enum(const YAML::Node& n, std::string_view what,
                            std::initializer_list<std::pair<std::string_view, E>> choices) {
    const auto text = get_string(n, what);
    if (!text) return std::nullopt;
    std::string allowed;
    for (const auto& [word, value] : choices) {
      if (*text == word) return value;
      allowed += (allowed.empty() ? "" : ", ") + std::string(word);
    }
    error(n, std::string(what) + ": \"" + *text + "\" is not a choice (allowed: " + allowed + ")");
    return std::nullopt;
  }

 private:
  bool expect_scalar(const YAML::Node& n, std::string_view what, std::string_view allowed);

  std::string file_;
  std::vector<cwlog::config_diagnostic> diagnostics_;
};

}  // namespace cwlog::detail
