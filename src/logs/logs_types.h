#pragma once
// Request and response shapes of the CloudWatch Logs operations cwlog uses,
// named after botocore's model (data/logs/2014-03-28/service-2.json). Only the
// members cwlog needs; optional members are omitted from the JSON when unset.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cwlog::detail {

using tag_map = std::map<std::string, std::string>;

struct create_log_group_request {
  std::string log_group_name;
  std::string kms_key_id;       // empty: not sent
  tag_map tags;                 // empty: not sent
  std::string log_group_class;  // STANDARD | INFREQUENT_ACCESS | DELIVERY; empty: not sent
};

struct create_log_stream_request {
  std::string log_group_name;
  std::string log_stream_name;
};

struct input_log_event {
  std::int64_t timestamp = 0;  // milliseconds since the epoch
  std::string message;
};

struct put_log_events_request {
  std::string log_group_name;
  std::string log_stream_name;
  std::vector<input_log_event> log_events;  // chronological
  std::string sequence_token;               // ignored by the service since 2023; empty: not sent
};

struct rejected_log_events_info {
  std::optional<int> too_new_log_event_start_index;
  std::optional<int> too_old_log_event_end_index;
  std::optional<int> expired_log_event_end_index;
};

struct put_log_events_response {
  std::string next_sequence_token;
  std::optional<rejected_log_events_info> rejected_info;  // rejectedLogEventsInfo
  // The transport sent this request more than once (http_response::resent):
  // the events may be stored twice although one success came back.
  bool resent = false;
};

struct put_retention_policy_request {
  std::string log_group_name;
  int retention_in_days = 0;
};

struct describe_log_groups_request {
  std::string log_group_name_prefix;  // empty: not sent
  std::string next_token;
  std::optional<int> limit;  // 1..50
};

struct log_group {
  std::string log_group_name;
  std::string arn;
  std::string log_group_arn;
  std::optional<std::int64_t> creation_time;
  std::optional<int> retention_in_days;
  std::optional<std::int64_t> stored_bytes;
  std::string kms_key_id;
  std::string log_group_class;
};

struct describe_log_groups_response {
  std::vector<log_group> log_groups;
  std::string next_token;
};

struct describe_log_streams_request {
  std::string log_group_name;
  std::string log_stream_name_prefix;
  std::string order_by;  // LogStreamName | LastEventTime; empty: not sent
  std::optional<bool> descending;
  std::string next_token;
  std::optional<int> limit;  // 1..50
};

struct log_stream {
  std::string log_stream_name;
  std::string arn;
  std::optional<std::int64_t> creation_time;
  std::optional<std::int64_t> first_event_timestamp;
  std::optional<std::int64_t> last_event_timestamp;
  std::optional<std::int64_t> last_ingestion_time;
  std::optional<std::int64_t> stored_bytes;
};

struct describe_log_streams_response {
  std::vector<log_stream> log_streams;
  std::string next_token;
};

struct get_log_events_request {
  std::string log_group_name;
  std::string log_stream_name;
  std::optional<std::int64_t> start_time;
  std::optional<std::int64_t> end_time;
  std::string next_token;
  std::optional<bool> start_from_head;
  std::optional<int> limit;
};

struct output_log_event {
  std::int64_t timestamp = 0;
  std::string message;
  std::int64_t ingestion_time = 0;
};

struct get_log_events_response {
  std::vector<output_log_event> events;
  std::string next_forward_token;
  std::string next_backward_token;
};

struct filter_log_events_request {
  std::string log_group_name;
  std::vector<std::string> log_stream_names;  // empty: not sent
  std::optional<std::int64_t> start_time;
  std::optional<std::int64_t> end_time;
  std::string filter_pattern;
  std::string next_token;
  std::optional<int> limit;
};

struct filtered_log_event {
  std::string log_stream_name;
  std::int64_t timestamp = 0;
  std::string message;
  std::int64_t ingestion_time = 0;
  std::string event_id;
};

struct filter_log_events_response {
  std::vector<filtered_log_event> events;
  std::string next_token;
};

}  // namespace cwlog::detail
