// The fast reader of PutLogEvents bodies (put_request.h): simdjson's on-demand
// parser, which validates UTF-8 and the JSON grammar of every byte it reads
// and unescapes strings into its own buffer, so a 10,000-event batch costs no
// allocation per event. Every value of the body is read (a member this reader
// does not know sends the body to the general path instead of being skipped),
// so no part of an accepted body escapes the grammar check.
//
// The constraints are those of botocore's model for PutLogEvents
// (logs_model.inc), checked here the way model_validator checks them:
//   logGroupName   string, 1-512 characters, [\.\-_/#A-Za-z0-9]+
//   logStreamName  string, 1-512 characters, [^:*]*
//   logEvents      list of 1-10,000 InputLogEvent {timestamp: long >= 0,
//                  message: string of >= 1 character}, both required
//   sequenceToken  string, >= 1 character (ignored by the service since 2023)
// Lengths count characters as the service does (UTF-8 lead bytes).
#include <simdjson.h>

#include <algorithm>

#include "local/put_request.h"
#include "rules/put_log_events.h"

namespace cwlog::detail {
namespace {

namespace od = simdjson::ondemand;

// The model's name lengths, in characters.
constexpr std::size_t max_name_chars = 512;

std::size_t utf8_chars(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }));
}

bool group_name_ok(std::string_view s) {
  // ASCII only, so bytes are characters.
  if (s.empty() || s.size() > max_name_chars) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_' || c == '/' || c == '#';
  });
}

bool stream_name_ok(std::string_view s) {
  if (s.empty() || s.find_first_of(":*") != std::string_view::npos) return false;
  return utf8_chars(s) <= max_name_chars;
}

// Keys are compared raw: a key written with escapes ("\u0074imestamp") is not
// recognised and sends the body to the general path, which unescapes it.
bool read_event(od::object event, event_in& out) {
  bool have_timestamp = false, have_message = false;
  for (auto member : event) {
    od::raw_json_string key;
    if (member.key().get(key)) return false;
    if (!have_timestamp && key == "timestamp") {
      if (member.value().get_int64().get(out.timestamp) || out.timestamp < 0) return false;
      have_timestamp = true;
    } else if (!have_message && key == "message") {
      // Non-empty in bytes is non-empty in characters.
      if (member.value().get_string().get(out.message) || out.message.size() < min_event_message_bytes)
        return false;
      have_message = true;
    } else {
      return false;
    }
  }
  return have_timestamp && have_message;
}

bool read_events(od::array events, std::vector<event_in>& out) {
  for (auto element : events) {
    od::object event;
    if (element.get_object().get(event)) return false;
    if (out.size() == max_batch_events) return false;
    if (!read_event(event, out.emplace_back())) return false;
  }
  return !out.empty();
}

bool read_document(od::document& doc, put_request& out) {
  od::object root;
  if (doc.get_object().get(root)) return false;
  bool have_group = false, have_stream = false, have_events = false, have_token = false;
  for (auto member : root) {
    od::raw_json_string key;
    if (member.key().get(key)) return false;
    if (!have_group && key == "logGroupName") {
      if (member.value().get_string().get(out.group) || !group_name_ok(out.group)) return false;
      have_group = true;
    } else if (!have_stream && key == "logStreamName") {
      if (member.value().get_string().get(out.stream) || !stream_name_ok(out.stream)) return false;
      have_stream = true;
    } else if (!have_events && key == "logEvents") {
      od::array events;
      if (member.value().get_array().get(events) || !read_events(events, out.events)) return false;
      have_events = true;
    } else if (!have_token && key == "sequenceToken") {
      std::string_view token;
      if (member.value().get_string().get(token) || token.empty()) return false;
      have_token = true;
    } else {
      return false;
    }
  }
  // Nothing may follow the object: on-demand reports that as "no current location".
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return false;
  return have_group && have_stream && have_events;
}

}  // namespace

bool read_put_body(std::string& body, put_request& out) {
  if (body.empty() || body.size() > max_fast_put_body_bytes) return false;
  // One parser per thread: its buffers grow to the largest body it read
  // (bounded above) and are reused, and the request's views point into them.
  thread_local od::parser parser;
  body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  od::document doc;
  if (parser.iterate(body.data(), body.size(), body.capacity()).get(doc)) return false;
  out = put_request{};
  out.events.reserve(std::min<std::size_t>(max_batch_events, body.size() / 32));
  if (read_document(doc, out)) return true;
  out = put_request{};
  return false;
}

}  // namespace cwlog::detail
