// Log stream operations: Create/Delete/DescribeLogStreams.
#include "local/service.h"
#include "local/tokens.h"

namespace cwlog::detail {

op_result logs_service::create_log_stream(const nlohmann::json& in) {
  auto g = group_from(in, false);
  if (!g) return std::unexpected(g.error());
  if (!db_.create_stream(g->id, in["logStreamName"].get<std::string>(), now_ms()))
    return std::unexpected(
        service_error{400, "ResourceAlreadyExistsException", "The specified log stream already exists"});
  return nlohmann::json();
}

op_result logs_service::delete_log_stream(const nlohmann::json& in) {
  auto g = group_from(in, false);
  if (!g) return std::unexpected(g.error());
  if (!db_.delete_stream(g->id, in["logStreamName"].get<std::string>()))
    return std::unexpected(stream_not_found());
  return nlohmann::json();
}

op_result logs_service::describe_log_streams(const nlohmann::json& in) {
  auto g = group_from(in, true);
  if (!g) return std::unexpected(g.error());
  const std::string prefix = in.value("logStreamNamePrefix", "");
  const bool by_time = in.value("orderBy", "LogStreamName") == "LastEventTime";
  if (by_time && in.contains("logStreamNamePrefix"))
    return std::unexpected(invalid_parameter("Cannot order by LastEventTime with a logStreamNamePrefix."));
  const int limit = in.value("limit", 50);
  std::int64_t offset = 0;
  if (in.contains("nextToken")) {
    auto o = decode_offset_token(in["nextToken"].get<std::string>());
    if (!o) return std::unexpected(invalid_parameter("The specified nextToken is invalid."));
    offset = *o;
  }
  // One row more than asked tells whether another page exists.
  auto rows = db_.list_streams(g->id, prefix, by_time ? stream_order::last_event_time : stream_order::name,
                               in.value("descending", false), offset, limit + 1);
  const bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.pop_back();
  nlohmann::json streams = nlohmann::json::array();
  for (const auto& s : rows) {
    nlohmann::json j = {{"logStreamName", s.name},
                        {"creationTime", s.creation_time},
                        {"arn", group_arn(g->name) + ":log-stream:" + s.name},
                        {"storedBytes", s.stored_bytes}};
    if (s.first_event_timestamp) j["firstEventTimestamp"] = *s.first_event_timestamp;
    if (s.last_event_timestamp) j["lastEventTimestamp"] = *s.last_event_timestamp;
    if (s.last_ingestion_time) j["lastIngestionTime"] = *s.last_ingestion_time;
    streams.push_back(std::move(j));
  }
  nlohmann::json out = {{"logStreams", streams}};
  if (more) out["nextToken"] = encode_offset_token(offset + limit);
  return out;
}

}  // namespace cwlog::detail
