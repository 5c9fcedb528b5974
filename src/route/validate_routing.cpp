// validate(), the "destinations" and "routes" sections: templates, the tenant
// isolation between destinations, CloudWatch's per-group rules (src/rules) and
// the references from routes to destinations.
#include <algorithm>
#include <optional>
#include <set>

#include <cwlog/error.h>

#include "route/name_template.h"
#include "route/plain_pattern.h"
#include "route/template_overlap.h"
#include "route/validate_sections.h"
#include "rules/kms_key_arn.h"
#include "rules/put_log_events.h"
#include "rules/retention.h"
#include "rules/tags.h"

namespace cwlog::detail {
namespace {

// The template, or nullopt after reporting why it does not parse.
std::optional<name_template> parse_template(const std::string& text, template_kind kind, const field_path& at,
                                            problem_list& out) {
  try {
    return name_template::parse(text, kind);
  } catch (const cwlog::error& e) {
    out.add(at, e.what());
    return std::nullopt;
  }
}

void validate_destination(const cwlog::destination_options& d, const field_path& at, problem_list& out) {
  if (d.retention_days && !is_allowed_retention_days(*d.retention_days)) {
    out.add(at.key("retention_days"), "retention of " + std::to_string(*d.retention_days) +
                                          " days is not accepted by CloudWatch (allowed: " +
                                          allowed_retention_days_text() + "; omit for never expire)");
  }
  if (!d.kms_key_id.empty()) {
    if (auto why = check_kms_key_arn(d.kms_key_id)) out.add(at.key("kms_key_id"), *why);
  }
  if (d.format == cwlog::formatter_kind::plain) {
    try {
      (void)parse_plain_pattern(d.pattern);
    } catch (const cwlog::error& e) {
      out.add(at.key("pattern"), e.what());
    }
  }
  if (d.tags.size() > max_tags) {
    out.add(at.key("tags"), "more than " + std::to_string(max_tags) + " tags (allowed: at most " +
                                std::to_string(max_tags) + ")");
  }
  for (const auto& [k, v] : d.tags) {
    if (auto why = check_tag(k, v)) out.add(at.key("tags").key(k), *why, true);
  }
  if (d.max_batch_bytes > max_batch_bytes)
    out.add(at.key("max_batch_bytes"), std::to_string(d.max_batch_bytes) +
                                           " is more than a PutLogEvents batch may hold (allowed: 1 to " +
                                           std::to_string(max_batch_bytes) + ", or 0 for that limit)");
  if (d.max_batch_events > max_batch_events)
    out.add(at.key("max_batch_events"), std::to_string(d.max_batch_events) +
                                            " is more than a PutLogEvents batch may hold (allowed: 1 to " +
                                            std::to_string(max_batch_events) + ", or 0 for that limit)");
}

std::string known_names(const std::vector<cwlog::destination_options>& ds) {
  std::string known;
  for (const auto& d : ds) known += (known.empty() ? "" : ", ") + d.name;
  return known.empty() ? "none defined" : known;
}

void check_reference(const std::vector<cwlog::destination_options>& ds, const std::string& name,
                     const field_path& at, problem_list& out) {
  if (std::any_of(ds.begin(), ds.end(), [&](const auto& d) { return d.name == name; })) return;
  out.add(at, "unknown destination \"" + name + "\" (allowed: " + known_names(ds) + ")");
}

void validate_rule(const cwlog::options& opts, const cwlog::route_rule& r, const field_path& at,
                   problem_list& out) {
  const field_path match = at.key("match");
  if (r.min_level && r.max_level && *r.min_level > *r.max_level)
    out.add(match.key("max_level"), "max_level is below min_level (allowed: min_level <= max_level)");
  if (r.logger && r.logger->empty() && r.logger_match != cwlog::name_match::prefix) {
    out.add(match.key("logger"), "empty logger pattern (allowed: a name, a prefix or a glob with * and ?)");
  }
  for (const auto& f : r.fields) {
    if (f.name.empty())
      out.add(match.key("fields"), "a field condition without a name (allowed: a field name)");
  }
  if (r.drop && !r.destinations.empty()) {
    out.add(at.key("drop"), "drop together with to (allowed: either drop: true or to: [destinations...])");
  } else if (r.drop && r.continue_matching) {
    out.add(at.key("continue"), "drop together with continue (allowed: one of them)");
  } else if (!r.drop && r.destinations.empty()) {
    out.add(at.key("to"), "the rule sends nowhere (allowed: to: [destinations...] or drop: true)");
  }
  for (std::size_t j = 0; j < r.destinations.size(); ++j)
    check_reference(opts.destinations, r.destinations[j], at.key("to").index(j), out);
}

}  // namespace

void validate_destinations(const std::vector<cwlog::destination_options>& ds, problem_list& out) {
  const field_path list = field_path{}.key("destinations");
  // No routed destination is allowed: a shipper used only through fixed
  // destinations (shipper::open, the Python handlers) routes nothing, and a
  // record logged without one is counted as dropped (no_destination).
  std::set<std::string> names;
  // Parsed templates, kept for the isolation check (which needs both).
  std::vector<name_template> groups, streams;
  groups.reserve(ds.size());
  streams.reserve(ds.size());
  std::vector<destination_templates> parsed;
  std::vector<std::size_t> index;  // parsed[k] is ds[index[k]]
  for (std::size_t i = 0; i < ds.size(); ++i) {
    const auto& d = ds[i];
    const field_path at = list.index(i);
    if (d.name.empty())
      out.add(at.key("name"), "the name is empty (allowed: a unique non-empty name)");
    else if (!names.insert(d.name).second)
      out.add(at.key("name"), "duplicate destination \"" + d.name + "\" (allowed: unique names)");
    auto group = parse_template(d.group, template_kind::group, at.key("group"), out);
    auto stream = parse_template(d.stream, template_kind::stream, at.key("stream"), out);
    validate_destination(d, at, out);
    if (!group || !stream) continue;
    groups.push_back(std::move(*group));
    streams.push_back(std::move(*stream));
    parsed.push_back({d.name, &groups.back(), &streams.back()});
    index.push_back(i);
  }
  for (const auto& p : find_isolation_problems(parsed))
    out.add(list.index(index[p.second]).key("group"), p.message);
}

void validate_routes(const cwlog::options& opts, problem_list& out) {
  for (std::size_t i = 0; i < opts.routes.size(); ++i)
    validate_rule(opts, opts.routes[i], field_path{}.key("routes").index(i), out);
  if (!opts.default_destination.empty())
    check_reference(opts.destinations, opts.default_destination, field_path{}.key("default_destination"),
                    out);
}

}  // namespace cwlog::detail
