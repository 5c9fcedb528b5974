// IAM identity-policy parsing and evaluation for cwlog local (see policy.h).
#include "local/policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace cwlog::detail {
namespace {

using json = nlohmann::json;

char fold(char c, bool case_insensitive) {
  return case_insensitive ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Reads Action / NotAction / Resource / NotResource: a string or a non-empty
// array of strings.
std::expected<std::vector<std::string>, std::string> string_list(const json& value,
                                                                 const std::string& where) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array() && !value.empty()) {
    for (const auto& item : value) {
      if (!item.is_string()) return std::unexpected(where + ": every entry must be a string");
      out.push_back(item.get<std::string>());
    }
  } else {
    return std::unexpected(where + ": must be a string or a non-empty array of strings");
  }
  for (const auto& s : out) {
    if (s.empty()) return std::unexpected(where + ": empty string is not allowed");
    // Policy variables (${aws:username}...) depend on the request context we do
    // not model; refusing them keeps the local server from granting more than IAM would.
    if (s.find("${") != std::string::npos) {
      return std::unexpected(where + ": policy variables (\"${...}\") are not supported by cwlog local");
    }
  }
  return out;
}

std::expected<identity_policy::statement, std::string> parse_statement(const json& st,
                                                                       const std::string& where) {
  if (!st.is_object()) return std::unexpected(where + ": a statement must be a JSON object");
  identity_policy::statement out;
  static constexpr std::array<std::string_view, 6> known = {"Sid",       "Effect",   "Action",
                                                            "NotAction", "Resource", "NotResource"};
  for (const auto& [key, value] : st.items()) {
    if (key == "Condition") {
      return std::unexpected(where +
                             ": Condition is not supported by cwlog local (it would be ignored, "
                             "granting more than IAM does); remove it or use a policy without conditions");
    }
    if (key == "Principal" || key == "NotPrincipal") {
      return std::unexpected(where + ": " + key +
                             " is not allowed in an identity policy (it belongs to resource policies)");
    }
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return std::unexpected(where + ": unknown element \"" + key +
                             "\"; allowed: Sid, Effect, Action, NotAction, Resource, NotResource");
    }
  }
  if (st.contains("Sid")) {
    if (!st["Sid"].is_string()) return std::unexpected(where + ": Sid must be a string");
    out.sid_ = st["Sid"].get<std::string>();
  }
  if (!st.contains("Effect") || !st["Effect"].is_string()) {
    return std::unexpected(where + ": Effect is required and must be \"Allow\" or \"Deny\"");
  }
  const auto effect = st["Effect"].get<std::string>();
  if (effect == "Allow") {
    out.allow_ = true;
  } else if (effect != "Deny") {
    return std::unexpected(where + ": Effect \"" + effect + "\" is not allowed; use \"Allow\" or \"Deny\"");
  }

  const bool has_action = st.contains("Action");
  const bool has_not_action = st.contains("NotAction");
  if (has_action == has_not_action) {
    return std::unexpected(where + ": exactly one of Action or NotAction is required");
  }
  out.not_action_ = has_not_action;
  const char* action_key = has_action ? "Action" : "NotAction";
  auto actions = string_list(st[action_key], where + "." + action_key);
  if (!actions) return std::unexpected(actions.error());
  for (const auto& a : *actions) {
    if (a != "*" && a.find(':') == std::string::npos) {
      return std::unexpected(
          where + "." + action_key + ": \"" + a +
          "\" is not an action; write \"service:Action\" (e.g. \"logs:PutLogEvents\") or \"*\"");
    }
  }
  out.actions_ = std::move(*actions);

  const bool has_resource = st.contains("Resource");
  const bool has_not_resource = st.contains("NotResource");
  if (has_resource == has_not_resource) {
    return std::unexpected(where +
                           ": exactly one of Resource or NotResource is required in an identity policy");
  }
  out.not_resource_ = has_not_resource;
  const char* resource_key = has_resource ? "Resource" : "NotResource";
  auto resources = string_list(st[resource_key], where + "." + resource_key);
  if (!resources) return std::unexpected(resources.error());
  for (const auto& r : *resources) {
    if (r != "*" && !r.starts_with("arn:")) {
      return std::unexpected(where + "." + resource_key + ": \"" + r +
                             "\" must be \"*\" or an ARN (\"arn:...\")");
    }
  }
  out.resources_ = std::move(*resources);
  return out;
}

bool any_match(const std::vector<std::string>& patterns, std::string_view value, bool case_insensitive) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return iam_wildcard_match(p, value, case_insensitive); });
}

}  // namespace

