#pragma once
// What the generated module contains, decided once from the config: which log
// groups Terraform creates (and with which names), which ones the shipper
// creates at run time, and what the shipper is allowed to do on each. Every
// generated file (and `cwlog iam-policy`) is rendered from this plan, so the
// HCL and the policy JSON cannot disagree about names.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <cwlog/options.h>

#include "terraform/terraform_options.h"

namespace cwlog::detail {

enum class planned_group_kind {
  fixed,       // a static name: one aws_cloudwatch_log_group
  per_tenant,  // only {tenant}: one resource with for_each over the tenants
  runtime      // {date:...} or other record-dependent tokens: created by the shipper only
};

struct planned_group {
  std::vector<std::string> destinations;  // config destinations writing here
  std::string label;                      // Terraform resource label (from the first destination)
  std::string group_template;             // as written in the config
  planned_group_kind kind = planned_group_kind::fixed;
  std::string name;  // fixed: the name
  // per_tenant: raw tenant id -> exact group name, computed by cwlog::tenant_name
  // (the function the shipper's router uses), in tenant-id order.
  std::vector<std::pair<std::string, std::string>> tenant_names;
  // The name with every token replaced by '*' (per_tenant and runtime): the IAM
  // scope of groups created at run time. Never starts with '*'.
  std::string name_pattern;
  bool date_rotated = false;
  bool uses_tenant = false;
  std::optional<int> retention_days;
  std::string kms_key_id;        // an explicit key ARN from the config
  bool use_created_key = false;  // encrypted with the module's aws_kms_key
  std::map<std::string, std::string> tags;
  log_group_class group_class = log_group_class::standard;
  bool shipper_creates = false;  // destination create_group: the shipper calls CreateLogGroup
  // Some destination on it has create_stream: the shipper calls CreateLogStream
  // (false when every stream is pre-created: PutLogEvents only).
  bool shipper_creates_streams = true;
  bool data_protection = false;  // aws_cloudwatch_log_data_protection_policy for it
};

struct module_plan {
  std::vector<planned_group> groups;
  std::vector<std::string> tenants;  // sorted, unique
  terraform_options tf;
};

// Validates and plans. Throws cwlog::error (naming the destination and what is
// allowed) for a template the generator cannot express, a retention AWS does
// not allow, a KMS key that is not a key ARN, conflicting destinations on one
// group, or generator options that do not fit the config.
module_plan plan_module(const cwlog::options& config, const terraform_options& tf,
                        const std::vector<std::string>& extra_tenants);

}  // namespace cwlog::detail
