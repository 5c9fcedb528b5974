// load_config / parse_config (include/cwlog/config.h): YAML text -> options.
// The sections are read by config_aws_shipping.cpp and config_routing.cpp;
// afterwards the result is handed to the router's own validation, so nothing
// a file can express escapes the checks code-built options get.
#include <fstream>
#include <sstream>

#include <cwlog/config.h>

#include "route/config_sections.h"
#include "route/router.h"

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
  r.check_keys(
      root, "the top level",
      {"aws", "shipping", "min_level", "logger_min_levels", "destinations", "routes", "default_destination"});
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
  read_top(r, root, opts);
  if (r.diagnostics().empty()) {
    // Cross-checks without a single position (none expected: the reader above
    // applies the same rules, this is the safety net).
    try {
      detail::router check(opts, detail::render_context{"host", 1});
    } catch (const error& e) {
      r.error_without_position(e.what());
    }
  }
  if (!r.diagnostics().empty()) throw config_error(r.take_diagnostics());
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
