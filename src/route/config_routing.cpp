// The "destinations" and "routes" sections of the config file. Templates,
// retention, KMS keys and tags are checked here with the same functions the
// router uses, so code-built options and files get identical rules, but a file
// gets the position of the offending value.
#include <set>
#include <string>

#include <cwlog/error.h>

#include "route/config_sections.h"
#include "route/destination_checks.h"
#include "route/name_template.h"

namespace cwlog::detail {
namespace {

void read_template(yaml_reader& r, const YAML::Node& v, const std::string& what, template_kind kind,
                   std::string& out) {
  const auto s = r.get_string(v, what);
  if (!s) return;
  try {
    (void)name_template::parse(*s, kind);
    out = *s;
  } catch (const cwlog::error& e) {
    r.error(v, what + ": " + e.what());
  }
}

void read_destination(yaml_reader& r, const YAML::Node& n, const std::string& where,
                      cwlog::destination_options& d) {
  if (!r.expect_map(n, where)) return;
  r.check_keys(n, where,
               {"name", "group", "stream", "retention_days", "kms_key_id", "tags", "log_group_class",
                "format", "pattern", "create_group"});
  if (const auto v = n["name"]) {
    if (auto s = r.get_string(v, where + ".name")) {
      if (s->empty()) r.error(v, where + ".name is empty (allowed: a unique non-empty name)");
      d.name = *s;
    }
  } else {
    r.error(n, where + ": missing name (allowed: name: <unique name routes refer to>)");
  }
  if (const auto v = n["group"]) {
    read_template(r, v, where + ".group", template_kind::group, d.group);
  } else {
    r.error(n, where + ": missing group (allowed: group: <template>, e.g. app-customer-{tenant})");
  }
  if (const auto v = n["stream"]) read_template(r, v, where + ".stream", template_kind::stream, d.stream);
  if (const auto v = n["retention_days"]) {
    if (auto i = r.get_int(v, where + ".retention_days", 1, 3653)) {
      if (auto m = check_retention_days(static_cast<int>(*i)))
        r.error(v, where + ".retention_days: " + *m);
      else
        d.retention_days = static_cast<int>(*i);
    }
  }
  if (const auto v = n["kms_key_id"]) {
    if (auto s = r.get_string(v, where + ".kms_key_id")) {
      if (auto m = check_kms_key_arn(*s))
        r.error(v, where + ".kms_key_id: " + *m);
      else
        d.kms_key_id = *s;
    }
  }
  if (const auto v = n["tags"]) {
    if (r.expect_map(v, where + ".tags")) {
      if (v.size() > max_tags) r.error(v, where + ".tags: more than 50 tags (allowed: at most 50)");
      for (auto it = v.begin(); it != v.end(); ++it) {
        const auto key = r.get_string(it->first, where + ".tags key");
        const auto value = r.get_string(it->second, where + ".tags." + (key ? *key : std::string("?")));
        if (!key || !value) continue;
        if (auto m = check_tag(*key, *value))
          r.error(it->first, where + ".tags: " + *m);
        else
          d.tags[*key] = *value;
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
  if (rule.min_level && rule.max_level && *rule.min_level > *rule.max_level) {
    r.error(n["max_level"], where + ": max_level is below min_level (allowed: min_level <= max_level)");
  }
  if (const auto v = n["fields"]) {
    // name: value (equality) or name: ~ (presence, same as has_fields).
    if (r.expect_map(v, where + ".fields")) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        const auto name = r.get_string(it->first, where + ".fields key");
        if (!name) continue;
        if (name->empty()) r.error(it->first, where + ".fields: empty field name (allowed: a field name)");
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

void check_destination_reference(yaml_reader& r, const YAML::Node& at, const std::string& name,
                                 const std::vector<cwlog::destination_options>& destinations) {
  std::string known;
  for (const auto& d : destinations) {
    if (d.name == name) return;
    known += (known.empty() ? "" : ", ") + d.name;
  }
  r.error(at,
          "unknown destination \"" + name + "\" (allowed: " + (known.empty() ? "none defined" : known) + ")");
}

void read_destinations(yaml_reader& r, const YAML::Node& n, std::vector<cwlog::destination_options>& out) {
  if (!r.expect_sequence(n, "destinations")) return;
  std::set<std::string> names;
  for (std::size_t i = 0; i < n.size(); ++i) {
    cwlog::destination_options d;
    const std::string where = "destinations[" + std::to_string(i) + "]";
    read_destination(r, n[i], where, d);
    if (!d.name.empty() && !names.insert(d.name).second) {
      r.error(n[i]["name"],
              where + ".name: duplicate destination \"" + d.name + "\" (allowed: unique names)");
    }
    out.push_back(std::move(d));
  }
}

void read_routes(yaml_reader& r, const YAML::Node& n,
                 const std::vector<cwlog::destination_options>& destinations,
                 std::vector<cwlog::route_rule>& out) {
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
    bool to_malformed = false;
    if (const auto v = item["to"]) {
      // A single destination or a list of them (fan-out).
      to_malformed = !v.IsScalar() && !v.IsSequence();
      if (v.IsScalar()) {
        rule.destinations.push_back(v.Scalar());
        check_destination_reference(r, v, v.Scalar(), destinations);
      } else if (r.expect_sequence(v, where + ".to")) {
        for (const auto& d : v) {
          if (auto s = r.get_string(d, where + ".to[]")) {
            rule.destinations.push_back(*s);
            check_destination_reference(r, d, *s, destinations);
          }
        }
      }
    }
    if (const auto v = item["drop"]) rule.drop = r.get_bool(v, where + ".drop").value_or(false);
    if (const auto v = item["continue"])
      rule.continue_matching = r.get_bool(v, where + ".continue").value_or(false);
    if (rule.drop && !rule.destinations.empty()) {
      r.error(item["drop"], where + ": drop together with to (allowed: either drop: true or to: [...])");
    } else if (rule.drop && rule.continue_matching) {
      r.error(item["continue"], where + ": drop together with continue (allowed: one of them)");
    } else if (!rule.drop && rule.destinations.empty() && !to_malformed) {
      r.error(item["to"] ? item["to"] : item,
              where + ": the rule sends nowhere (allowed: to: [destinations...] or drop: true)");
    }
    out.push_back(std::move(rule));
  }
}

}  // namespace cwlog::detail
