// data_protection_tf: aws_cloudwatch_log_data_protection_policy for the groups
// the config asks for. The document follows the CloudWatch Logs data
// protection policy syntax (User Guide, "Understanding data protection
// policies"): Version 2021-06-01, an Audit statement and a Deidentify
// (MaskConfig) statement over the same managed data identifiers.
#include <string>

#include "terraform/hcl_writer.h"
#include "terraform/module_files.h"

namespace cwlog::detail {

std::string data_protection_tf(const module_plan& plan, const std::string& source) {
  hcl_writer w;
  w.comment(header_comment(source, "data protection policies."));
  w.begin_block("locals");
  std::string ids;
  for (const auto& id : plan.tf.data_protection->identifiers) {
    ids += (ids.empty() ? "" : ", ") +
           std::string("\"arn:${data.aws_partition.current.partition}:dataprotection::aws:data-identifier/") +
           hcl_writer::escape(id) + "\"";
  }
  w.attribute("data_identifiers", "[" + ids + "]");
  w.begin_attribute("data_protection_policy", "jsonencode({");
  w.attribute("Name", hcl_writer::quote(plan.tf.policy_name + "-data-protection"));
  w.attribute("Description", hcl_writer::quote("cwlog: audit and mask sensitive data"));
  w.attribute("Version", hcl_writer::quote("2021-06-01"));
  w.begin_attribute("Statement", "[");
  w.begin_item("{");
  w.attribute("Sid", hcl_writer::quote("audit"));
  w.attribute("DataIdentifier", "local.data_identifiers");
  w.attribute("Operation", "{ Audit = { FindingsDestination = {} } }");
  w.close("},");
  w.begin_item("{");
  w.attribute("Sid", hcl_writer::quote("redact"));
  w.attribute("DataIdentifier", "local.data_identifiers");
  w.attribute("Operation", "{ Deidentify = { MaskConfig = {} } }");
  w.close("},");
  w.close("]");
  w.close("})");
  w.end_block();
  for (const auto& g : plan.groups) {
    if (!g.data_protection) continue;
    w.blank_line();
    w.begin_block("resource", {"aws_cloudwatch_log_data_protection_policy", g.label});
    if (g.kind == planned_group_kind::per_tenant) {
      w.attribute("for_each", "aws_cloudwatch_log_group." + g.label);
      w.blank_line();
      w.attribute("log_group_name", "each.value.name");
    } else {
      w.attribute("log_group_name", "aws_cloudwatch_log_group." + g.label + ".name");
    }
    w.attribute("policy_document", "local.data_protection_policy");
    w.end_block();
  }
  return w.str();
}

}  // namespace cwlog::detail
