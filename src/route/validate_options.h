#pragma once
// The one check of a cwlog::options, whether it was filled in code or loaded
// from YAML: cwlog's own limits (option_limits.h), CloudWatch's rules
// (src/rules), templates, tenant isolation and references between routes and
// destinations. The config loader maps each problem's field path to the
// file's line:column; the shipper and the router throw them all at once. So
// `cwlog config check` passes exactly the configs the shipper accepts.
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <cwlog/options.h>

namespace cwlog::detail {

// Where a value lives, in the config file's terms: "destinations[2].retention_days",
// "shipping.queue_bytes", "routes[0].match.max_level".
class field_path {
 public:
  using step = std::variant<std::string, std::size_t>;  // a map key or a list index

  field_path() = default;
  field_path key(std::string_view k) const;
  field_path index(std::size_t i) const;
  const std::vector<step>& steps() const noexcept { return steps_; }
  std::string text() const;

 private:
  std::vector<step> steps_;
};

struct options_problem {
  field_path path;
  std::string message;  // what is wrong, then "(allowed: ...)"
  bool at_key = false;  // about the last step's key itself (a tag key), not its value
  // "path: message"
  std::string text() const { return path.text() + ": " + message; }
};

// Every problem of opts, in the order of the fields; empty when valid.
std::vector<options_problem> validate(const cwlog::options& opts);

// Throws cwlog::error("invalid cwlog options:\n  path: message\n  ...") when
// validate(opts) finds anything.
void throw_if_invalid(const cwlog::options& opts);

}  // namespace cwlog::detail
