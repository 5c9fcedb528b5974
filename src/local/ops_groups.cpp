// Log group operations: Create/Delete/DescribeLogGroups, Put/DeleteRetentionPolicy.
#include <algorithm>
#include <cctype>
#include <climits>

#include "local/service.h"
#include "local/tokens.h"
#include "rules/kms_key_arn.h"
#include "rules/log_group_class.h"
#include "rules/names.h"
#include "rules/retention.h"

namespace cwlog::detail {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

constexpr int delivery_retention_days = 2;  // DELIVERY groups: fixed retention (log group classes doc)

}  // namespace

op_result logs_service::create_log_group(const nlohmann::json& in) {
  group_row g;
  g.name = in["logGroupName"].get<std::string>();
  if (has_reserved_group_prefix(g.name))
    return std::unexpected(invalid_parameter("Log groups starting with AWS/ are reserved for AWS."));
  if (in.contains("kmsKeyId") && !in["kmsKeyId"].is_null()) {
    g.kms_key_id = in["kmsKeyId"].get<std::string>();
    if (!is_kms_key_arn(g.kms_key_id))
      return std::unexpected(invalid_parameter("Specified KMS key ARN is not valid: '" + g.kms_key_id +
                                               "'. Expected arn:aws:kms:REGION:ACCOUNT:key/KEY-ID."));
  }
  if (in.contains("logGroupClass") && !in["logGroupClass"].is_null())
    g.log_group_class = in["logGroupClass"].get<std::string>();
  if (g.log_group_class == delivery_class_name) {
    if (!g.kms_key_id.empty())
      return std::unexpected(
          invalid_parameter("KMS encryption is not supported for log groups in the DELIVERY class."));
    g.retention_days = delivery_retention_days;
  }
  if (in.contains("deletionProtectionEnabled") && in["deletionProtectionEnabled"].is_boolean())
    g.deletion_protection = in["deletionProtectionEnabled"].get<bool>();
  std::map<std::string, std::string> tags;
  if (in.contains("tags") && in["tags"].is_object())
    for (const auto& [k, v] : in["tags"].items()) tags[k] = v.get<std::string>();
  g.creation_time = now_ms();
  if (!db_.create_group(g, tags))
    return std::unexpected(
        service_error{400, "ResourceAlreadyExistsException", "The specified log group already exists"});
  return nlohmann::json();
}

op_result logs_service::delete_log_group(const nlohmann::json& in) {
  const auto name = in["logGroupName"].get<std::string>();
  auto g = db_.find_group(name);
  if (!g) return std::unexpected(group_not_found());
  if (g->deletion_protection)
    return std::unexpected(
        service_error{400, "ValidationException", "Log group " + name + " has deletion protection enabled."});
  if (!db_.delete_group(name)) return std::unexpected(group_not_found());
  return nlohmann::json();
}

op_result logs_service::describe_log_groups(const nlohmann::json& in) {
  const std::string prefix = in.value("logGroupNamePrefix", "");
  const std::string pattern = in.value("logGroupNamePattern", "");
  if (in.contains("logGroupNamePrefix") && in.contains("logGroupNamePattern"))
    return std::unexpected(invalid_parameter(
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters."));
  if (in.contains("logGroupIdentifiers") &&
      (in.contains("logGroupNamePrefix") || in.contains("logGroupNamePattern")))
    return std::unexpected(
        invalid_parameter("logGroupIdentifiers cannot be combined with a name prefix or pattern."));
  const int limit = in.value("limit", 50);
  std::int64_t offset = 0;
  if (in.contains("nextToken")) {
    auto o = decode_offset_token(in["nextToken"].get<std::string>());
    if (!o) return std::unexpected(invalid_parameter("The specified nextToken is invalid."));
    offset = *o;
  }
  // Prefix and class filter in SQL; the rarer pattern and identifier filters here.
  auto all = db_.list_groups(prefix, in.value("logGroupClass", ""), 0, INT_MAX);
  if (!pattern.empty()) {
    const auto needle = lower(pattern);
    std::erase_if(all, [&](const group_row& g) { return lower(g.name).find(needle) == std::string::npos; });
  }
  if (in.contains("logGroupIdentifiers")) {
    std::vector<std::string> names;
    for (const auto& id : in["logGroupIdentifiers"]) {
      std::string n = id.get<std::string>();
      if (auto pos = n.find(":log-group:"); n.starts_with("arn:") && pos != std::string::npos)
        n = n.substr(pos + 11);
      if (n.ends_with(":*")) n.resize(n.size() - 2);
      names.push_back(n);
    }
    std::erase_if(all, [&](const group_row& g) {
      return std::find(names.begin(), names.end(), g.name) == names.end();
    });
  }
  nlohmann::json groups = nlohmann::json::array();
  const auto begin = std::min<std::size_t>(static_cast<std::size_t>(offset), all.size());
  const auto end = std::min<std::size_t>(begin + static_cast<std::size_t>(limit), all.size());
  for (auto i = begin; i < end; ++i) groups.push_back(describe_group(all[i]));
  nlohmann::json out = {{"logGroups", groups}};
  if (end < all.size()) out["nextToken"] = encode_offset_token(static_cast<std::int64_t>(end));
  return out;
}

op_result logs_service::put_retention_policy(const nlohmann::json& in) {
  const auto days = in["retentionInDays"].get<std::int64_t>();
  if (!is_allowed_retention_days(days))
    return std::unexpected(
        invalid_parameter("1 validation error detected: Value '" + std::to_string(days) +
                          "' at 'retentionInDays' failed to satisfy constraint: Member must "
                          "satisfy enum value set: [" +
                          allowed_retention_days_text() + "]"));
  auto g = group_from(in, false);
  if (!g) return std::unexpected(g.error());
  if (g->log_group_class == delivery_class_name)
    return std::unexpected(
        invalid_parameter("The retention of log groups in the DELIVERY class cannot be changed."));
  db_.set_retention(g->id, static_cast<int>(days));
  return nlohmann::json();
}

op_result logs_service::delete_retention_policy(const nlohmann::json& in) {
  auto g = group_from(in, false);
  if (!g) return std::unexpected(g.error());
  if (g->log_group_class == delivery_class_name)
    return std::unexpected(
        invalid_parameter("The retention of log groups in the DELIVERY class cannot be changed."));
  db_.set_retention(g->id, std::nullopt);
  return nlohmann::json();
}

}  // namespace cwlog::detail
