// outputs.tf: what other modules wire to — group names and ARNs, the policy
// ARNs and the key ARN.
#include <string>

#include "terraform/hcl_writer.h"
#include "terraform/module_files.h"

namespace cwlog::detail {
namespace {

void group_map_output(hcl_writer& w, const module_plan& plan, const std::string& output,
                      const std::string& attr, const std::string& description) {
  w.begin_block("output", {output});
  w.attribute("description", hcl_writer::quote(description));
  bool any = false;
  for (const auto& g : plan.groups) any = any || g.kind != planned_group_kind::runtime;
  if (!any) {
    w.attribute("value", "{}");
    w.end_block();
    return;
  }
  w.begin_attribute("value", "{");
  for (const auto& g : plan.groups) {
    if (g.kind == planned_group_kind::fixed) {
      w.attribute(g.label, "aws_cloudwatch_log_group." + g.label + "." + attr);
    } else if (g.kind == planned_group_kind::per_tenant) {
      w.attribute(g.label, "{ for tenant, group in aws_cloudwatch_log_group." + g.label +
                               " : tenant => group." + attr + " }");
    }
  }
  w.close("}");
  w.end_block();
}

}  // namespace

std::string outputs_tf(const module_plan& plan, const std::string& source) {
  hcl_writer w;
  w.comment(header_comment(source, "outputs."));
  group_map_output(
      w, plan, "log_group_names", "name",
      "Names of the log groups this module creates, by destination (per tenant for {tenant} groups).");
  w.blank_line();
  group_map_output(w, plan, "log_group_arns", "arn",
                   "ARNs of the log groups this module creates (without the \":*\" suffix), same shape as "
                   "log_group_names.");
  w.blank_line();
  w.begin_block("output", {"shipper_policy_arn"});
  w.attribute("description",
              hcl_writer::quote("ARN of the IAM policy that lets the cwlog shipper write these logs."));
  w.attribute("value", std::string("aws_iam_policy.") + shipper_policy_label + ".arn");
  w.end_block();
  if (plan.tf.tenant_read_policies) {
    w.blank_line();
    w.begin_block("output", {"tenant_read_policy_arns"});
    w.attribute("description", hcl_writer::quote("ARN of each tenant's read-only policy, by tenant id."));
    w.attribute("value", std::string("{ for tenant, p in aws_iam_policy.") + tenant_read_policy_label +
                             " : tenant => p.arn }");
    w.end_block();
  }
  if (plan.tf.kms.create_key) {
    w.blank_line();
    w.begin_block("output", {"kms_key_arn"});
    w.attribute("description", hcl_writer::quote("ARN of the KMS key encrypting the log groups."));
    w.attribute("value", std::string("aws_kms_key.") + kms_key_label + ".arn");
    w.end_block();
  }
  return w.str();
}

}  // namespace cwlog::detail
