#include "route/router.h"

#include <unistd.h>

#include <algorithm>
#include <set>

#include <cwlog/error.h>

#include "route/destination_checks.h"
#include "route/template_overlap.h"

namespace cwlog::detail {
// Collects every problem so one exception reports them all.
struct router::problems {
  std::vector<std::string> list;
  void add(std::string p) { list.push_back(std::move(p)); }
  void throw_if_any() const {
    if (list.empty()) return;
    std::string all = "invalid cwlog options:";
    for (const auto& p : list) all += "\n  " + p;
    throw cwlog::error(all);
  }
};

namespace {

std::string rule_label(const cwlog::route_rule& r, std::size_t i) {
  return "routes[" + std::to_string(i) + "]" + (r.name.empty() ? "" : " (\"" + r.name + "\")");
}

}  // namespace

const char* to_string(route_outcome outcome) noexcept {
  switch (outcome) {
    case route_outcome::routed:
      return "routed";
    case route_outcome::dropped_by_rule:
      return "dropped_by_rule";
    case route_outcome::below_min_level:
      return "below_min_level";
    case route_outcome::no_destination:
      return "no_destination";
    case route_outcome::invalid_name:
      return "invalid_name";
  }
  return "unknown";
}

render_context current_render_context() {
  render_context ctx;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) ctx.host = host;
  if (ctx.host.empty()) ctx.host = "localhost";
  ctx.pid = static_cast<std::int64_t>(getpid());
  return ctx;
}

router::router(const cwlog::options& opts) : router(opts, current_render_context()) {}

router::router(const cwlog::options& opts, render_context ctx) : ctx_(std::move(ctx)) {
  problems p;
  std::set<std::string> names;
  for (std::size_t i = 0; i < opts.destinations.size(); ++i) {
    const auto& d = opts.destinations[i];
    const std::string where = "destinations[" + std::to_string(i) + "] (\"" + d.name + "\")";
    if (d.name.empty())
      p.add(where + ": name is empty (allowed: a unique non-empty name)");
    else if (!names.insert(d.name).second)
      p.add(where + ": duplicate destination name (allowed: unique names)");
    compiled_destination cd{d, {}, {}};
    try {
      cd.group = name_template::parse(d.group, template_kind::group);
    } catch (const cwlog::error& e) {
      p.add(where + ": " + e.what());
    }
    try {
      cd.stream = name_template::parse(d.stream, template_kind::stream);
    } catch (const cwlog::error& e) {
      p.add(where + ": " + e.what());
    }
    if (d.retention_days) {
      if (auto m = check_retention_days(*d.retention_days)) p.add(where + ": " + *m);
    }
    if (!d.kms_key_id.empty()) {
      if (auto m = check_kms_key_arn(d.kms_key_id)) p.add(where + ": " + *m);
    }
    if (d.tags.size() > max_tags) p.add(where + ": more than 50 tags (allowed: at most 50)");
    for (const auto& [k, v] : d.tags) {
      if (auto m = check_tag(k, v)) p.add(where + ": " + *m);
    }
    destinations_.push_back(std::move(cd));
  }

  check_tenant_isolation(p);

  auto lookup = [&](const std::string& name, const std::string& where) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < opts.destinations.size(); ++i) {
      if (opts.destinations[i].name == name) return i;
    }
    std::string known;
    for (const auto& d : opts.destinations) known += (known.empty() ? "" : ", ") + d.name;
    p.add(where + ": unknown destination \"" + name +
          "\" (allowed: " + (known.empty() ? "none defined" : known) + ")");
    return std::nullopt;
  };

  for (std::size_t i = 0; i < opts.routes.size(); ++i) {
    const auto& r = opts.routes[i];
    const std::string where = rule_label(r, i);
    compiled_rule cr{r, {}};
    if (r.drop && !r.destinations.empty()) {
      p.add(where + ": drop together with destinations (allowed: either drop: true or to: [...])");
    }
    if (r.drop && r.continue_matching) {
      p.add(where + ": drop together with continue (allowed: one of them)");
    }
    if (!r.drop && r.destinations.empty()) {
      p.add(where + ": the rule sends nowhere (allowed: to: [destinations...] or drop: true)");
    }
    if (r.min_level && r.max_level && *r.min_level > *r.max_level) {
      p.add(where + ": min_level is above max_level (allowed: min_level <= max_level)");
    }
    if (r.logger && r.logger->empty() && r.logger_match != name_match::prefix) {
      p.add(where + ": empty logger pattern (allowed: a name, a prefix or a glob with * and ?)");
    }
    for (const auto& f : r.fields) {
      if (f.name.empty()) p.add(where + ": field condition without a name (allowed: a field name)");
    }
    for (const auto& name : r.destinations) {
      if (auto idx = lookup(name, where)) {
        if (std::find(cr.destinations.begin(), cr.destinations.end(), *idx) == cr.destinations.end()) {
          cr.destinations.push_back(*idx);
        }
      }
    }
    rules_.push_back(std::move(cr));
  }
  if (!opts.default_destination.empty())
    default_destination_ = lookup(opts.default_destination, "default_destination");
  p.throw_if_any();
  min_levels_ = min_level_table(opts.min_level, opts.logger_min_levels);
}

void router::check_tenant_isolation(problems& p) const {
  // Destinations whose templates did not parse are already reported.
  std::vector<destination_templates> ds;
  for (const auto& d : destinations_) {
    if (!d.group.segments().empty() && !d.stream.segments().empty())
      ds.push_back({d.opts.name, &d.group, &d.stream});
  }
  for (auto& problem : find_isolation_problems(ds)) p.add(std::move(problem.message));
}

std::size_t router::destination_index(std::string_view name) const {
  for (std::size_t i = 0; i < destinations_.size(); ++i) {
    if (destinations_[i].opts.name == name) return i;
  }
  throw cwlog::error("unknown destination \"" + std::string(name) + "\"");
}

route_outcome router::route(const cwlog::record_view& rec, std::vector<route_target>& out) const {
  if (rec.lvl < min_levels_.for_logger(rec.logger)) return route_outcome::below_min_level;
  const std::size_t start = out.size();
  bool chosen = false;
  bool dropped = false;

  auto add = [&](std::size_t idx) {
    chosen = true;
    for (std::size_t i = start; i < out.size(); ++i) {
      if (out[i].destination_index == idx) return;  // fan-out to the same destination twice: once
    }
    const auto& d = destinations_[idx];
    route_target t{idx, {}, {}};
    if (!d.group.render_to(t.group, rec, ctx_) || !d.stream.render_to(t.stream, rec, ctx_)) return;
    out.push_back(std::move(t));
  };

  for (const auto& r : rules_) {
    if (!r.matches(rec)) continue;
    if (r.rule.drop) {
      dropped = true;
      break;
    }
    for (const auto idx : r.destinations) add(idx);
    if (!r.rule.continue_matching) break;
  }
  if (!dropped && !chosen && default_destination_) add(*default_destination_);

  if (out.size() > start) return route_outcome::routed;
  if (dropped) return route_outcome::dropped_by_rule;
  return chosen ? route_outcome::invalid_name : route_outcome::no_destination;
}

}  // namespace cwlog::detail
