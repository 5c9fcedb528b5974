// The "metrics" section of the config (cwlog/metrics.h, docs/metrics.md):
// read_metrics reads keys and types, validate_metrics checks the values
// (for code-built options too).
#include <algorithm>

#include "route/config_sections.h"
#include "route/validate_sections.h"
#include "rules/emf.h"

namespace cwlog::detail {

void read_metrics(yaml_reader& r, const YAML::Node& n, cwlog::metrics_options& out) {
  if (!r.expect_map(n, "metrics")) return;
  r.check_keys(n, "metrics",
               {"destination", "interval", "max_dimension_sets", "health_destination", "health_interval",
                "health_namespace"});
  for (const auto& [key, target] :
       {std::pair{"destination", &out.destination}, std::pair{"health_destination", &out.health_destination},
        std::pair{"health_namespace", &out.health_namespace}}) {
    if (const auto v = n[key])
      if (auto s = r.get_string(v, std::string("metrics.") + key)) *target = *s;
  }
  for (const auto& [key, target] :
       {std::pair{"interval", &out.interval}, std::pair{"health_interval", &out.health_interval}}) {
    if (const auto v = n[key])
      if (auto d = r.get_duration(v, std::string("metrics.") + key)) *target = *d;
  }
  if (const auto v = n["max_dimension_sets"])
    if (auto c = r.get_count(v, "metrics.max_dimension_sets")) out.max_dimension_sets = *c;
}

void validate_metrics(const cwlog::options& opts, problem_list& out) {
  const field_path at = field_path{}.key("metrics");
  const auto& m = opts.metrics;
  const auto named = [&](const std::string& name) {
    return std::any_of(opts.destinations.begin(), opts.destinations.end(),
                       [&](const cwlog::destination_options& d) { return d.name == name; });
  };
  for (const auto& [key, name] :
       {std::pair{"destination", &m.destination}, std::pair{"health_destination", &m.health_destination}}) {
    if (!name->empty() && !named(*name))
      out.add(at.key(key), "\"" + *name + "\" is not a destination (allowed: a name in destinations)");
  }
  for (const auto& [key, d] :
       {std::pair{"interval", m.interval}, std::pair{"health_interval", m.health_interval}}) {
    if (d.count() < 1000)
      out.add(at.key(key),
              std::to_string(d.count()) + " ms is out of range (allowed: a duration of 1s or more)");
  }
  if (m.max_dimension_sets == 0)
    out.add(at.key("max_dimension_sets"), "0 is out of range (allowed: an integer of 1 or more)");
  if (!is_valid_namespace(m.health_namespace))
    out.add(at.key("health_namespace"), "\"" + m.health_namespace + "\" is not allowed (allowed: " +
                                            std::string(emf_namespace_rule()) + ")");
}

}  // namespace cwlog::detail
