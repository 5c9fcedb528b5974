#include "terraform/iam_policy.h"

#include <nlohmann/json.hpp>

#include <regex>

#include <cwlog/error.h>

namespace cwlog::detail {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// The groups a policy must cover for one planned group: exact names when the
// names are known and nothing else can exist, else the pattern.
std::vector<std::string> write_scope(const planned_group& g) {
  switch (g.kind) {
    case planned_group_kind::fixed:
      return {g.name};
    case planned_group_kind::per_tenant:
      // Pre-created groups only: the listed tenants. If the shipper creates
      // groups itself, any tenant may appear, so the pattern.
      if (!g.shipper_creates && !g.tenant_names.empty()) {
        std::vector<std::string> names;
        for (const auto& [tenant, name] : g.tenant_names) names.push_back(name);
        return names;
      }
      return {g.name_pattern};
    case planned_group_kind::runtime:
      return {g.name_pattern};
  }
  return {};
}

}  // namespace

policy_document shipper_policy(const module_plan& plan) {
  policy_statement create{"CreateLogGroups", {"logs:CreateLogGroup"}, {}};
  policy_statement retention{"SetRetention", {"logs:PutRetentionPolicy"}, {}};
  policy_statement tag{"TagLogGroups", {"logs:TagResource"}, {}};
  policy_statement write{"WriteLogEvents", {"logs:CreateLogStream", "logs:PutLogEvents"}, {}};
  // Groups whose streams are all pre-created (create_stream: false).
  policy_statement put_only{"PutLogEventsOnly", {"logs:PutLogEvents"}, {}};
  for (const auto& g : plan.groups) {
    const auto scope = write_scope(g);
    for (const auto& name : scope) {
      add_unique(g.shipper_creates_streams ? write.group_resources : put_only.group_resources, name + ":*");
      if (!g.shipper_creates) continue;
      add_unique(create.group_resources, name + ":*");
      if (g.retention_days) add_unique(retention.group_resources, name + ":*");
      if (!g.tags.empty()) add_unique(tag.group_resources, name);
    }
  }
  policy_document doc;
  for (auto* s : {&create, &retention, &tag, &write, &put_only}) {
    if (!s->group_resources.empty()) doc.statements.push_back(std::move(*s));
  }
  return doc;
}

policy_document tenant_read_policy(const module_plan& plan, const std::string& tenant) {
  policy_statement read{
      "ReadTenantLogs", {"logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"}, {}};
  for (const auto& g : plan.groups) {
    if (g.kind != planned_group_kind::per_tenant) continue;
    for (const auto& [id, name] : g.tenant_names) {
      if (id == tenant) add_unique(read.group_resources, name + ":*");
    }
  }
  if (read.group_resources.empty()) {
    throw cwlog::error("terraform: tenant \"" + tenant + "\" has no {tenant} group to grant read access to");
  }
  return policy_document{{std::move(read)}};
}

std::string render_policy_json(const policy_document& doc, const arn_context& ctx) {
  static const std::regex partition(R"(aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?)");
  static const std::regex region(R"([a-z]{2}(-[a-z]+)+-[0-9]+)");
  static const std::regex account(R"([0-9]{12})");
  if (!std::regex_match(ctx.partition, partition)) {
    throw cwlog::error("iam-policy: --partition \"" + ctx.partition +
                       "\" is not an AWS partition (e.g. aws, aws-cn, aws-us-gov)");
  }
  if (!std::regex_match(ctx.region, region)) {
    throw cwlog::error("iam-policy: --region \"" + ctx.region + "\" is not an AWS region (e.g. us-east-1)");
  }
  if (!std::regex_match(ctx.account_id, account)) {
    throw cwlog::error("iam-policy: --account-id must be the 12-digit AWS account id");
  }
  const std::string prefix =
      "arn:" + ctx.partition + ":logs:" + ctx.region + ":" + ctx.account_id + ":log-group:";
  nlohmann::ordered_json statements = nlohmann::ordered_json::array();
  for (const auto& s : doc.statements) {
    nlohmann::ordered_json resources = nlohmann::ordered_json::array();
    for (const auto& r : s.group_resources) resources.push_back(prefix + r);
    statements.push_back(
        {{"Sid", s.sid}, {"Effect", "Allow"}, {"Action", s.actions}, {"Resource", resources}});
  }
  nlohmann::ordered_json out{{"Version", "2012-10-17"}, {"Statement", statements}};
  return out.dump(2) + "\n";
}

void write_policy_hcl(hcl_writer& out, const std::string& key, const policy_document& doc) {
  out.begin_attribute(key, "jsonencode({");
  out.attribute("Version", hcl_writer::quote("2012-10-17"));
  out.begin_attribute("Statement", "[");
  for (const auto& s : doc.statements) {
    out.begin_item("{");
    out.attribute("Sid", hcl_writer::quote(s.sid));
    out.attribute("Effect", hcl_writer::quote("Allow"));
    std::string actions;
    for (const auto& a : s.actions) actions += (actions.empty() ? "" : ", ") + hcl_writer::quote(a);
    out.attribute("Action", "[" + actions + "]");
    out.begin_attribute("Resource", "[");
    for (const auto& r : s.group_resources) {
      out.item("\"" + hcl_writer::interpolate(std::string("local.") + log_group_arn_prefix_local) +
               hcl_writer::escape(r) + "\"");
    }
    out.close("]");
    out.close("},");
  }
  out.close("]");
  out.close("})");
}

}  // namespace cwlog::detail
