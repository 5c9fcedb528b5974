#include "local/console_api.h"

#include <algorithm>
#include <climits>

#include "local/filter_pattern.h"
#include "local/service.h"
#include "local/tokens.h"

namespace cwlog::detail {
namespace {

nlohmann::json event_json(const event_row& e) {
  return {{"logStreamName", e.stream_name},
          {"timestamp", e.timestamp},
          {"ingestionTime", e.ingestion_time},
          {"eventId", std::to_string(e.id)},
          {"message", e.message}};
}

// The first of the volume chart's minutes, which end with the current one.
std::int64_t volume_start(std::int64_t now) {
  constexpr std::int64_t minute = 60'000;
  return (now - now % minute) - (console_volume_minutes - 1) * minute;
}

console_error no_such_group() {
  return {404, "The specified log group does not exist."};
}

}  // namespace

bool matches_template(std::string_view tmpl, std::string_view name) {
  // Glob matching where each {token} is a non-empty wildcard; group names
  // cannot contain braces, so literal text never holds one.
  if (tmpl.empty()) return name.empty();
  if (tmpl.front() == '{') {
    const auto close = tmpl.find('}');
    if (close == std::string_view::npos) return false;
    const auto rest = tmpl.substr(close + 1);
    for (std::size_t n = 1; n <= name.size(); ++n)
      if (matches_template(rest, name.substr(n))) return true;
    return false;
  }
  const auto literal = tmpl.substr(0, std::min(tmpl.find('{'), tmpl.size()));
  return name.starts_with(literal) &&
         matches_template(tmpl.substr(literal.size()), name.substr(literal.size()));
}

std::int64_t console_api::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(src_.clock->now().time_since_epoch()).count();
}

nlohmann::json console_api::info() const {
  nlohmann::json templates = nlohmann::json::array();
  for (const auto& t : src_.templates) templates.push_back({{"name", t.name}, {"group", t.group}});
  return {{"region", src_.region},
          {"accountId", src_.account_id},
          {"pollIntervalMs", console_poll_interval_ms},
          {"maxPage", console_max_page},
          {"volumeMinutes", console_volume_minutes},
          {"templates", templates},
          {"stats", src_.stats_json ? src_.stats_json() : nlohmann::json::object()}};
}

namespace {
nlohmann::json group_json(const group_summary& s, const std::string& arn) {
  const auto& g = s.group;
  nlohmann::json j = {{"logGroupName", g.name},
                      {"arn", arn},
                      {"creationTime", g.creation_time},
                      {"storedBytes", g.stored_bytes},
                      {"logGroupClass", g.log_group_class},
                      {"deletionProtectionEnabled", g.deletion_protection},
                      {"eventCount", s.event_count},
                      {"tags", s.tags}};
  j["retentionInDays"] = g.retention_days ? nlohmann::json(*g.retention_days) : nlohmann::json();
  j["kmsKeyId"] = g.kms_key_id.empty() ? nlohmann::json() : nlohmann::json(g.kms_key_id);
  j["lastIngestionTime"] = s.last_ingestion_time ? nlohmann::json(*s.last_ingestion_time) : nlohmann::json();
  return j;
}
}  // namespace

nlohmann::json console_api::groups(std::string_view search, std::int64_t offset, int limit) const {
  std::int64_t total = 0;
  const auto rows = src_.db->console_groups(search, offset, std::clamp(limit, 1, console_max_page), &total);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : rows)
    out.push_back(
        group_json(s, "arn:aws:logs:" + src_.region + ":" + src_.account_id + ":log-group:" + s.group.name));
  return {{"logGroups", out}, {"total", total}, {"offset", offset}};
}

console_result console_api::group(std::string_view name) const {
  auto s = src_.db->console_group(name);
  if (!s) return std::unexpected(no_such_group());
  return group_json(*s,
                    "arn:aws:logs:" + src_.region + ":" + src_.account_id + ":log-group:" + s->group.name);
}

