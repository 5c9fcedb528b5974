// kms.tf: a customer managed key for the log groups (rotation on) and its
// alias. The key policy keeps the account root statement — without it KMS
// refuses the policy (it must not lock the account out) — and lets the
// regional CloudWatch Logs service principal use the key only for this
// config's groups, via the kms:EncryptionContext:aws:logs:arn condition
// (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS
// KMS"): ArnEquals on the exact ARNs of groups Terraform creates, ArnLike on
// the prefix of groups the shipper creates at run time. Conditions inside one
// statement are ANDed, so the two are separate statements.
#include <string>
#include <vector>

#include "terraform/hcl_writer.h"
#include "terraform/iam_policy.h"
#include "terraform/module_files.h"

namespace cwlog::detail {
namespace {

std::string arn(const std::string& name) {
  return "\"" + hcl_writer::interpolate(std::string("local.") + log_group_arn_prefix_local) +
         hcl_writer::escape(name) + "\"";
}

void logs_statement(hcl_writer& w, const std::string& sid, const std::string& op,
                    const std::vector<std::string>& names) {
  w.begin_item("{");
  w.attribute("Sid", hcl_writer::quote(sid));
  w.attribute("Effect", hcl_writer::quote("Allow"));
  w.begin_attribute("Principal", "{");
  w.attribute("Service", "\"logs.${var.region}.${data.aws_partition.current.dns_suffix}\"");
  w.close("}");
  w.attribute("Action",
              "[\"kms:Encrypt*\", \"kms:Decrypt*\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\", "
              "\"kms:Describe*\"]");
  w.attribute("Resource", hcl_writer::quote("*"));
  w.begin_attribute("Condition", "{");
  w.begin_attribute(op, "{");
  w.begin_attribute(hcl_writer::quote("kms:EncryptionContext:aws:logs:arn"), "[");
  for (const auto& n : names) w.item(arn(n));
  w.close("]");
  w.close("}");
  w.close("}");
  w.close("},");
}

}  // namespace

std::string kms_tf(const module_plan& plan, const std::string& source) {
  std::vector<std::string> exact, prefixes;
  for (const auto& g : plan.groups) {
    if (!g.use_created_key) continue;
    switch (g.kind) {
      case planned_group_kind::fixed:
        exact.push_back(g.name);
        break;
      case planned_group_kind::per_tenant:
        for (const auto& [tenant, name] : g.tenant_names) exact.push_back(name);
        if (g.shipper_creates || g.tenant_names.empty()) prefixes.push_back(g.name_pattern);
        break;
      case planned_group_kind::runtime:
        prefixes.push_back(g.name_pattern);
        break;
    }
  }

  hcl_writer w;
  w.comment(header_comment(source, "a KMS key for the log groups."));
  w.begin_block("resource", {"aws_kms_key", kms_key_label});
  w.attribute("description", hcl_writer::quote("cwlog: encrypts the CloudWatch Logs groups of " + source));
  w.attribute("enable_key_rotation", "true");
  w.attribute("deletion_window_in_days", std::to_string(plan.tf.kms.deletion_window_days));
  w.attribute("tags", "var.tags");
  w.begin_attribute("policy", "jsonencode({");
  w.attribute("Version", hcl_writer::quote("2012-10-17"));
  w.begin_attribute("Statement", "[");
  w.begin_item("{");
  w.attribute("Sid", hcl_writer::quote("EnableRootAccountPermissions"));
  w.attribute("Effect", hcl_writer::quote("Allow"));
  w.begin_attribute("Principal", "{");
  w.attribute("AWS", "\"arn:${data.aws_partition.current.partition}:iam::${var.account_id}:root\"");
  w.close("}");
  w.attribute("Action", hcl_writer::quote("kms:*"));
  w.attribute("Resource", hcl_writer::quote("*"));
  w.close("},");
  if (!exact.empty()) logs_statement(w, "AllowCloudWatchLogsForConfiguredGroups", "ArnEquals", exact);
  if (!prefixes.empty()) logs_statement(w, "AllowCloudWatchLogsForRuntimeGroups", "ArnLike", prefixes);
  w.close("]");
  w.close("})");
  w.end_block();
  w.blank_line();
  w.begin_block("resource", {"aws_kms_alias", kms_key_label});
  w.attribute("name", hcl_writer::quote(plan.tf.kms.alias));
  w.attribute("target_key_id", std::string("aws_kms_key.") + kms_key_label + ".key_id");
  w.end_block();
  return w.str();
}

}  // namespace cwlog::detail
