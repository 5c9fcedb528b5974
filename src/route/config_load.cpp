// load_config / parse_config (include/cwlog/config.h): YAML text -> options.
// The sections are read by config_aws_shipping.cpp and config_routing.cpp
// (keys and types); then the result goes through validate(), the same check
// the shipper makes, and each problem's field path is mapped back to the
// position of the value in the file.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include <cwlog/config.h>

#include "route/config_sections.h"
#include "route/validate_options.h"

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
                "default_destination", "metrics", "terraform"});
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
  if (const auto v = root["routes"]) detail::read_routes(r, v, opts.routes);
  if (const auto v = root["metrics"]) detail::read_metrics(r, v, opts.metrics);
  if (const auto v = root["default_destination"]) {
    if (auto s = r.get_string(v, "default_destination")) opts.default_destination = *s;
  }
}

// The node a field path names, or the nearest one on the way when the file
// does not write it (a default value, a missing key): yaml-cpp nodes are
// handles whose assignment writes through, so the walk recurses instead.
YAML::Mark locate(const YAML::Node& node, const std::vector<detail::field_path::step>& steps, std::size_t i,
                  bool at_key) {
  if (i == steps.size()) return node.Mark();
  if (const auto* key = std::get_if<std::string>(&steps[i])) {
    if (!node.IsMap()) return node.Mark();
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar() || it->first.Scalar() != *key) continue;
      if (at_key && i + 1 == steps.size()) return it->first.Mark();
      return locate(it->second, steps, i + 1, at_key);  // the first of duplicate keys, as yaml-cpp reads
    }
    return node.Mark();
  }
  const auto index = std::get<std::size_t>(steps[i]);
  if (!node.IsSequence() || index >= node.size()) return node.Mark();
  return locate(node[index], steps, i + 1, at_key);
}

// validate()'s verdict, at the positions of the values. A problem at a place
// the reader already reported (a value of the wrong type, a missing key) is
// the same mistake seen again, and is left out.
void report_invalid(detail::yaml_reader& r, const YAML::Node& root, const options& opts) {
  std::set<std::pair<std::size_t, std::size_t>> reported;
  for (const auto& d : r.diagnostics()) reported.emplace(d.line, d.column);
  for (const auto& p : detail::validate(opts)) {
    const auto mark = locate(root, p.path.steps(), 0, p.at_key);
    if (reported.contains(
            {static_cast<std::size_t>(mark.line) + 1, static_cast<std::size_t>(mark.column) + 1}))
      continue;
    r.error(mark, p.text());
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
    if (root.IsMap()) report_invalid(r, root, opts);
  } catch (const YAML::Exception& e) {
    // The reader tests nodes before use; this is the net for a shape it did
    // not foresee, so a strange file still yields a diagnostic, not a crash.
    r.error(e.mark, "cannot read this part of the file: " + e.msg + " (allowed: see docs/config.md)");
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
