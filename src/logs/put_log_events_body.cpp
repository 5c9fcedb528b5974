#include "logs/put_log_events_body.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "common/json_string.h"

namespace cwlog::detail {

namespace {

// The body up to its first event.
void append_head(std::string& out, std::string_view group, std::string_view stream) {
  out += "{\"logGroupName\":";
  append_json_string(out, group);
  out += ",\"logStreamName\":";
  append_json_string(out, stream);
  out += ",\"logEvents\":[";
}

}  // namespace

put_log_events_body::put_log_events_body(std::string_view group, std::string_view stream, std::size_t events,
                                         std::size_t expected_bytes) {
  // 40 bytes of framing per event; room for a little escaping on top.
  const std::size_t size = 96 + group.size() + stream.size() + expected_bytes + 40 * events;
  body_.reserve(size + size / 16);
  append_head(body_, group, stream);
}

put_log_events_payload put_log_events_around(std::string_view group, std::string_view stream,
                                             std::span<const std::string_view> event_runs) {
  put_log_events_payload payload;
  append_head(payload.json, group, stream);
  payload.pieces.reserve(2 * event_runs.size() + 1);
  for (std::size_t i = 0; i < event_runs.size(); ++i) {
    if (i > 0) payload.pieces.emplace_back(",");
    payload.pieces.push_back(event_runs[i]);
  }
  payload.pieces.emplace_back("]}");
  return payload;
}

namespace {

constexpr std::string_view event_open = "{\"timestamp\":";
constexpr std::string_view event_message = ",\"message\":";
constexpr std::size_t max_digits = 20;  // "-9223372036854775808"

// An event up to its message's value, {"timestamp":N,"message": (and the
// opening quote: put_log_event_open), the one writer of it.
constexpr std::size_t event_head_room = event_open.size() + max_digits + event_message.size();
static_assert(event_head_room + 1 <= put_log_event_open_room);

char* write_event_head(char* w, std::int64_t timestamp_ms) noexcept {
  w = std::copy(event_open.begin(), event_open.end(), w);
  w = std::to_chars(w, w + max_digits, timestamp_ms).ptr;
  return std::copy(event_message.begin(), event_message.end(), w);
}

void append_event_head(std::string& out, std::int64_t timestamp_ms) {
  char head[event_head_room];
  out.append(head, write_event_head(head, timestamp_ms));
}

}  // namespace

char* put_log_event_open(char* w, std::int64_t timestamp_ms) noexcept {
  // Events come a thousand or more to the millisecond, so the head is written
  // once per millisecond (per thread) and copied after: its digits were 7 %
  // of the dispatcher's time. The copy is of the whole room, which w has, so
  // that it is one fixed-size move.
  struct cached_head {
    std::int64_t timestamp_ms = INT64_MIN;
    std::size_t size = 0;
    char text[put_log_event_open_room] = {};
  };
  thread_local cached_head cache;
  if (timestamp_ms != cache.timestamp_ms || cache.size == 0) {
    char* end = write_event_head(cache.text, timestamp_ms);
    *end++ = '"';
    cache.size = static_cast<std::size_t>(end - cache.text);
    cache.timestamp_ms = timestamp_ms;
  }
  std::memcpy(w, cache.text, put_log_event_open_room);
  return w + cache.size;
}

void append_put_log_event_open(std::string& out, std::int64_t timestamp_ms) {
  append_event_head(out, timestamp_ms);
  out += '"';
}

void put_log_events_body::next_event() {
  if (!first_) body_ += ',';
  first_ = false;
}

void put_log_events_body::add_valid(std::int64_t timestamp_ms, std::string_view message) {
  next_event();
  append_put_log_event(body_, timestamp_ms, message);
}

void append_put_log_event(std::string& out, std::int64_t timestamp_ms, std::string_view message) {
  // Larger messages are escaped in chunks (json_string.h), so that the room
  // reserved for the worst case stays small.
  constexpr std::size_t one_write_max = 4096;
  if (message.size() > one_write_max) {
    append_event_head(out, timestamp_ms);
    append_json_string_valid(out, message);
    out += '}';
    return;
  }
  // The event in one write through a pointer: five appends per event, each
  // checking the capacity, cost about as much as escaping the message.
  const std::size_t at = out.size();
  const std::size_t room = put_log_event_open_room + json_escaped_room(message.size()) + 2;
  if (out.capacity() - at < room) out.reserve(std::max(at + room, out.capacity() * 2));
  out.resize_and_overwrite(at + room, [&](char* buf, std::size_t) noexcept {
    char* w = put_log_event_open(buf + at, timestamp_ms);
    w = write_json_escaped(w, message);
    *w++ = '"';
    *w++ = '}';
    return static_cast<std::size_t>(w - buf);
  });
}

void put_log_events_body::add(std::int64_t timestamp_ms, std::string_view message) {
  next_event();
  append_event_head(body_, timestamp_ms);
  append_json_string(body_, message);
  body_ += '}';
}

put_log_events_payload put_log_events_body::finish(std::string_view sequence_token) && {
  body_ += ']';
  if (!sequence_token.empty()) {
    body_ += ",\"sequenceToken\":";
    append_json_string(body_, sequence_token);
  }
  body_ += '}';
  put_log_events_payload payload;
  payload.json = std::move(body_);
  return payload;
}

put_log_events_payload encode_put_log_events(const put_log_events_request& request) {
  std::size_t bytes = 0;
  for (const auto& e : request.log_events) bytes += e.message.size();
  put_log_events_body body(request.log_group_name, request.log_stream_name, request.log_events.size(), bytes);
  for (const auto& e : request.log_events) body.add(e.timestamp, e.message);
  return std::move(body).finish(request.sequence_token);
}

}  // namespace cwlog::detail
