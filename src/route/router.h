#pragma once
// Decides where a record goes: minimum levels, then the ordered rules, then the
// default destination; renders each chosen destination's group and stream.
// Built once from cwlog::options (checked by validate(), validate_options.h,
// so code-built options get the same checks as config files); route() is
// const and thread-safe.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/options.h>
#include <cwlog/record.h>

#include "route/name_template.h"
#include "route/rules.h"

namespace cwlog::detail {

struct route_target {
  std::size_t destination_index;  // into options::destinations
  std::string group;
  std::string stream;
};

enum class route_outcome {
  routed,           // out got at least one target (a chosen destination
                    // that cannot name this record is skipped silently)
  dropped_by_rule,  // a drop rule matched before any target was chosen
  below_min_level,  // under options::min_level or the logger's minimum
  no_destination,   // no rule sent it anywhere and there is no default
  invalid_name      // destinations were chosen, but none could render a name
                    // (record without a tenant for a {tenant} template, a
                    // missing {field.NAME}, a date outside years 0-9999)
};

const char* to_string(route_outcome outcome) noexcept;

class router {
 public:
  // Throws cwlog::error listing what validate() finds (bad templates, unknown
  // destination references, disallowed retention/KMS/tags values, limits).
  // ctx supplies {host} and {pid}.
  explicit router(const cwlog::options& opts);
  router(const cwlog::options& opts, render_context ctx);

  // Appends the targets for rec to out (duplicates removed: a destination is
  // used at most once per record). Thread-safe.
  route_outcome route(const cwlog::record_view& rec, std::vector<route_target>& out) const;

  // A record's route depends only on its logger name, level and tenant: no
  // rule tests a field, no template uses a field or the date ({host} and
  // {pid} are the process's). Records alike in those are routed alike.
  bool routes_by_logger_level_tenant() const noexcept { return by_logger_level_tenant_; }

  std::size_t destination_count() const noexcept { return destinations_.size(); }
  const cwlog::destination_options& destination(std::size_t i) const { return destinations_[i].opts; }
  const name_template& group_template(std::size_t i) const { return destinations_[i].group; }
  const name_template& stream_template(std::size_t i) const { return destinations_[i].stream; }
  // Index of a destination by name; throws cwlog::error if unknown.
  std::size_t destination_index(std::string_view name) const;
  const render_context& context() const noexcept { return ctx_; }

 private:
  struct compiled_destination {
    cwlog::destination_options opts;
    name_template group;
    name_template stream;
  };
  std::vector<compiled_destination> destinations_;
  std::vector<compiled_rule> rules_;
  std::optional<std::size_t> default_destination_;
  min_level_table min_levels_;
  render_context ctx_;
  bool by_logger_level_tenant_ = true;
};

// The host name and process id of this process.
render_context current_render_context();

}  // namespace cwlog::detail
