// iam.tf: the shipper's policy (optionally attached to a role) and the
// optional read-only policy of each tenant.
#include <string>

#include <cwlog/error.h>

#include "route/tenant_encoding.h"
#include "terraform/hcl_writer.h"
#include "terraform/iam_policy.h"
#include "terraform/module_files.h"

namespace cwlog::detail {
namespace {

// IAM CreatePolicy PolicyName: at most 128 characters.
constexpr std::size_t max_policy_name = 128;

std::string tenant_policy_name(const module_plan& plan, const std::string& tenant) {
  // The encoded id keeps names inside IAM's [\w+=,.@-] and distinct per tenant.
  auto name = plan.tf.policy_name + "-read-" + encode_name_value(tenant);
  if (name.size() > max_policy_name) {
    throw cwlog::error("terraform: the read-only policy name for tenant \"" + tenant + "\" would be " +
                       std::to_string(name.size()) +
                       " characters (IAM allows 128); shorten terraform.policy_name");
  }
  return name;
}

}  // namespace

std::string iam_tf(const module_plan& plan, const std::string& source) {
  hcl_writer w;
  w.comment(header_comment(source, "IAM policies."));
  w.comment(
      "Exactly the CloudWatch Logs calls the configured shipper makes, on this config's\n"
      "groups only (see docs/terraform.md). `cwlog iam-policy` prints the same document.");
  w.begin_block("resource", {"aws_iam_policy", shipper_policy_label});
  w.attribute("name", hcl_writer::quote(plan.tf.policy_name));
  w.attribute("description", hcl_writer::quote("cwlog shipper: write logs for " + source));
  w.attribute("tags", "var.tags");
  write_policy_hcl(w, "policy", shipper_policy(plan));
  w.end_block();

  if (!plan.tf.role_name.empty()) {
    w.blank_line();
    w.begin_block("resource", {"aws_iam_role_policy_attachment", shipper_policy_label});
    w.attribute("role", hcl_writer::quote(plan.tf.role_name));
    w.attribute("policy_arn", std::string("aws_iam_policy.") + shipper_policy_label + ".arn");
    w.end_block();
  }

  if (plan.tf.tenant_read_policies) {
    w.blank_line();
    w.begin_block("locals");
    w.comment(
        "Tenant id -> its read-only policy: exact group ARNs only. A prefix such as\n"
        "\"app-customer-acme*\" would also match tenant acme-corp's \"app-customer-acme_2dcorp\".");
    w.begin_attribute("tenant_read_policies", "{");
    for (const auto& tenant : plan.tenants) {
      const auto doc = tenant_read_policy(plan, tenant);
      std::string groups;
      for (const auto& r : doc.statements.front().group_resources) {
        groups += (groups.empty() ? "" : ", ") + hcl_writer::quote(r);
      }
      w.attribute(hcl_writer::quote(tenant),
                  "{ name = " + hcl_writer::quote(tenant_policy_name(plan, tenant)) + ", resources = [" +
                      groups + "] }");
    }
    w.close("}");
    w.end_block();
    w.blank_line();
    w.comment(
        "DescribeLogGroups is left out on purpose: IAM authorises it on an account-wide ARN,\n"
        "so granting it would let a tenant list every group of the account.");
    w.begin_block("resource", {"aws_iam_policy", tenant_read_policy_label});
    w.attribute("for_each", "local.tenant_read_policies");
    w.blank_line();
    w.attribute("name", "each.value.name");
    w.attribute("description", "\"cwlog: read-only access to the logs of one tenant (${each.value.name})\"");
    w.attribute("tags", "var.tags");
    w.begin_attribute("policy", "jsonencode({");
    w.attribute("Version", hcl_writer::quote("2012-10-17"));
    w.begin_attribute("Statement", "[");
    w.begin_item("{");
    w.attribute("Sid", hcl_writer::quote("ReadTenantLogs"));
    w.attribute("Effect", hcl_writer::quote("Allow"));
    w.attribute("Action", "[\"logs:DescribeLogStreams\", \"logs:FilterLogEvents\", \"logs:GetLogEvents\"]");
    w.attribute("Resource", "[for r in each.value.resources : \"${local." +
                                std::string(log_group_arn_prefix_local) + "}${r}\"]");
    w.close("},");
    w.close("]");
    w.close("})");
    w.end_block();
  }
  return w.str();
}

}  // namespace cwlog::detail
