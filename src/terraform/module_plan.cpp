#include "terraform/module_plan.h"

#include <algorithm>
#include <array>
#include <set>

#include <cwlog/error.h>
#include <cwlog/tenant.h>

#include "route/name_template.h"
#include "rules/kms_key_arn.h"
#include "rules/log_group_class.h"
#include "rules/retention.h"

namespace cwlog::detail {
namespace {

std::string destination_where(const destination_options& d) {
  return "destination \"" + d.name + "\"";
}

// Terraform identifiers: letters, digits, '_' and '-', not starting with a digit.
// We keep to [a-z0-9_] so labels read the same in every address.
std::string label_for(const std::string& name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "g_" + out;
  return out;
}

void merge_into(planned_group& g, const destination_options& d) {
  const auto conflict = [&](const std::string& what) {
    throw cwlog::error(destination_where(d) + ": group \"" + g.group_template +
                       "\" is also written by destination \"" + g.destinations.front() +
                       "\" with a different " + what +
                       "; destinations sharing a group must agree on retention_days, kms_key_id, tags, "
                       "group_class and create_group");
  };
  if (g.retention_days != d.retention_days) conflict("retention_days");
  if (g.kms_key_id != d.kms_key_id) conflict("kms_key_id");
  if (g.tags != d.tags) conflict("tags");
  if (g.group_class != d.group_class)
    conflict(std::string("group_class (") + log_group_class_name(d.group_class) + ")");
  if (g.shipper_creates != d.create_group) conflict("create_group");
  g.shipper_creates_streams = g.shipper_creates_streams || d.create_stream;
  g.destinations.push_back(d.name);
}

planned_group plan_group(const destination_options& d, const std::vector<std::string>& tenants,
                         bool create_key) {
  const auto where = destination_where(d);
  if (d.retention_days && !is_allowed_retention_days(*d.retention_days)) {
    throw cwlog::error(where + ": retention_days " + std::to_string(*d.retention_days) +
                       " is not a value CloudWatch Logs allows (allowed: " + allowed_retention_days_text() +
                       ", or absent for never expire)");
  }
  if (!d.kms_key_id.empty()) {
    if (auto why = check_kms_key_arn(d.kms_key_id))
      throw cwlog::error(where + ": kms_key_id \"" + d.kms_key_id + "\" is not a KMS key ARN: " + *why);
  }
  name_template tmpl = [&] {
    try {
      return name_template::parse(d.group, template_kind::group);
    } catch (const cwlog::error& e) {
      throw cwlog::error(where + ": " + e.what());
    }
  }();

  planned_group g;
  g.destinations = {d.name};
  g.label = label_for(d.name);
  g.group_template = d.group;
  g.retention_days = d.retention_days;
  g.kms_key_id = d.kms_key_id;
  g.use_created_key = create_key && d.kms_key_id.empty();
  g.tags = d.tags;
  g.group_class = d.group_class;
  g.shipper_creates = d.create_group;
  g.shipper_creates_streams = d.create_stream;
  g.date_rotated = tmpl.is_date_rotated();
  g.uses_tenant = tmpl.uses(token_kind::tenant);

  bool only_tenant = g.uses_tenant;
  for (const auto& s : tmpl.segments()) {
    if (s.kind == token_kind::literal) {
      g.name_pattern += s.text;
    } else {
      if (s.kind != token_kind::tenant) only_tenant = false;
      // Adjacent tokens collapse into one '*': the pattern is the same set.
      if (!g.name_pattern.ends_with('*')) g.name_pattern += '*';
    }
  }
  if (tmpl.is_static()) {
    g.kind = planned_group_kind::fixed;
    g.name = tmpl.literal_prefix();
    g.name_pattern = g.name;
    return g;
  }
  if (tmpl.literal_prefix().empty()) {
    // The IAM scope would start with '*': every group of the account.
    throw cwlog::error(
        where + ": group template \"" + d.group +
        "\" starts with a token, so no IAM policy can scope it to this config's groups (allowed: a "
        "literal prefix before the first token, e.g. \"app-{tenant}\")");
  }
  if (only_tenant) {
    g.kind = planned_group_kind::per_tenant;
    for (const auto& t : tenants) g.tenant_names.emplace_back(t, cwlog::tenant_name(d.group, t));
    return g;
  }
  g.kind = planned_group_kind::runtime;
  if (!d.create_group) {
    throw cwlog::error(
        where + ": group template \"" + d.group +
        "\" depends on each record (or its date), so Terraform cannot pre-create its groups, and "
        "create_group is false, so nothing would create them (allowed: create_group: true, or a "
        "template using only {tenant})");
  }
  return g;
}

}  // namespace

module_plan plan_module(const cwlog::options& config, const terraform_options& tf,
                        const std::vector<std::string>& extra_tenants) {
  module_plan plan;
  plan.tf = tf;
  std::set<std::string> tenant_set(tf.tenants.begin(), tf.tenants.end());
  tenant_set.insert(extra_tenants.begin(), extra_tenants.end());
  plan.tenants.assign(tenant_set.begin(), tenant_set.end());

  if (config.destinations.empty())
    throw cwlog::error("terraform: the config has no destinations to generate");
  std::map<std::string, std::size_t> by_template;
  std::set<std::string> labels;
  for (const auto& d : config.destinations) {
    if (auto it = by_template.find(d.group); it != by_template.end()) {
      merge_into(plan.groups[it->second], d);
      continue;
    }
    auto g = plan_group(d, plan.tenants, tf.kms.create_key);
    if (!labels.insert(g.label).second) {
      throw cwlog::error(
          destination_where(d) + ": its Terraform resource name \"" + g.label +
          "\" is already used by another destination (names are lower-cased, non-alphanumerics "
          "become '_'); rename one of them");
    }
    by_template.emplace(d.group, plan.groups.size());
    plan.groups.push_back(std::move(g));
  }

  if (tf.data_protection) {
    std::set<std::string> wanted(tf.data_protection->destinations.begin(),
                                 tf.data_protection->destinations.end());
    for (const auto& name : wanted) {
      const bool known = std::any_of(config.destinations.begin(), config.destinations.end(),
                                     [&](const destination_options& d) { return d.name == name; });
      if (!known)
        throw cwlog::error("terraform.data_protection.destinations: no destination named \"" + name + "\"");
    }
    for (auto& g : plan.groups) {
      const bool listed =
          wanted.empty() || std::any_of(g.destinations.begin(), g.destinations.end(),
                                        [&](const std::string& n) { return wanted.contains(n); });
      if (!listed) continue;
      if (g.kind == planned_group_kind::runtime) {
        if (!wanted.empty()) {
          throw cwlog::error("terraform.data_protection: destination \"" + g.destinations.front() +
                             "\" has groups created at run time, which Terraform cannot attach a policy to "
                             "(allowed: destinations with a static or {tenant}-only group)");
        }
        continue;
      }
      g.data_protection = true;
    }
  }

  if (tf.tenant_read_policies) {
    if (plan.tenants.empty()) {
      throw cwlog::error(
          "terraform.tenant_read_policies: no tenants given (allowed: terraform.tenants in the config, "
          "--tenant or --tenants-file)");
    }
    for (const auto& g : plan.groups) {
      if (g.kind == planned_group_kind::runtime && g.uses_tenant) {
        throw cwlog::error(
            "terraform.tenant_read_policies: destination \"" + g.destinations.front() +
            "\" has per-tenant groups created at run time (\"" + g.group_template +
            "\"); a read-only policy can only name a tenant's groups exactly, and a prefix would "
            "also match other tenants' groups (allowed: templates using only {tenant})");
      }
    }
    const bool any = std::any_of(plan.groups.begin(), plan.groups.end(), [](const planned_group& g) {
      return g.kind == planned_group_kind::per_tenant;
    });
    if (!any)
      throw cwlog::error("terraform.tenant_read_policies: no destination has a {tenant} group template");
  }
  if (!tf.role_name.empty()) {
    // IAM role names: 1-64 of [\w+=,.@-].
    bool ok = tf.role_name.size() <= 64;
    for (char c : tf.role_name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) &&
          std::string_view("_+=,.@-").find(c) == std::string_view::npos)
        ok = false;
    }
    if (!ok)
      throw cwlog::error("terraform.role_name: \"" + tf.role_name +
                         "\" is not an IAM role name (1-64 of [A-Za-z0-9_+=,.@-])");
  }
  return plan;
}

}  // namespace cwlog::detail
