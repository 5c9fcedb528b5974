// Event operations: PutLogEvents (with every batch rule of the API reference),
// GetLogEvents (forward/backward tokens) and FilterLogEvents (filter patterns).
#include <climits>
#include <stdexcept>

#include "local/filter_pattern.h"
#include "local/put_request.h"
#include "local/service.h"
#include "local/tokens.h"

namespace cwlog::detail {

put_request put_request_from(const nlohmann::json& input) {
  put_request r;
  r.group = input["logGroupName"].get_ref<const std::string&>();
  r.stream = input["logStreamName"].get_ref<const std::string&>();
  const auto& events = input["logEvents"];
  r.events.reserve(events.size());
  for (const auto& e : events) {
    const std::string& message = e["message"].get_ref<const std::string&>();
    r.events.push_back({e["timestamp"].get<std::int64_t>(), message, message.size()});
  }
  return r;
}

op_result logs_service::put_log_events(const put_request& in, bool emf) {
  // A request read for sizes only has no content to store or extract from.
  if (in.messages == put_messages::sizes_only && put_messages_needed(emf) == put_messages::content)
    throw std::logic_error("PutLogEvents: the messages were read for their sizes only");
  const auto& batch = in.events;
  // The model bounds the count (1..10,000) and requires timestamp and message
  // (model_validator, or the fast body reader); these are the rules it cannot
  // express, in the order AWS applies them.
  std::size_t batch_bytes = 0;
  std::int64_t previous = INT64_MIN;
  for (const auto& e : batch) {
    if (e.message_bytes > max_event_message_bytes)
      return std::unexpected(invalid_parameter("Log event too large: " + std::to_string(e.message_bytes) +
                                               " bytes exceeds limit of " +
                                               std::to_string(max_event_message_bytes)));
    batch_bytes += e.message_bytes + per_event_overhead_bytes;
    if (e.timestamp < previous)
      return std::unexpected(
          invalid_parameter("Log events in a single PutLogEvents request must be in chronological order."));
    previous = e.timestamp;
  }
  if (batch_bytes > max_batch_bytes)
    return std::unexpected(invalid_parameter("Upload too large: " + std::to_string(batch_bytes) +
                                             " bytes exceeds limit of " + std::to_string(max_batch_bytes)));

  auto g = db_.find_group(in.group);
  if (!g) return std::unexpected(group_not_found());
  auto stream = db_.find_stream(g->id, in.stream);
  if (!stream) return std::unexpected(stream_not_found());

  // Too old (14 days), expired (older than the retention) and too new (2 h
  // ahead) events are reported and skipped; the rest is stored. Events are in
  // order, so each class is a prefix or a suffix of the batch.
  const std::int64_t now = now_ms();
  const std::int64_t oldest = now - max_event_age.count();
  const std::int64_t floor = retention_floor(g->retention_days, now);
  const std::int64_t newest = now + max_event_future.count();
  std::optional<std::size_t> too_old_end, expired_end, too_new_start;
  std::size_t first_valid = batch.size(), end_valid = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto ts = batch[i].timestamp;
    if (ts > newest) {
      if (!too_new_start) too_new_start = i;
    } else if (ts < oldest) {
      too_old_end = i + 1;  // exclusive, as AWS documents it
    } else if (ts < floor) {
      expired_end = i + 1;
    } else {
      first_valid = std::min(first_valid, i);
      end_valid = i + 1;
    }
  }
  std::span<const event_in> valid;
  if (first_valid < end_valid)
    valid = std::span<const event_in>(batch).subspan(first_valid, end_valid - first_valid);
  if (!valid.empty() && valid.back().timestamp - valid.front().timestamp > max_batch_span.count())
    return std::unexpected(invalid_parameter(
        "The batch of log events in a single PutLogEvents request cannot span more than 24 hours."));

  if (!config_.discard && !valid.empty()) {
    db_.append(*stream, valid, now);
    counters_.events_stored += valid.size();
  }
  counters_.events_accepted += valid.size();
  counters_.events_rejected += batch.size() - valid.size();
  counters_.put_batches += 1;
  // EMF extraction reads the events CloudWatch kept: those not reported in
  // rejectedLogEventsInfo.
  if (emf)
    for (const auto& e : valid) emf_.ingest(in.group, in.stream, e.message);

  // Sequence tokens are ignored since January 2023, but older clients still read one.
  nlohmann::json out = {{"nextSequenceToken", std::to_string(stream->id) + "-" + std::to_string(now)}};
  if (too_old_end || expired_end || too_new_start) {
    nlohmann::json info = nlohmann::json::object();
    if (too_old_end) info["tooOldLogEventEndIndex"] = *too_old_end;
    if (expired_end) info["expiredLogEventEndIndex"] = *expired_end;
    if (too_new_start) info["tooNewLogEventStartIndex"] = *too_new_start;
    out["rejectedLogEventsInfo"] = info;
  }
  return out;
}

namespace {

store::read_range range_of(const nlohmann::json& in, std::int64_t retention_floor_ms) {
  store::read_range r;
  if (in.contains("startTime")) r.min_timestamp = in["startTime"].get<std::int64_t>();
  if (in.contains("endTime")) r.max_timestamp = in["endTime"].get<std::int64_t>();  // exclusive
  r.min_timestamp = std::max(r.min_timestamp, retention_floor_ms);
  return r;
}

// GetLogEvents/FilterLogEvents return at most 1 MB of events per call.
constexpr std::size_t max_response_bytes = 1'048'576;

}  // namespace