bool iam_wildcard_match(std::string_view pattern, std::string_view value, bool case_insensitive) {
  // Greedy match with one backtrack point: the last `*` seen. Linear in
  // practice and never recursive, so hostile patterns cannot blow the stack.
  std::size_t p = 0, v = 0, star = std::string_view::npos, star_v = 0;
  while (v < value.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_v = v;
    } else if (p < pattern.size() && (pattern[p] == '?' || fold(pattern[p], case_insensitive) ==
                                                               fold(value[v], case_insensitive))) {
      ++p;
      ++v;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      v = ++star_v;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::expected<identity_policy, std::string> identity_policy::parse(std::string_view json_text) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::unexpected(std::string("policy: not valid JSON"));
  if (!doc.is_object()) return std::unexpected(std::string("policy: the document must be a JSON object"));
  for (const auto& [key, value] : doc.items()) {
    if (key != "Version" && key != "Statement" && key != "Id") {
      return std::unexpected("policy: unknown top-level element \"" + key +
                             "\"; allowed: Version, Id, Statement");
    }
  }
  if (doc.contains("Version")) {
    const auto& v = doc["Version"];
    if (!v.is_string() || (v != "2012-10-17" && v != "2008-10-17")) {
      return std::unexpected(std::string("policy: Version must be \"2012-10-17\" or \"2008-10-17\""));
    }
  }
  if (!doc.contains("Statement")) return std::unexpected(std::string("policy: Statement is required"));
  const auto& st = doc["Statement"];
  identity_policy out;
  if (st.is_object()) {
    auto s = parse_statement(st, "policy: Statement");
    if (!s) return std::unexpected(s.error());
    out.statements_.push_back(std::move(*s));
  } else if (st.is_array() && !st.empty()) {
    for (std::size_t i = 0; i < st.size(); ++i) {
      auto s = parse_statement(st[i], "policy: Statement[" + std::to_string(i) + "]");
      if (!s) return std::unexpected(s.error());
      out.statements_.push_back(std::move(*s));
    }
  } else {
    return std::unexpected(
        std::string("policy: Statement must be an object or a non-empty array of objects"));
  }
  return out;
}

policy_decision identity_policy::evaluate(std::string_view action, std::string_view resource_arn) const {
  bool allowed = false;
  for (const auto& s : statements_) {
    // Actions compare case-insensitively (IAM: "logs:putlogevents" works),
    // resources case-sensitively (log group names are case-sensitive).
    const bool action_hit = any_match(s.actions_, action, true) != s.not_action_;
    if (!action_hit) continue;
    const bool resource_hit = any_match(s.resources_, resource_arn, false) != s.not_resource_;
    if (!resource_hit) continue;
    if (!s.allow_) return policy_decision::explicit_deny;  // an explicit Deny always wins
    allowed = true;
  }
  return allowed ? policy_decision::allow : policy_decision::implicit_deny;
}

namespace {

std::string string_field(const json& request, const char* key) {
  if (request.is_object() && request.contains(key) && request[key].is_string()) {
    return request[key].get<std::string>();
  }
  return {};
}

// logGroupIdentifier is a name or an ARN ("arn:aws:logs:r:a:log-group:NAME" or
// with a trailing ":*"); group names cannot contain ':'.
std::string group_from_identifier(const std::string& id) {
  if (!id.starts_with("arn:")) return id;
  static constexpr std::string_view marker = ":log-group:";
  const auto at = id.find(marker);
  if (at == std::string::npos) return id;
  const auto begin = at + marker.size();
  const auto end = id.find(':', begin);
  return id.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

std::string group_of(const json& request) {
  auto name = string_field(request, "logGroupName");
  if (!name.empty()) return name;
  name = string_field(request, "logGroupIdentifier");
  if (!name.empty()) return group_from_identifier(name);
  // StartQuery / StartLiveTail name several groups; IAM is asked per group,
  // we report the first (the server denies the call if any is denied).
  for (const char* key : {"logGroupIdentifiers", "logGroupNames"}) {
    if (request.is_object() && request.contains(key) && request[key].is_array() && !request[key].empty() &&
        request[key][0].is_string()) {
      return group_from_identifier(request[key][0].get<std::string>());
    }
  }
  return {};
}

bool one_of(std::string_view op, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), op) != names.end();
}

}  // namespace

std::string resource_arn_for(std::string_view operation, const nlohmann::json& request,
                             std::string_view partition, std::string_view region, std::string_view account) {
  std::string prefix = "arn:";
  prefix.append(partition).append(":logs:").append(region).append(":").append(account).append(":log-group:");

  if (one_of(operation, {"PutLogEvents", "CreateLogStream", "DeleteLogStream", "GetLogEvents"})) {
    return prefix + group_of(request) + ":log-stream:" + string_field(request, "logStreamName");
  }
  if (one_of(operation, {"TagResource", "UntagResource", "ListTagsForResource"})) {
    return string_field(request, "resourceArn");
  }
  if (one_of(operation, {"CreateLogGroup",
                         "DeleteLogGroup",
                         "PutRetentionPolicy",
                         "DeleteRetentionPolicy",
                         "DescribeLogStreams",
                         "FilterLogEvents",
                         "StartLiveTail",
                         "StartQuery",
                         "TagLogGroup",
                         "UntagLogGroup",
                         "ListTagsLogGroup",
                         "AssociateKmsKey",
                         "DisassociateKmsKey",
                         "PutSubscriptionFilter",
                         "DeleteSubscriptionFilter",
                         "DescribeSubscriptionFilters",
                         "PutMetricFilter",
                         "DeleteMetricFilter",
                         "DescribeMetricFilters",
                         "PutDataProtectionPolicy",
                         "GetDataProtectionPolicy",
                         "DeleteDataProtectionPolicy",
                         "GetLogGroupFields"})) {
    // DescribeMetricFilters without a group is an account-wide listing; the
    // empty name gives "log-group::log-stream:" exactly as for DescribeLogGroups.
    return prefix + group_of(request) + ":log-stream:";
  }
  if (one_of(operation, {"DescribeLogGroups", "DescribeQueries", "DescribeExportTasks",
                         "DescribeDestinations", "DescribeResourcePolicies", "DescribeQueryDefinitions"})) {
    return prefix + ":log-stream:";
  }
  return "*";
}

}  // namespace cwlog::detail
