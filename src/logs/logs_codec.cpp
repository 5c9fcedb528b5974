#include "logs/logs_codec.h"

#include <limits>

namespace cwlog::detail {
namespace {

using json = nlohmann::json;

// Thrown only inside this file and turned into a malformed_response.
struct shape_error {
  std::string what;
};

void put_if(json& out, const char* name, const std::string& value) {
  if (!value.empty()) out[name] = value;
}
template <typename T>
void put_if(json& out, const char* name, const std::optional<T>& value) {
  if (value) out[name] = *value;
}

const json* member(const json& object, const char* name) {
  if (!object.is_object()) throw shape_error{"response is not a JSON object"};
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string get_string(const json& object, const char* name) {
  const json* value = member(object, name);
  if (value == nullptr) return {};
  if (!value->is_string()) throw shape_error{std::string(name) + " is not a string"};
  return value->get<std::string>();
}

std::optional<std::int64_t> get_int(const json& object, const char* name) {
  const json* value = member(object, name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) throw shape_error{std::string(name) + " is not an integer"};
  return value->get<std::int64_t>();
}

std::optional<int> get_int32(const json& object, const char* name) {
  const auto value = get_int(object, name);
  if (!value) return std::nullopt;
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    throw shape_error{std::string(name) + " is out of range"};
  }
  return static_cast<int>(*value);
}

const json& get_array(const json& object, const char* name) {
  static const json empty = json::array();
  const json* value = member(object, name);
  if (value == nullptr) return empty;
  if (!value->is_array()) throw shape_error{std::string(name) + " is not an array"};
  return *value;
}

tag_map get_tags(const json& object, const char* name) {
  tag_map tags;
  const json* value = member(object, name);
  if (value == nullptr) return tags;
  if (!value->is_object()) throw shape_error{std::string(name) + " is not an object"};
  for (const auto& [key, item] : value->items()) {
    if (!item.is_string()) throw shape_error{"tag " + key + " is not a string"};
    tags.emplace(key, item.get<std::string>());
  }
  return tags;
}

template <typename T, typename F>
logs_result<T> decode(F&& decode_fn) {
  try {
    return decode_fn();
  } catch (const shape_error& e) {
    logs_error error;
    error.kind = logs_errc::malformed_response;
    error.http_status = 200;
    error.message = "unexpected response shape: " + e.what;
    return std::unexpected(std::move(error));
  } catch (const json::exception& e) {
    logs_error error;
    error.kind = logs_errc::malformed_response;
    error.http_status = 200;
    error.message = std::string("unexpected response shape: ") + e.what();
    return std::unexpected(std::move(error));
  }
}

}  // namespace

json to_json(const create_log_group_request& request) {
  json out = {{"logGroupName", request.log_group_name}};
  put_if(out, "kmsKeyId", request.kms_key_id);
  if (!request.tags.empty()) out["tags"] = request.tags;
  put_if(out, "logGroupClass", request.log_group_class);
  return out;
}

json to_json(const create_log_stream_request& request) {
  return {{"logGroupName", request.log_group_name}, {"logStreamName", request.log_stream_name}};
}

json to_json(const put_retention_policy_request& request) {
  return {{"logGroupName", request.log_group_name}, {"retentionInDays", request.retention_in_days}};
}

json to_json(const describe_log_groups_request& request) {
  json out = json::object();
  put_if(out, "logGroupNamePrefix", request.log_group_name_prefix);
  put_if(out, "nextToken", request.next_token);
  put_if(out, "limit", request.limit);
  return out;
}

json to_json(const describe_log_streams_request& request) {
  json out = {{"logGroupName", request.log_group_name}};
  put_if(out, "logStreamNamePrefix", request.log_stream_name_prefix);
  put_if(out, "orderBy", request.order_by);
  put_if(out, "descending", request.descending);
  put_if(out, "nextToken", request.next_token);
  put_if(out, "limit", request.limit);
  return out;
}

json to_json(const get_log_events_request& request) {
  json out = {{"logGroupName", request.log_group_name}, {"logStreamName", request.log_stream_name}};
  put_if(out, "startTime", request.start_time);
  put_if(out, "endTime", request.end_time);
  put_if(out, "nextToken", request.next_token);
  put_if(out, "startFromHead", request.start_from_head);
  put_if(out, "limit", request.limit);
  return out;
}

json to_json(const filter_log_events_request& request) {
  json out = {{"logGroupName", request.log_group_name}};
  if (!request.log_stream_names.empty()) out["logStreamNames"] = request.log_stream_names;
  put_if(out, "startTime", request.start_time);
  put_if(out, "endTime", request.end_time);
  put_if(out, "filterPattern", request.filter_pattern);
  put_if(out, "nextToken", request.next_token);
  put_if(out, "limit", request.limit);
  return out;
}

logs_result<put_log_events_response> parse_put_log_events_response(const json& body) {
  return decode<put_log_events_response>([&] {
    put_log_events_response out;
    out.next_sequence_token = get_string(body, "nextSequenceToken");
    if (const json* info = member(body, "rejectedLogEventsInfo")) {
      rejected_log_events_info rejected;
      rejected.too_new_log_event_start_index = get_int32(*info, "tooNewLogEventStartIndex");
      rejected.too_old_log_event_end_index = get_int32(*info, "tooOldLogEventEndIndex");
      rejected.expired_log_event_end_index = get_int32(*info, "expiredLogEventEndIndex");
      out.rejected_info = rejected;
    }
    return out;
  });
}

logs_result<describe_log_groups_response> parse_describe_log_groups_response(const json& body) {
  return decode<describe_log_groups_response>([&] {
    describe_log_groups_response out;
    for (const auto& item : get_array(body, "logGroups")) {
      log_group group;
      group.log_group_name = get_string(item, "logGroupName");
      group.arn = get_string(item, "arn");
      group.log_group_arn = get_string(item, "logGroupArn");
      group.creation_time = get_int(item, "creationTime");
      group.retention_in_days = get_int32(item, "retentionInDays");
      group.stored_bytes = get_int(item, "storedBytes");
      group.kms_key_id = get_string(item, "kmsKeyId");
      group.log_group_class = get_string(item, "logGroupClass");
      out.log_groups.push_back(std::move(group));
    }
    out.next_token = get_string(body, "nextToken");
    return out;
  });
}

logs_result<describe_log_streams_response> parse_describe_log_streams_response(const json& body) {
  return decode<describe_log_streams_response>([&] {
    describe_log_streams_response out;
    for (const auto& item : get_array(body, "logStreams")) {
      log_stream stream;
      stream.log_stream_name = get_string(item, "logStreamName");
      stream.arn = get_string(item, "arn");
      stream.creation_time = get_int(item, "creationTime");
      stream.first_event_timestamp = get_int(item, "firstEventTimestamp");
      stream.last_event_timestamp = get_int(item, "lastEventTimestamp");
      stream.last_ingestion_time = get_int(item, "lastIngestionTime");
      stream.stored_bytes = get_int(item, "storedBytes");
      out.log_streams.push_back(std::move(stream));
    }
    out.next_token = get_string(body, "nextToken");
    return out;
  });
}

logs_result<get_log_events_response> parse_get_log_events_response(const json& body) {
  return decode<get_log_events_response>([&] {
    get_log_events_response out;
    for (const auto& item : get_array(body, "events")) {
      out.events.push_back({get_int(item, "timestamp").value_or(0), get_string(item, "message"),
                            get_int(item, "ingestionTime").value_or(0)});
    }
    out.next_forward_token = get_string(body, "nextForwardToken");
    out.next_backward_token = get_string(body, "nextBackwardToken");
    return out;
  });
}

logs_result<filter_log_events_response> parse_filter_log_events_response(const json& body) {
  return decode<filter_log_events_response>([&] {
    filter_log_events_response out;
    for (const auto& item : get_array(body, "events")) {
      out.events.push_back({get_string(item, "logStreamName"), get_int(item, "timestamp").value_or(0),
                            get_string(item, "message"), get_int(item, "ingestionTime").value_or(0),
                            get_string(item, "eventId")});
    }
    out.next_token = get_string(body, "nextToken");
    return out;
  });
}

logs_result<tag_map> parse_list_tags_for_resource_response(const json& body) {
  return decode<tag_map>([&] { return get_tags(body, "tags"); });
}

}  // namespace cwlog::detail
