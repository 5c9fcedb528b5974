// log_groups.tf: one aws_cloudwatch_log_group per static group, one for_each
// resource per {tenant} template, and a comment for groups only the shipper
// can create (date-rotated or record-dependent names).
#include <string>

#include "rules/log_group_class.h"
#include "terraform/hcl_writer.h"
#include "terraform/module_files.h"

namespace cwlog::detail {
namespace {

std::string tags_expression(const planned_group& g) {
  if (g.tags.empty()) return "var.tags";
  std::string inner;
  for (const auto& [k, v] : g.tags)
    inner += (inner.empty() ? "" : ", ") + hcl_writer::quote(k) + " = " + hcl_writer::quote(v);
  return "merge(var.tags, { " + inner + " })";
}

void group_body(hcl_writer& w, const module_plan& plan, const planned_group& g) {
  w.attribute("retention_in_days",
              g.retention_days ? "coalesce(var.retention_in_days, " + std::to_string(*g.retention_days) + ")"
                               : std::string("var.retention_in_days"));
  if (g.use_created_key) {
    w.attribute("kms_key_id", std::string("aws_kms_key.") + kms_key_label + ".arn");
  } else if (!g.kms_key_id.empty()) {
    w.attribute("kms_key_id", hcl_writer::quote(g.kms_key_id));
  }
  w.attribute("log_group_class", hcl_writer::quote(log_group_class_name(g.group_class)));
  w.attribute("skip_destroy", plan.tf.skip_destroy ? "true" : "false");
  w.attribute("tags", tags_expression(g));
}

std::string written_by(const planned_group& g) {
  std::string names;
  for (const auto& d : g.destinations) names += (names.empty() ? "" : ", ") + d;
  return (g.destinations.size() == 1 ? "destination " : "destinations ") + names;
}

}  // namespace

std::string log_groups_tf(const module_plan& plan, const std::string& source) {
  hcl_writer w;
  w.comment(header_comment(source, "log groups."));
  bool first = true;
  for (const auto& g : plan.groups) {
    if (!first) w.blank_line();
    first = false;
    switch (g.kind) {
      case planned_group_kind::fixed:
        w.comment("\"" + g.name + "\" (" + written_by(g) + ")");
        w.begin_block("resource", {"aws_cloudwatch_log_group", g.label});
        w.attribute("name", hcl_writer::quote(g.name));
        group_body(w, plan, g);
        w.end_block();
        break;
      case planned_group_kind::per_tenant:
        w.comment("\"" + g.group_template + "\" (" + written_by(g) +
                  "): one group per tenant in var.tenants." +
                  (g.shipper_creates
                       ? "\nThe shipper also creates the groups of tenants not listed here (create_group)."
                       : ""));
        w.begin_block("resource", {"aws_cloudwatch_log_group", g.label});
        w.attribute("for_each",
                    "{ for tenant in var.tenants : tenant => local." + tenant_names_local(g) + "[tenant] }");
        w.blank_line();
        w.attribute("name", "each.value");
        group_body(w, plan, g);
        w.end_block();
        break;
      case planned_group_kind::runtime:
        w.comment("\"" + g.group_template + "\" (" + written_by(g) + ") " +
                  (g.date_rotated ? "is rotated by date" : "depends on each record") +
                  ": its groups cannot be\npre-created. The shipper creates them at run time (create_group), "
                  "allowed by the\nCreateLogGroups statement of aws_iam_policy." +
                  shipper_policy_label + " on \"" + g.name_pattern + "\"." +
                  (g.use_created_key
                       ? "\nThe KMS key policy allows them by prefix; set the destination's kms_key_id to\n"
                         "the key's ARN (output kms_key_arn) for the shipper to encrypt them."
                       : ""));
        break;
    }
  }
  return w.str();
}

}  // namespace cwlog::detail
