// The "destinations" and "routes" sections of the config file: keys and
// types here; templates, CloudWatch's rules and references between routes and
// destinations are validate()'s (validate_routing.cpp), which the loader runs
// on the result and reports at the position of the offending value.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>

#include "route/config_sections.h"
#include "rules/log_group_class.h"

namespace cwlog::detail {
namespace {

void read_destination(yaml_reader& r, const YAML::Node& n, const std::string& where,
                      cwlog::destination_options& d) {
  if (!r.expect_map(n, where)) return;
  r.check_keys(n, where,
               {"name", "group", "stream", "retention_days", "kms_key_id", "tags", "log_group_class",
                "format", "pattern", "create_group", "create_stream", "max_batch_bytes", "max_batch_events"});
  if (const auto v = n["name"]) {
    if (auto s = r.get_string(v, where + ".name")) d.name = *s;
  } else {
    r.error(n, where + ": missing name (allowed: name: <unique name routes refer to>)");
  }
  if (const auto v = n["group"]) {
    if (auto s = r.get_string(v, where + ".group")) d.group = *s;
  } else {
    r.error(n, where + ": missing group (allowed: group: <template>, e.g. app-customer-{tenant})");
  }
  if (const auto v = n["stream"]) {
    if (auto s = r.get_string(v, where + ".stream")) d.stream = *s;
  }
  if (const auto v = n["retention_days"]) {
    // Out-of-int values are clamped: validate() refuses them as retentions.
    if (auto i = r.get_int(v, where + ".retention_days"))
      d.retention_days = static_cast<int>(std::clamp<std::int64_t>(*i, INT_MIN, INT_MAX));
  }
  if (const auto v = n["kms_key_id"]) {
    if (auto s = r.get_string(v, where + ".kms_key_id")) d.kms_key_id = *s;
  }
  if (const auto v = n["tags"]) {
    if (r.expect_map(v, where + ".tags")) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        const auto key = r.get_string(it->first, where + ".tags key");
        const auto value = r.get_string(it->second, where + ".tags." + (key ? *key : std::string("?")));
        if (key && value) d.tags[*key] = *value;
      }
    }
  }
  if (const auto v = n["log_group_class"]) {
    if (auto s = r.get_string(v, where + ".log_group_class")) {
      std::string why;
      if (auto c = parse_log_group_class(*s, why))
        d.group_class = *c;
      else
        r.error(v, where + ".log_group_class: " + why);
    }
  }
  if (const auto v = n["format"]) {
    if (auto f = r.get_enum<cwlog::formatter_kind>(
            v, where + ".format",
            {{"json", cwlog::formatter_kind::json}, {"plain", cwlog::formatter_kind::plain}})) {
      d.format = *f;
    }
  }
  if (const auto v = n["pattern"]) {
    if (auto s = r.get_string(v, where + ".pattern")) d.pattern = *s;
  }
  if (const auto v = n["create_group"]) {
    if (auto b = r.get_bool(v, where + ".create_group")) d.create_group = *b;
  }
  if (const auto v = n["create_stream"]) {
    if (auto b = r.get_bool(v, where + ".create_stream")) d.create_stream = *b;
  }
  if (const auto v = n["max_batch_bytes"]) {
    if (auto b = r.get_bytes(v, where + ".max_batch_bytes")) d.max_batch_bytes = *b;
  }
  if (const auto v = n["max_batch_events"]) {
    if (auto c = r.get_count(v, where + ".max_batch_events")) d.max_batch_events = *c;
  }
}

void read_match(yaml_reader& r, const YAML::Node& n, const std::string& where, cwlog::route_rule& rule) {
  if (!r.expect_map(n, where)) return;
  r.check_keys(n, where,
               {"logger", "logger_match", "min_level", "max_level", "fields", "has_fields", "tenant"});
  if (const auto v = n["logger"]) {
    if (auto s = r.get_string(v, where + ".logger")) rule.logger = *s;
  }
  if (const auto v = n["logger_match"]) {
    if (auto m = r.get_enum<cwlog::name_match>(
            v, where + ".logger_match",
            {{"exact", name_match::exact}, {"prefix", name_match::prefix}, {"glob", name_match::glob}})) {
      rule.logger_match = *m;
      if (!rule.logger)
        r.error(v, where + ".logger_match without logger (allowed: together with logger: ...)");
    }
  }
  if (const auto v = n["min_level"]) rule.min_level = r.get_level(v, where + ".min_level");
  if (const auto v = n["max_level"]) rule.max_level = r.get_level(v, where + ".max_level");
  if (const auto v = n["fields"]) {
    // name: value (equality) or name: ~ (presence, same as has_fields).
    if (r.expect_map(v, where + ".fields")) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        const auto name = r.get_string(it->first, where + ".fields key");
        if (!name) continue;
        if (it->second.IsNull()) {
          rule.fields.push_back({*name, std::nullopt});
        } else if (auto value = r.get_string(it->second, where + ".fields." + *name)) {
          rule.fields.push_back({*name, *value});
        }
      }
    }
  }
  if (const auto v = n["has_fields"]) {
    if (r.expect_sequence(v, where + ".has_fields")) {
      for (const auto& item : v) {
        if (auto name = r.get_string(item, where + ".has_fields[]"))
          rule.fields.push_back({*name, std::nullopt});
      }
    }
  }
  if (const auto v = n["tenant"]) rule.has_tenant = r.get_bool(v, where + ".tenant");
}

}  // namespace

void read_destinations(yaml_reader& r, const YAML::Node& n, std::vector<cwlog::destination_options>& out) {
  if (!r.expect_sequence(n, "destinations")) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    cwlog::destination_options d;
    read_destination(r, n[i], "destinations[" + std::to_string(i) + "]", d);
    out.push_back(std::move(d));
  }
}

void read_routes(yaml_reader& r, const YAML::Node& n, std::vector<cwlog::route_rule>& out) {
  if (!r.expect_sequence(n, "routes")) return;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const YAML::Node item = n[i];
    const std::string where = "routes[" + std::to_string(i) + "]";
    cwlog::route_rule rule;
    if (!r.expect_map(item, where)) continue;
    r.check_keys(item, where, {"name", "match", "to", "drop", "continue"});
    if (const auto v = item["name"]) {
      if (auto s = r.get_string(v, where + ".name")) rule.name = *s;
    }
    if (const auto v = item["match"]) read_match(r, v, where + ".match", rule);
    if (const auto v = item["to"]) {
      // A single destination or a list of them (fan-out).
      if (v.IsScalar()) {
        rule.destinations.push_back(v.Scalar());
      } else if (r.expect_sequence(v, where + ".to")) {
        for (const auto& d : v) {
          if (auto s = r.get_string(d, where + ".to[]")) rule.destinations.push_back(*s);
        }
      }
    }
    if (const auto v = item["drop"]) rule.drop = r.get_bool(v, where + ".drop").value_or(false);
    if (const auto v = item["continue"])
      rule.continue_matching = r.get_bool(v, where + ".continue").value_or(false);
    out.push_back(std::move(rule));
  }
}

}  // namespace cwlog::detail
