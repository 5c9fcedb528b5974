#include "local/service.h"

#include <algorithm>
#include <array>
#include <climits>

namespace cwlog::detail {

service_error invalid_parameter(std::string message) {
  return {400, "InvalidParameterException", std::move(message)};
}
service_error group_not_found() {
  return {400, "ResourceNotFoundException", "The specified log group does not exist."};
}
service_error stream_not_found() {
  return {400, "ResourceNotFoundException", "The specified log stream does not exist."};
}

std::int64_t retention_floor(const std::optional<int>& retention_days, std::int64_t now_ms) {
  if (!retention_days) return INT64_MIN;
  return now_ms - static_cast<std::int64_t>(*retention_days) * 86'400'000LL;
}

logs_service::logs_service(store& db, const clock_source& clock, service_config config)
    : db_(db), clock_(clock), config_(std::move(config)) {}

std::int64_t logs_service::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch()).count();
}

std::string logs_service::group_arn(std::string_view group) const {
  return "arn:aws:logs:" + config_.region + ":" + config_.account_id + ":log-group:" + std::string(group);
}

std::expected<group_row, service_error> logs_service::group_from(const nlohmann::json& in,
                                                                 bool identifier_allowed) {
  const bool by_name = in.contains("logGroupName") && !in["logGroupName"].is_null();
  const bool by_id =
      identifier_allowed && in.contains("logGroupIdentifier") && !in["logGroupIdentifier"].is_null();
  if (by_name && by_id)
    return std::unexpected(
        invalid_parameter("LogGroup name and LogGroup ARN are mutually exclusive parameters."));
  std::string name;
  if (by_name) {
    name = in["logGroupName"].get<std::string>();
  } else if (by_id) {
    name = in["logGroupIdentifier"].get<std::string>();
    // An ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]) or a plain name.
    if (name.starts_with("arn:")) {
      const std::string marker = ":log-group:";
      const auto pos = name.find(marker);
      if (pos == std::string::npos)
        return std::unexpected(invalid_parameter("Invalid log group ARN: " + name));
      name = name.substr(pos + marker.size());
      if (name.ends_with(":*")) name.resize(name.size() - 2);
    }
  } else {
    return std::unexpected(
        invalid_parameter(identifier_allowed ? "Either logGroupName or logGroupIdentifier must be provided."
                                             : "logGroupName must be provided."));
  }
  auto g = db_.find_group(name);
  if (!g) return std::unexpected(group_not_found());
  return std::move(*g);
}

nlohmann::json logs_service::describe_group(const group_row& g) const {
  nlohmann::json j = {
      {"logGroupName", g.name},
      {"creationTime", g.creation_time},
      {"metricFilterCount", 0},
      {"arn", group_arn(g.name) + ":*"},
      {"logGroupArn", group_arn(g.name)},
      {"storedBytes", g.stored_bytes},
      {"logGroupClass", g.log_group_class},
      {"deletionProtectionEnabled", g.deletion_protection},
  };
  if (g.retention_days) j["retentionInDays"] = *g.retention_days;
  if (!g.kms_key_id.empty()) j["kmsKeyId"] = g.kms_key_id;
  return j;
}

op_result logs_service::call(std::string_view operation, const nlohmann::json& input, bool emf) {
  using handler = op_result (logs_service::*)(const nlohmann::json&);
  struct entry {
    std::string_view name;
    handler fn;
  };
  static constexpr entry table[] = {
      {"CreateLogGroup", &logs_service::create_log_group},
      {"DeleteLogGroup", &logs_service::delete_log_group},
      {"DescribeLogGroups", &logs_service::describe_log_groups},
      {"PutRetentionPolicy", &logs_service::put_retention_policy},
      {"DeleteRetentionPolicy", &logs_service::delete_retention_policy},
      {"CreateLogStream", &logs_service::create_log_stream},
      {"DeleteLogStream", &logs_service::delete_log_stream},
      {"DescribeLogStreams", &logs_service::describe_log_streams},
      {"PutLogEvents", nullptr},  // put_log_events(put_request), below
      {"GetLogEvents", &logs_service::get_log_events},
      {"FilterLogEvents", &logs_service::filter_log_events},
      {"TagResource", &logs_service::tag_resource},
      {"UntagResource", &logs_service::untag_resource},
      {"ListTagsForResource", &logs_service::list_tags_for_resource},
      {"TagLogGroup", &logs_service::tag_log_group},
      {"UntagLogGroup", &logs_service::untag_log_group},
      {"ListTagsLogGroup", &logs_service::list_tags_log_group},
  };
  const auto* it =
      std::find_if(std::begin(table), std::end(table), [&](const entry& e) { return e.name == operation; });
  if (it == std::end(table)) return std::unexpected(service_error{400, "UnknownOperationException", ""});
  if (!it->fn) ++counters_.put_bodies_general;
  if (!input.is_object())
    return std::unexpected(
        service_error{400, "SerializationException", "Start of structure or map found where not expected."});
  if (auto failure = validator_.validate(operation, input))
    return std::unexpected(service_error{400, failure->type, failure->message});
  if (!it->fn) return put_log_events(put_request_from(input), emf);
  return (this->*(it->fn))(input);
}

}  // namespace cwlog::detail
