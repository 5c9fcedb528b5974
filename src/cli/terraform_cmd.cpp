// cwlog terraform --config F --out DIR [--tenants-file F] [--tenant ID...]:
// writes the Terraform module the config needs (docs/terraform.md).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "terraform/config_source.h"
#include "terraform/module_files.h"

namespace cwlog::cli {
namespace {

struct terraform_args {
  std::string config;
  std::string out;
  std::string tenants_file;
  std::vector<std::string> tenants;
};

}  // namespace

void add_terraform_command(CLI::App& app, int& result) {
  auto args = std::make_shared<terraform_args>();
  auto* cmd =
      app.add_subcommand("terraform", "Generate the Terraform module (log groups, KMS, IAM) a config needs");
  cmd->add_option("--config", args->config, "The cwlog YAML config")->required();
  cmd->add_option("--out", args->out, "Directory to write the module into (replaced as a whole)")->required();
  cmd->add_option("--tenants-file", args->tenants_file,
                  "Tenant ids, one per line, whose {tenant} groups to create");
  cmd->add_option("--tenant", args->tenants, "A tenant id whose {tenant} groups to create (repeatable)");
  cmd->callback([&result, args] {
    auto config = detail::load_generator_config(args->config);
    auto tenants = detail::collect_tenants(args->tenants, args->tenants_file);
    const auto source = std::filesystem::path(args->config).filename().string();
    detail::generate_terraform_module(config.options, config.terraform, tenants, source, args->out);
    std::fprintf(stderr, "cwlog: wrote the Terraform module for %s to %s\n", source.c_str(),
                 args->out.c_str());
    result = exit_ok;
  });
}

}  // namespace cwlog::cli
