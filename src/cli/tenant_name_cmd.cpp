// cwlog tenant-name [--config F] [--destination NAME | --template T] ID...:
// the log group a tenant's records go to, one line per id, computed by the
// library's own encoding (cwlog::tenant_name), so scripts, IAM policies and the
// Terraform generator use exactly the names the shipper creates.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <cwlog/config.h>
#include <cwlog/error.h>
#include <cwlog/tenant.h>

#include "commands.h"
#include "route/name_template.h"

namespace cwlog::cli {
namespace {

struct tenant_name_args {
  std::string config;
  std::string destination;
  std::string group_template;
  bool stream = false;
  std::vector<std::string> ids;
};

// The destination whose group is named per tenant: the one asked for, or the
// only one whose group template uses {tenant} and nothing record-dependent.
const destination_options& pick_destination(const options& o, const tenant_name_args& a) {
  std::vector<const destination_options*> tenant_only;
  std::string names;
  for (const auto& d : o.destinations) {
    if (!a.destination.empty() && d.name == a.destination) return d;
    names += (names.empty() ? "" : ", ") + d.name;
    if (detail::name_template::parse(d.group, detail::template_kind::group).is_tenant_only())
      tenant_only.push_back(&d);
  }
  if (!a.destination.empty()) {
    throw error("--destination " + a.destination + ": no such destination in " + a.config +
                " (allowed: " + names + ")");
  }
  if (tenant_only.size() == 1) return *tenant_only.front();
  throw error(std::string(tenant_only.empty() ? "no destination" : "more than one destination") + " in " +
              a.config + " has a group named by {tenant} only (allowed: --destination NAME, one of " + names +
              ")");
}

}  // namespace

void add_tenant_name_command(CLI::App& app, int& result) {
  auto args = std::make_shared<tenant_name_args>();
  auto* cmd = app.add_subcommand("tenant-name", "Print the log group name each tenant id's records go to");
  cmd->add_option("--config", args->config, "Take the group template from this config file");
  cmd->add_option("--destination", args->destination, "The destination of --config to use");
  cmd->add_option("--template", args->group_template,
                  "A group template instead of --config, e.g. app-{tenant}");
  cmd->add_flag("--stream", args->stream, "Print the stream name (a tenant-only stream template) instead");
  cmd->add_option("ID", args->ids, "Tenant ids (use -- before ids that start with '-')")->required();
  cmd->callback([&result, args] {
    if (!args->config.empty() && !args->group_template.empty()) {
      throw error("tenant-name: --config and --template exclude each other (allowed: one of them)");
    }
    if (args->config.empty() && !args->destination.empty()) {
      throw error("tenant-name: --destination needs --config (allowed: --config FILE --destination NAME)");
    }
    std::string templ = args->group_template.empty() ? "{tenant}" : args->group_template;
    if (!args->config.empty()) {
      const auto opts = load_config(args->config);
      const auto& d = pick_destination(opts, *args);
      templ = args->stream ? d.stream : d.group;
    }
    for (const auto& id : args->ids) {
      const auto name = args->stream ? tenant_stream_name(templ, id) : tenant_name(templ, id);
      std::printf("%s\n", name.c_str());
    }
    result = exit_ok;
  });
}

}  // namespace cwlog::cli