op_result logs_service::get_log_events(const nlohmann::json& in) {
  auto g = group_from(in, true);
  if (!g) return std::unexpected(g.error());
  auto stream = db_.find_stream(g->id, in["logStreamName"].get<std::string>());
  if (!stream) return std::unexpected(stream_not_found());
  const int limit = in.value("limit", 10'000);
  const auto range = range_of(in, retention_floor(g->retention_days, now_ms()));

  std::vector<event_row> rows;
  std::string forward, backward;
  const std::string token = in.value("nextToken", "");
  // Token positions come from clients: id +/- 1 below saturates rather than overflows.
  if (token.starts_with("f/")) {
    auto key = decode_event_token('f', token);
    if (!key) return std::unexpected(invalid_parameter("The specified nextToken is invalid."));
    rows = db_.read_forward(stream->id, *key, range, limit);
    forward = rows.empty() ? token : encode_event_token('f', {rows.back().timestamp, rows.back().id});
    backward = rows.empty()
                   ? encode_event_token('b', {key->timestamp, key->id == INT64_MAX ? key->id : key->id + 1})
                   : encode_event_token('b', {rows.front().timestamp, rows.front().id});
  } else if (token.starts_with("b/")) {
    auto key = decode_event_token('b', token);
    if (!key) return std::unexpected(invalid_parameter("The specified nextToken is invalid."));
    rows = db_.read_backward(stream->id, *key, range, limit);
    backward = rows.empty() ? token : encode_event_token('b', {rows.front().timestamp, rows.front().id});
    forward = rows.empty()
                  ? encode_event_token('f', {key->timestamp, key->id == INT64_MIN ? key->id : key->id - 1})
                  : encode_event_token('f', {rows.back().timestamp, rows.back().id});
  } else if (!token.empty()) {
    return std::unexpected(invalid_parameter("The specified nextToken is invalid."));
  } else {
    // No token: the oldest events with startFromHead, else the newest ones.
    const event_key head{INT64_MIN, INT64_MIN}, tail{INT64_MAX, INT64_MAX};
    rows = in.value("startFromHead", false) ? db_.read_forward(stream->id, head, range, limit)
                                            : db_.read_backward(stream->id, tail, range, limit);
    forward = encode_event_token('f', rows.empty() ? head : event_key{rows.back().timestamp, rows.back().id});
    backward =
        encode_event_token('b', rows.empty() ? tail : event_key{rows.front().timestamp, rows.front().id});
  }

  nlohmann::json events = nlohmann::json::array();
  std::size_t bytes = 0;
  for (const auto& e : rows) {
    bytes += e.message.size() + per_event_overhead_bytes;
    if (bytes > max_response_bytes && !events.empty()) {
      forward = encode_event_token('f', {e.timestamp, e.id - 1});
      break;
    }
    events.push_back(
        {{"timestamp", e.timestamp}, {"message", e.message}, {"ingestionTime", e.ingestion_time}});
  }
  return nlohmann::json{{"events", events}, {"nextForwardToken", forward}, {"nextBackwardToken", backward}};
}

op_result logs_service::filter_log_events(const nlohmann::json& in) {
  auto g = group_from(in, true);
  if (!g) return std::unexpected(g.error());
  if (in.contains("logStreamNames") && in.contains("logStreamNamePrefix"))
    return std::unexpected(
        invalid_parameter("You cannot specify both logStreamNames and logStreamNamePrefix."));
  auto pattern = filter_pattern::parse(in.value("filterPattern", ""));
  if (!pattern) return std::unexpected(invalid_parameter("Invalid filter pattern: " + pattern.error()));

  std::vector<stream_row> streams;
  if (in.contains("logStreamNames")) {
    for (const auto& n : in["logStreamNames"])
      if (auto s = db_.find_stream(g->id, n.get<std::string>())) streams.push_back(std::move(*s));
  } else {
    streams =
        db_.list_streams(g->id, in.value("logStreamNamePrefix", ""), stream_order::name, false, 0, INT_MAX);
  }
  std::vector<std::int64_t> ids;
  for (const auto& s : streams) ids.push_back(s.id);

  event_key after{INT64_MIN, INT64_MIN};
  if (in.contains("nextToken")) {
    auto key = decode_event_token('n', in["nextToken"].get<std::string>());
    if (!key) return std::unexpected(invalid_parameter("The specified nextToken is invalid."));
    after = *key;
  }
  const int limit = in.value("limit", 10'000);
  const auto range = range_of(in, retention_floor(g->retention_days, now_ms()));
  // A bounded scan per call, as the service does: a selective pattern over a
  // big group returns pages (possibly empty) with a nextToken.
  constexpr std::int64_t max_scan = 200'000;
  std::optional<event_key> scanned_to;
  bool exhausted = true;
  std::vector<event_row> rows;
  if (!ids.empty())
    rows = db_.filter(
        g->id, ids, after, range, limit, [&](std::string_view m) { return pattern->matches(m); }, max_scan,
        &scanned_to, &exhausted);

  nlohmann::json events = nlohmann::json::array();
  std::size_t bytes = 0;
  for (const auto& e : rows) {
    bytes += e.message.size() + per_event_overhead_bytes;
    if (bytes > max_response_bytes && !events.empty()) {
      exhausted = false;
      scanned_to = event_key{e.timestamp, e.id - 1};
      break;
    }
    events.push_back({{"logStreamName", e.stream_name},
                      {"timestamp", e.timestamp},
                      {"message", e.message},
                      {"ingestionTime", e.ingestion_time},
                      {"eventId", std::to_string(e.id)}});
  }
  nlohmann::json searched = nlohmann::json::array();
  for (const auto& s : streams)
    searched.push_back({{"logStreamName", s.name}, {"searchedCompletely", exhausted}});
  nlohmann::json out = {{"events", events}, {"searchedLogStreams", searched}};
  if (!exhausted && scanned_to) out["nextToken"] = encode_event_token('n', *scanned_to);
  return out;
}

}  // namespace cwlog::detail
