// cwlog iam-policy --config F [--region R] [--account-id A] [--partition P]
//                  [--tenant ID... | --tenants-file F] [--read-only-tenant ID]:
// prints the shipper's IAM policy JSON alone (the document aws_iam_policy.shipper
// of the generated module holds), with concrete ARNs; or, with
// --read-only-tenant, that tenant's read-only policy.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <cwlog/error.h>

#include "commands.h"
#include "terraform/config_source.h"
#include "terraform/iam_policy.h"

namespace cwlog::cli {
namespace {

struct iam_policy_args {
  std::string config;
  std::string region;
  std::string account_id;
  std::string partition = "aws";
  std::string tenants_file;
  std::vector<std::string> tenants;
  std::string read_only_tenant;
};

}  // namespace

void add_iam_policy_command(CLI::App& app, int& result) {
  auto args = std::make_shared<iam_policy_args>();
  auto* cmd = app.add_subcommand("iam-policy", "Print the IAM policy JSON the configured shipper needs");
  cmd->add_option("--config", args->config, "The cwlog YAML config")->required();
  cmd->add_option("--region", args->region, "AWS region (default: aws.region of the config)");
  cmd->add_option("--account-id", args->account_id, "12-digit AWS account id")->required();
  cmd->add_option("--partition", args->partition, "AWS partition: aws, aws-cn, aws-us-gov, ...")
      ->capture_default_str();
  cmd->add_option("--tenant", args->tenants, "A tenant id (exact ARNs for pre-created {tenant} groups)");
  cmd->add_option("--tenants-file", args->tenants_file, "Tenant ids, one per line");
  cmd->add_option("--read-only-tenant", args->read_only_tenant,
                  "Print this tenant's read-only policy instead of the shipper's");
  cmd->callback([&result, args] {
    auto config = detail::load_generator_config(args->config);
    auto tenants = detail::collect_tenants(args->tenants, args->tenants_file);
    if (!args->read_only_tenant.empty()) tenants.push_back(args->read_only_tenant);
    detail::arn_context ctx{args->partition, args->region.empty() ? config.options.aws.region : args->region,
                            args->account_id};
    if (ctx.region.empty())
      throw error("iam-policy: no region (allowed: --region R, or aws.region in the config)");
    // The read-only policies are validated by the plan only when asked for.
    if (!args->read_only_tenant.empty()) config.terraform.tenant_read_policies = true;
    const auto plan = detail::plan_module(config.options, config.terraform, tenants);
    const auto doc = args->read_only_tenant.empty()
                         ? detail::shipper_policy(plan)
                         : detail::tenant_read_policy(plan, args->read_only_tenant);
    std::fputs(detail::render_policy_json(doc, ctx).c_str(), stdout);
    result = exit_ok;
  });
}

}  // namespace cwlog::cli
