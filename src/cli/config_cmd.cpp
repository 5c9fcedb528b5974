// cwlog config check FILE: every diagnostic of a config file (exit 2), or a
// short summary of what it routes where (exit 0).
#include <cstdio>
#include <string>

#include <cwlog/config.h>

#include "commands.h"
#include "route/name_template.h"
#include "rules/log_group_class.h"

namespace cwlog::cli {
namespace {

std::string describe(const detail::name_template& t) {
  if (t.is_static()) return "static";
  std::string s;
  auto add = [&s](const char* what) { s += (s.empty() ? "" : ", ") + std::string(what); };
  if (t.uses(detail::token_kind::tenant)) add("per tenant");
  if (t.uses(detail::token_kind::component) || t.uses(detail::token_kind::logger)) add("per component");
  if (t.uses(detail::token_kind::field)) add("per field value");
  if (t.is_date_rotated()) add("date-rotated");
  if (t.uses(detail::token_kind::host) || t.uses(detail::token_kind::pid)) add("per process");
  if (t.uses(detail::token_kind::level)) add("per level");
  return s;
}

void print_summary(const std::string& file, const options& o) {
  std::printf("%s: OK, %zu destination(s), %zu route(s)\n", file.c_str(), o.destinations.size(),
              o.routes.size());
  for (const auto& d : o.destinations) {
    const auto g = detail::name_template::parse(d.group, detail::template_kind::group);
    std::printf("  destination %s: group %s (%s), stream %s, class %s, retention %s%s%s\n", d.name.c_str(),
                d.group.c_str(), describe(g).c_str(), d.stream.c_str(),
                detail::log_group_class_name(d.group_class),
                d.retention_days ? (std::to_string(*d.retention_days) + " days").c_str() : "never expires",
                d.kms_key_id.empty() ? "" : ", KMS", d.create_group ? "" : ", pre-created");
  }
  for (std::size_t i = 0; i < o.routes.size(); ++i) {
    const auto& r = o.routes[i];
    std::string action;
    if (r.drop) action = "drop";
    for (const auto& d : r.destinations) action += (action.empty() ? "-> " : ", ") + d;
    if (r.continue_matching) action += " (continue)";
    std::printf("  route %zu%s%s: %s\n", i + 1, r.name.empty() ? "" : " ", r.name.c_str(), action.c_str());
  }
  std::printf("  default: %s\n", o.default_destination.empty()
                                     ? "(none: unrouted records are dropped and counted)"
                                     : o.default_destination.c_str());
}

}  // namespace

void add_config_command(CLI::App& app, int& result) {
  auto* config = app.add_subcommand("config", "Work with cwlog config files");
  config->require_subcommand(1);
  auto* check = config->add_subcommand("check", "Validate a config file: print every problem, or a summary");
  auto file = std::make_shared<std::string>();
  check->add_option("FILE", *file, "The YAML config file")->required();
  check->callback([&result, file] {
    try {
      const auto opts = load_config(*file);
      print_summary(*file, opts);
      result = exit_ok;
    } catch (const config_error& e) {
      for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", to_string(d).c_str());
      std::fprintf(stderr, "%zu problem(s) in %s\n", e.diagnostics().size(), file->c_str());
      result = exit_usage;
    }
  });
}

}  // namespace cwlog::cli
