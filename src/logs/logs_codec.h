#pragma once
// JSON encoders for the typed requests and decoders for the typed responses.
// Decoders never throw: a member of the wrong type is a malformed response.
// (The PutLogEvents body has its own streaming encoder: put_log_events_body.h.)
#include <nlohmann/json.hpp>

#include "logs/logs_error.h"
#include "logs/logs_types.h"

namespace cwlog::detail {

nlohmann::json to_json(const create_log_group_request& request);
nlohmann::json to_json(const create_log_stream_request& request);
nlohmann::json to_json(const put_retention_policy_request& request);
nlohmann::json to_json(const describe_log_groups_request& request);
nlohmann::json to_json(const describe_log_streams_request& request);
nlohmann::json to_json(const get_log_events_request& request);
nlohmann::json to_json(const filter_log_events_request& request);

logs_result<put_log_events_response> parse_put_log_events_response(const nlohmann::json& body);
logs_result<describe_log_groups_response> parse_describe_log_groups_response(const nlohmann::json& body);
logs_result<describe_log_streams_response> parse_describe_log_streams_response(const nlohmann::json& body);
logs_result<get_log_events_response> parse_get_log_events_response(const nlohmann::json& body);
logs_result<filter_log_events_response> parse_filter_log_events_response(const nlohmann::json& body);
logs_result<tag_map> parse_list_tags_for_resource_response(const nlohmann::json& body);

}  // namespace cwlog::detail
