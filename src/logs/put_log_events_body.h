#pragma once
// PutLogEvents' JSON body, written straight from the events: building an
// nlohmann::json of 10,000 events and dumping it costs several times more than
// the rest of the request. The one encoder of that body, used by the shipping
// engine for its batches and by logs_client::put_log_events for a typed
// request. (`cwlog local` parses it with its own code, an independent check.)
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "logs/logs_types.h"

namespace cwlog::detail {

// A finished PutLogEvents body, ready for logs_client::put_log_events_once.
struct put_log_events_payload {
  std::string json;
  // What follows `json` in the body, memory the caller keeps alive until the
  // call returns (put_log_events_around).
  std::vector<std::string_view> pieces;
  bool emf = false;  // the events are EMF documents: sent with x-amzn-logs-format: json/emf
};

class put_log_events_body {
 public:
  // `expected_bytes`: the sum of the message sizes, to allocate once.
  put_log_events_body(std::string_view group, std::string_view stream, std::size_t events,
                      std::size_t expected_bytes);

  // Events in the order given (PutLogEvents wants them chronological).
  // add_valid: `message` is known to be valid UTF-8 (no validation pass);
  // add: invalid UTF-8 becomes U+FFFD.
  void add_valid(std::int64_t timestamp_ms, std::string_view message);
  void add(std::int64_t timestamp_ms, std::string_view message);

  // `sequence_token`: ignored by the service since 2023; empty: not sent.
  put_log_events_payload finish(std::string_view sequence_token = {}) &&;

 private:
  void next_event();  // the comma before every event but the first
  std::string body_;
  bool first_ = true;
};

// A body around events that stay where they lie (the shipper's batches): its
// head in `json`, then `event_runs` in `pieces`, each run one or more events in
// their wire form (append_put_log_event) joined by commas, with a comma between
// runs and the body's end after the last. Nothing of the events is copied
// until the transport hands them to the socket.
put_log_events_payload put_log_events_around(std::string_view group, std::string_view stream,
                                             std::span<const std::string_view> event_runs);

// One event as the body carries it, {"timestamp":…,"message":"…"}, appended to
// `out`; `message` must be valid UTF-8. The shipper's batches hold their events
// in this form, so that a batch's events are its request's logEvents as they are.
void append_put_log_event(std::string& out, std::int64_t timestamp_ms, std::string_view message);

// The same in two steps, for a writer that escapes the message as it makes it
// (the JSON event format, ship/format_json.h): the event up to the message's
// opening quote, and what follows its closing one.
void append_put_log_event_open(std::string& out, std::int64_t timestamp_ms);
// The same at w, which has put_log_event_open_room bytes (any of them may be
// written); returns the end.
inline constexpr std::size_t put_log_event_open_room = 64;
char* put_log_event_open(char* w, std::int64_t timestamp_ms) noexcept;
inline constexpr std::string_view put_log_event_close = "\"}";

put_log_events_payload encode_put_log_events(const put_log_events_request& request);

}  // namespace cwlog::detail
