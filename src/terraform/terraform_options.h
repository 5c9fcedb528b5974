#pragma once
// Generator options: the `terraform:` section of the cwlog YAML config. The
// shipper ignores this section; only `cwlog terraform` / `cwlog iam-policy`
// read it (parse_terraform_options reads it from the raw file, so the config
// loader does not need to know its shape).
//
//   terraform:
//     policy_name: cwlog-shipper        # aws_iam_policy name (default cwlog-shipper)
//     role_name: orders-service         # optional: attach the policy to this role
//     skip_destroy: false               # aws_cloudwatch_log_group.skip_destroy
//     tenants: [acme, globex]           # tenants whose {tenant} groups are pre-created
//     tenant_read_policies: true        # one read-only policy per tenant
//     kms:
//       create_key: true                # aws_kms_key + aws_kms_alias for groups without kms_key_id
//       alias: alias/cwlog-logs
//       deletion_window_days: 30        # 7..30 (AWS KMS ScheduleKeyDeletion)
//     data_protection:
//       identifiers: [EmailAddress, AwsSecretKey]   # AWS managed data identifiers
//       destinations: [audit]           # default: every destination whose group is pre-created
#include <optional>
#include <string>
#include <vector>

namespace cwlog::detail {

struct kms_generation {
  bool create_key = false;
  std::string alias = "alias/cwlog-logs";
  int deletion_window_days = 30;
};

struct data_protection_generation {
  std::vector<std::string> identifiers;   // managed data identifier names, e.g. "EmailAddress"
  std::vector<std::string> destinations;  // empty: all destinations with pre-created groups
};

struct terraform_options {
  std::string policy_name = "cwlog-shipper";
  std::string role_name;  // empty: no aws_iam_role_policy_attachment
  bool skip_destroy = false;
  std::vector<std::string> tenants;
  bool tenant_read_policies = false;
  kms_generation kms;
  std::optional<data_protection_generation> data_protection;
};

// Reads the `terraform:` section of a YAML config file (absent: defaults).
// Throws cwlog::error naming file:line:column and what is allowed.
terraform_options parse_terraform_options(const std::string& config_path);
// Same, from YAML text; `where` names the source in messages.
terraform_options parse_terraform_options_text(const std::string& yaml_text, const std::string& where);

// Tenant ids from a file: one per line, exactly as written (no trimming, so
// ids with spaces survive); empty lines are skipped; a trailing '\r' is dropped.
std::vector<std::string> read_tenants_file(const std::string& path);
// The ids given one by one (--tenant), then those of the file (--tenants-file; empty: none).
std::vector<std::string> collect_tenants(std::vector<std::string> ids, const std::string& tenants_file);

}  // namespace cwlog::detail
