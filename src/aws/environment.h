#pragma once
// Everything the AWS resolution reads from the outside world — environment
// variables, files and the home directory — goes through one snapshot object,
// so tests never mutate the process environment and never read the real ~/.aws.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::detail {

class environment {
 public:
  environment() = default;
  // A snapshot of the given variables; `home` replaces $HOME for "~" expansion.
  explicit environment(std::map<std::string, std::string, std::less<>> vars, std::string home = {});

  // The current process environment (read once, at this call).
  static environment from_process();

  // nullopt when unset. An empty value is returned as "" (callers decide).
  std::optional<std::string> get(std::string_view name) const;
  // Set and not empty.
  std::optional<std::string> get_nonempty(std::string_view name) const;
  // "true"/"false" case-insensitively, as botocore's ensure_boolean.
  bool get_bool(std::string_view name) const;

  // The whole file, or nullopt when it cannot be read.
  std::optional<std::string> read_file(const std::string& path) const;
  // "~" and "~/..." expand to the home directory (as os.path.expanduser).
  std::string expand_user(const std::string& path) const;
  const std::string& home_dir() const { return home_; }

  // Test convenience: returns a copy with one variable set / removed.
  environment with(std::string name, std::string value) const;
  environment without(std::string_view name) const;

 private:
  std::map<std::string, std::string, std::less<>> vars_;
  std::string home_;
};

}  // namespace cwlog::detail