console_result console_api::streams(std::string_view group, std::string_view search, std::int64_t offset,
                                    int limit) const {
  auto g = src_.db->find_group(group);
  if (!g) return std::unexpected(no_such_group());
  std::int64_t total = 0;
  const auto rows =
      src_.db->console_streams(g->id, search, offset, std::clamp(limit, 1, console_max_page), &total);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    const auto& s = r.stream;
    auto opt = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    out.push_back({{"logStreamName", s.name},
                   {"creationTime", s.creation_time},
                   {"firstEventTimestamp", opt(s.first_event_timestamp)},
                   {"lastEventTimestamp", opt(s.last_event_timestamp)},
                   {"lastIngestionTime", opt(s.last_ingestion_time)},
                   {"storedBytes", s.stored_bytes},
                   {"eventCount", r.event_count}});
  }
  return nlohmann::json{{"logStreams", out}, {"total", total}, {"offset", offset}};
}

console_result console_api::events(const event_query& q) const {
  auto g = src_.db->find_group(q.group);
  if (!g) return std::unexpected(no_such_group());
  auto pattern = filter_pattern::parse(q.filter);
  if (!pattern) return std::unexpected(console_error{400, "Invalid filter pattern: " + pattern.error()});
  std::vector<stream_row> streams;
  if (q.stream) {
    auto s = src_.db->find_stream(g->id, *q.stream);
    if (!s) return std::unexpected(console_error{404, "The specified log stream does not exist."});
    streams.push_back(std::move(*s));
  } else {
    streams = src_.db->list_streams(g->id, "", stream_order::name, false, 0, INT_MAX);
  }
  event_key after{INT64_MIN, INT64_MIN};
  if (!q.token.empty()) {
    auto key = decode_event_token('n', q.token);
    if (!key) return std::unexpected(console_error{400, "The nextToken is invalid."});
    after = *key;
  }
  // The same visibility as FilterLogEvents: the time range, within retention.
  store::read_range range;
  range.min_timestamp =
      std::max(q.start_ms.value_or(INT64_MIN), retention_floor(g->retention_days, now_ms()));
  range.max_timestamp = q.end_ms.value_or(INT64_MAX);
  std::optional<event_key> scanned_to;
  bool exhausted = true;
  const auto rows = src_.db->merge_streams(
      streams, after, range, std::clamp(q.limit, 1, console_max_page),
      [&](std::string_view m) { return pattern->matches(m); }, console_max_scan, &scanned_to, &exhausted);
  nlohmann::json events = nlohmann::json::array();
  std::size_t bytes = 0;
  for (const auto& e : rows) {
    bytes += e.message.size();
    if (bytes > console_max_message_bytes && !events.empty()) {
      exhausted = false;
      scanned_to = event_key{e.timestamp, e.id - 1};
      break;
    }
    events.push_back(event_json(e));
  }
  nlohmann::json out = {{"events", events}, {"searchedCompletely", exhausted}};
  if (!exhausted && scanned_to) {
    out["nextToken"] = encode_event_token('n', *scanned_to);
    out["searchedUpTo"] = scanned_to->timestamp;
  }
  return out;
}

console_result console_api::tail(const event_query& q) const {
  auto g = src_.db->find_group(q.group);
  if (!g) return std::unexpected(no_such_group());
  auto pattern = filter_pattern::parse(q.filter);
  if (!pattern) return std::unexpected(console_error{400, "Invalid filter pattern: " + pattern.error()});
  std::optional<std::int64_t> stream_id;
  if (q.stream) {
    auto s = src_.db->find_stream(g->id, *q.stream);
    if (!s) return std::unexpected(console_error{404, "The specified log stream does not exist."});
    stream_id = s->id;
  }
  nlohmann::json out = {{"pollIntervalMs", console_poll_interval_ms}};
  if (!q.tail_after) {
    // Live tail starts now, as CloudWatch's does: only what arrives from here on.
    out["events"] = nlohmann::json::array();
    out["cursor"] = src_.db->next_event_id();
    return out;
  }
  const auto page = src_.db->tail(
      g->id, stream_id, *q.tail_after, std::clamp(q.limit, 1, console_max_page),
      [&](std::string_view m) { return pattern->matches(m); }, console_max_scan);
  nlohmann::json events = nlohmann::json::array();
  std::int64_t cursor = page.cursor;
  std::size_t bytes = 0;
  for (const auto& e : page.events) {
    bytes += e.message.size();
    if (bytes > console_max_message_bytes && !events.empty()) {
      cursor = e.id;  // the next poll starts with this event
      break;
    }
    events.push_back(event_json(e));
  }
  out["events"] = events;
  out["cursor"] = cursor;
  return out;
}

