#pragma once
// The IAM policies the generator writes, as data: the shipper's policy (exactly
// the CloudWatch Logs calls the configured shipper makes) and optional
// read-only policies per tenant. Rendered concretely as JSON for
// `cwlog iam-policy` and `cwlog local --policy`, or as a Terraform
// jsonencode() whose ARNs are built from data.aws_partition, var.region and
// var.account_id — from the same statements, so the two cannot drift.
//
// Resources (Service Authorization Reference, CloudWatch Logs; facts page):
//   CreateLogGroup, PutRetentionPolicy, CreateLogStream, PutLogEvents,
//   DescribeLogStreams, GetLogEvents, FilterLogEvents
//                           arn:P:logs:R:A:log-group:NAME:*   (the group and its streams)
//   TagResource             arn:P:logs:R:A:log-group:NAME     (no ":*": the request's resourceArn)
// CreateLogGroup with tags is also authorised as TagResource: "To assign tags
// when you create a log group, you must have either the logs:TagResource or
// logs:TagLogGroup permission" (CreateLogGroup API reference, tags).
// Names are exact for groups the config names, NAME-pattern ("app-*") for
// groups the shipper creates at run time; never "log-group:*", never an action
// wildcard.
#include <string>
#include <utility>
#include <vector>

#include "terraform/hcl_writer.h"
#include "terraform/module_plan.h"

namespace cwlog::detail {

struct policy_statement {
  std::string sid;
  std::vector<std::string> actions;
  // The part of each resource ARN after "...:log-group:", e.g. "app-api:*".
  std::vector<std::string> group_resources;
};

struct policy_document {
  std::vector<policy_statement> statements;
};

// The shipper's identity policy. create_group destinations get CreateLogGroup,
// PutRetentionPolicy (when retention_days is set) and TagResource (when the
// destination has tags: CreateLogGroup with tags is authorised as TagResource
// too); every destination gets CreateLogStream and PutLogEvents.
policy_document shipper_policy(const module_plan& plan);

// Read-only access to one tenant's {tenant}-only groups, by exact ARN:
// DescribeLogStreams, GetLogEvents, FilterLogEvents. DescribeLogGroups is left
// out on purpose: IAM authorises it on an account-wide ARN
// ("log-group::log-stream:"), so granting it would list every group.
policy_document tenant_read_policy(const module_plan& plan, const std::string& tenant);

struct arn_context {
  std::string partition = "aws";
  std::string region;
  std::string account_id;
};

// The document as JSON text (Version first, two-space indent), concrete ARNs.
// Throws cwlog::error if the region/account/partition are not well formed.
std::string render_policy_json(const policy_document& doc, const arn_context& ctx);

// `key = jsonencode({...})` with ARNs "${local.log_group_arn_prefix}NAME:*".
void write_policy_hcl(hcl_writer& out, const std::string& key, const policy_document& doc);

// The local the HCL form refers to; declared by main.tf.
inline constexpr const char* log_group_arn_prefix_local = "log_group_arn_prefix";

}  // namespace cwlog::detail
