// load_config / parse_config (include/cwlog/config.h): YAML text -> options.
// The sections are read by config_aws_shipping.cpp and config_routing.cpp;
// afterwards the result is handed to the router's own validation, so nothing
// a file can express escapes the checks code-built options get.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include <cwlog/config.h>

#include "route/config_sections.h"
#include "route/router.h"
#include "route/template_overlap.h"

namespace cwlog {
namespace {

std::string join(const std::vector<config_diagnostic>& ds) {
  std::string s;
  for (const auto& d : ds) {
    if (!s.empty()) s += '\n';
    s += to_string(d);
  }
  return s;
}

void read_top(detail::yaml_reader& r, const YAML::Node& root, options& opts) {
  if (root.IsNull()) {
    r.error(root, "the file is empty (allowed: a map with destinations, routes, ...; see docs/config.md)");
    return;
  }
  if (!r.expect_map(root, "the top level")) return;
  // `terraform:` configures the generator only (`cwlog terraform` reads and
  // validates it); the shipper has nothing to do with it.
  r.check_keys(root, "the top level",
               {"aws", "shipping", "min_level", "logger_min_levels", "destinations", "routes",
                "default_destination", "terraform"});
  if (const auto v = root["aws"]) detail::read_aws(r, v, opts.aws);
  if (const auto v = root["shipping"]) detail::read_shipping(r, v, opts.shipping);
  if (const auto v = root["min_level"]) {
    if (auto l = r.get_level(v, "min_level")) opts.min_level = *l;
  }
  if (const auto v = root["logger_min_levels"]) {
    if (r.expect_map(v, "logger_min_levels")) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        const auto prefix = r.get_string(it->first, "logger_min_levels key");
        if (!prefix) continue;
        if (auto l = r.get_level(it->second, "logger_min_levels." + *prefix))
          opts.logger_min_levels[*prefix] = *l;
      }
    }
  }
  if (const auto v = root["destinations"]) detail::read_destinations(r, v, opts.destinations);
  if (const auto v = root["routes"]) detail::read_routes(r, v, opts.destinations, opts.routes);
  if (const auto v = root["default_destination"]) {
    if (auto s = r.get_string(v, "default_destination")) {
      opts.default_destination = *s;
      if (!s->empty()) detail::check_destination_reference(r, v, *s, opts.destinations);
    }
  }
  if (opts.destinations.empty() && r.diagnostics().empty()) {
    r.error(root, "no destinations (allowed: a destinations list with at least one entry)");
  }
}

// Tenant isolation between destinations (template_overlap.h), reported at
// the later destination's group template.
void check_isolation(detail::yaml_reader& r, const YAML::Node& root, const options& opts) {
  std::vector<detail::name_template> groups, streams;
  groups.reserve(opts.destinations.size());
  streams.reserve(opts.destinations.size());
  std::vector<detail::destination_templates> ds;
  std::vector<std::size_t> index;  // ds[k] is opts.destinations[index[k]]
  for (std::size_t i = 0; i < opts.destinations.size(); ++i) {
    const auto& d = opts.destinations[i];
    try {
      groups.push_back(detail::name_template::parse(d.group, detail::template_kind::group));
      streams.push_back(detail::name_template::parse(d.stream, detail::template_kind::stream));
    } catch (const error&) {
      continue;  // already reported where the template is
    }
    ds.push_back({d.name, &groups.back(), &streams.back()});
    index.push_back(i);
  }
  const YAML::Node list = root["destinations"];
  if (!list || !list.IsSequence()) return;  // a missing key is an invalid node: test before use
  for (const auto& p : detail::find_isolation_problems(ds)) {
    const std::size_t second = index[p.second];
    const YAML::Node d = list[second];
    r.error(d["group"] ? d["group"] : d,
            "destinations[" + std::to_string(p.second) + "].group: " + p.message);
  }
}

}  // namespace

config_error::config_error(std::vector<config_diagnostic> diagnostics)
    : error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::string to_string(const config_diagnostic& d) {
  if (d.line == 0) return d.file + ": " + d.message;
  return d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message;
}

options parse_config(std::string_view yaml, std::string_view name_for_messages) {
  detail::yaml_reader r{std::string(name_for_messages)};
  options opts;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's message without its own "yaml-cpp: error at ..." prefix.
    r.error(e.mark, "not valid YAML: " + e.msg + " (allowed: YAML 1.2 block or flow syntax)");
    throw config_error(r.take_diagnostics());
  }
  try {
    read_top(r, root, opts);
    if (root.IsMap()) check_isolation(r, root, opts);
  } catch (const YAML::Exception& e) {
    // The reader tests nodes before use; this is the net for a shape it did
    // not foresee, so a strange file still yields a diagnostic, not a crash.
    r.error(e.mark, "cannot read this part of the file: " + e.msg + " (allowed: see docs/config.md)");
  }
  if (r.diagnostics().empty()) {
    // Cross-checks without a single position (none expected: the reader above
    // applies the same rules, this is the safety net).
    try {
      detail::router check(opts, detail::render_context{"host", 1});
    } catch (const error& e) {
      r.error_without_position(e.what());
    }
  }
  if (!r.diagnostics().empty()) {
    // In file order, whatever order the sections were read in.
    auto ds = r.take_diagnostics();
    std::stable_sort(ds.begin(), ds.end(), [](const config_diagnostic& a, const config_diagnostic& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    throw config_error(std::move(ds));
  }
  return opts;
}

options load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config_error({{path, 0, 0, "cannot open the file (allowed: a readable YAML file)"}});
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw config_error({{path, 0, 0, "cannot read the file"}});
  return parse_config(text.str(), path);
}

}  // namespace cwlog
