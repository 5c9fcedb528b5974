#include "route/router.h"

#include <unistd.h>

#include <algorithm>

#include <cwlog/error.h>

#include "route/validate_options.h"

namespace cwlog::detail {

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
  // After this, every template parses and every name a rule uses exists.
  throw_if_invalid(opts);
  for (const auto& d : opts.destinations) {
    destinations_.push_back({d, name_template::parse(d.group, template_kind::group),
                             name_template::parse(d.stream, template_kind::stream)});
  }
  for (const auto& r : opts.routes) {
    compiled_rule cr{r, {}};
    for (const auto& name : r.destinations) {
      const auto idx = destination_index(name);
      if (std::find(cr.destinations.begin(), cr.destinations.end(), idx) == cr.destinations.end())
        cr.destinations.push_back(idx);
    }
    rules_.push_back(std::move(cr));
  }
  if (!opts.default_destination.empty()) default_destination_ = destination_index(opts.default_destination);
  min_levels_ = min_level_table(opts.min_level, opts.logger_min_levels);
  for (const auto& r : rules_)
    if (!r.rule.fields.empty()) by_logger_level_tenant_ = false;
  for (const auto& d : destinations_)
    for (const name_template* t : {&d.group, &d.stream})
      if (t->uses(token_kind::field) || t->uses(token_kind::date)) by_logger_level_tenant_ = false;
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
