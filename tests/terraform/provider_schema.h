#pragma once
// The arguments (and exported attributes) the hashicorp/aws provider documents
// for each type the generator writes, so a test can refuse any attribute name
// the provider would reject. Taken from the provider's docs (website/docs in
// hashicorp/terraform-provider-aws, v5/v6), one URL per type:
#include <map>
#include <set>
#include <string>

namespace cwlog::test {

struct documented_type {
  std::set<std::string> arguments;
  std::set<std::string> attributes;  // exported, in addition to the arguments
};

// Terraform meta-arguments, valid on every resource and data block
// (https://developer.hashicorp.com/terraform/language/meta-arguments).
inline const std::set<std::string> meta_arguments{"count", "for_each", "depends_on", "provider", "lifecycle"};

inline const std::map<std::string, documented_type>& documented_resources() {
  static const std::map<std::string, documented_type> table{
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group
      {"aws_cloudwatch_log_group",
       {{"name", "name_prefix", "skip_destroy", "log_group_class", "retention_in_days", "kms_key_id", "tags",
         "region", "deletion_protection_enabled"},
        {"arn", "id", "tags_all"}}},
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key
      {"aws_kms_key",
       {{"description", "key_usage", "custom_key_store_id", "customer_master_key_spec", "policy",
         "bypass_policy_lockout_safety_check", "deletion_window_in_days", "is_enabled", "enable_key_rotation",
         "rotation_period_in_days", "multi_region", "tags", "xks_key_id", "region"},
        {"arn", "key_id", "id", "tags_all"}}},
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_alias
      {"aws_kms_alias",
       {{"name", "name_prefix", "target_key_id", "region"}, {"arn", "target_key_arn", "id"}}},
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_policy
      {"aws_iam_policy",
       {{"description", "name", "name_prefix", "path", "policy", "tags", "delay_after_policy_creation_in_ms"},
        {"arn", "attachment_count", "id", "policy_id", "tags_all"}}},
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role_policy_attachment
      {"aws_iam_role_policy_attachment", {{"role", "policy_arn"}, {"id"}}},
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_data_protection_policy
      {"aws_cloudwatch_log_data_protection_policy",
       {{"log_group_name", "policy_document", "region"}, {"id"}}},
  };
  return table;
}

inline const std::map<std::string, documented_type>& documented_data_sources() {
  static const std::map<std::string, documented_type> table{
      // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/partition
      {"aws_partition", {{}, {"dns_suffix", "id", "partition", "reverse_dns_prefix"}}},
  };
  return table;
}

}  // namespace cwlog::test