nlohmann::json console_api::minutes_of(std::int64_t group_id, std::int64_t now) const {
  const std::int64_t first = volume_start(now);
  const auto counts = src_.db->ingest_volume(group_id, first);
  nlohmann::json out = nlohmann::json::array();
  for (int i = 0; i < console_volume_minutes; ++i) {
    const auto start = first + i * 60'000LL;
    const auto it = counts.find(start);
    out.push_back(it == counts.end() ? 0 : it->second);
  }
  return out;
}

console_result console_api::volume(std::string_view group) const {
  auto g = src_.db->find_group(group);
  if (!g) return std::unexpected(no_such_group());
  const auto now = now_ms();
  return nlohmann::json{{"start", volume_start(now)},
                        {"groups", {{{"logGroupName", g->name}, {"events", minutes_of(g->id, now)}}}}};
}

console_result console_api::template_volume(std::string_view name) const {
  const auto t = std::find_if(src_.templates.begin(), src_.templates.end(),
                              [&](const console_template& c) { return c.name == name; });
  if (t == src_.templates.end())
    return std::unexpected(console_error{404, "No destination of that name in the --config file."});
  const auto now = now_ms();
  struct row {
    std::string name;
    nlohmann::json events;
    std::int64_t sum;
  };
  std::vector<row> rows;
  std::size_t matched = 0;
  for (const auto& g : src_.db->list_groups("", "", 0, INT_MAX)) {
    if (!matches_template(t->group, g.name)) continue;
    ++matched;
    auto events = minutes_of(g.id, now);
    std::int64_t sum = 0;
    for (const auto& n : events) sum += n.get<std::int64_t>();
    rows.push_back({g.name, std::move(events), sum});
  }
  // The busiest groups of the hour, side by side (by name among equals).
  std::stable_sort(rows.begin(), rows.end(), [](const row& a, const row& b) { return a.sum > b.sum; });
  if (rows.size() > console_max_template_groups) rows.resize(console_max_template_groups);
  nlohmann::json groups = nlohmann::json::array();
  for (auto& r : rows) groups.push_back({{"logGroupName", r.name}, {"events", std::move(r.events)}});
  return nlohmann::json{{"start", volume_start(now)},
                        {"template", {{"name", t->name}, {"group", t->group}}},
                        {"matchingGroups", matched},
                        {"groups", groups}};
}

nlohmann::json console_api::requests(std::int64_t after_seq, int limit) const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r :
       src_.requests->recent(static_cast<std::size_t>(std::clamp(limit, 1, console_max_page)), after_seq))
    out.push_back({{"seq", r.seq},
                   {"time", r.time_ms},
                   {"requestId", r.request_id},
                   {"operation", r.operation},
                   {"resourceArn", r.resource_arn},
                   {"accessKeyId", r.access_key_id},
                   {"status", r.status},
                   {"outcome", r.outcome},
                   {"fault", r.fault},
                   {"latencyMs", r.latency_ms},
                   {"remote", r.remote}});
  return {{"requests", out},
          {"total", src_.requests->total()},
          {"capacity", request_ring::default_capacity},
          {"stats", src_.stats_json ? src_.stats_json() : nlohmann::json::object()}};
}

}  // namespace cwlog::detail
