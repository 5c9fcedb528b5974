#pragma once
// One JSON object per event, so CloudWatch Logs Insights discovers the fields:
//   {"timestamp":"2026-11-24T23:49:07.123456Z","level":"info","logger":"api",
//    "message":"...","tenant":"acme",
//    "source":{"file":"src/api.cpp","line":42,"function":"void place()"},"order_id":42}
// "source" is there when the record has a source location. Fields sit at the top level (Insights discovers
// them by name); a field whose key collides with one of the fixed keys is written as "field.<key>". Invalid
// UTF-8 anywhere becomes U+FFFD; doubles that JSON cannot hold (NaN, infinities) become null.
#include <cstdint>
#include <string>

#include <cwlog/record.h>

#include "common/json_string.h"

namespace cwlog::detail {

// Appends the JSON object for r to out.
void format_json(const record_view& r, std::string& out);

// Appends the PutLogEvents event whose message is that object
// ({"timestamp":…,"message":"{\"timestamp\":…}"}, put_log_events_body.h), the
// object escaped as it is written rather than written, then escaped: the
// dispatcher's way for events within the size limit. Returns the object's
// size (the message's bytes, as the service counts them).
std::size_t append_json_event(std::string& out, std::int64_t timestamp_ms, const record_view& r);

// The same written at a pointer, which has json_event_room(r) bytes (an upper
// bound: the strings as if every byte took seven escaped); returns the end
// and sets text_bytes to the object's size. The dispatcher writes an event
// straight into its wire buffer this way when the room is small enough.
std::size_t json_event_room(const record_view& r) noexcept;
char* write_json_event(char* at, std::int64_t timestamp_ms, const record_view& r, std::size_t& text_bytes);

}  // namespace cwlog::detail
