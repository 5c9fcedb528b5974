#pragma once
// The YAML config file (schema: docs/config.md) loads into exactly the same
// cwlog::options struct the C++ API takes, so a config file and code can never
// mean different things. Every problem in a file is collected before throwing,
// so `cwlog config check` can show them all at once.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/error.h>
#include <cwlog/export.h>
#include <cwlog/options.h>

namespace cwlog {

struct config_diagnostic {
  std::string file;        // as given to load_config / parse_config
  std::size_t line = 0;    // 1-based; 0 when the problem has no position
  std::size_t column = 0;  // 1-based; 0 when the problem has no position
  std::string message;     // what is wrong, then "(allowed: ...)"
};

// Thrown for an invalid config. what() is every diagnostic, one per line, as
// "file:line:col: message (allowed: ...)".
class CWLOG_API config_error : public error {
 public:
  explicit config_error(std::vector<config_diagnostic> diagnostics);
  const std::vector<config_diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<config_diagnostic> diagnostics_;
};

// "file:line:col: message" (or "file: message" without a position).
CWLOG_API std::string to_string(const config_diagnostic& d);

// Reads and validates a YAML config file. Throws config_error (also when the
// file cannot be read: the diagnostic then has no position).
CWLOG_API options load_config(const std::string& path);

// Same, from text; name_for_messages is used as the file name in diagnostics.
CWLOG_API options parse_config(std::string_view yaml, std::string_view name_for_messages);

}  // namespace cwlog
