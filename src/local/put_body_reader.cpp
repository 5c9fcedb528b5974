// The fast reader of PutLogEvents bodies (put_request.h): simdjson's on-demand
// parser, which validates UTF-8 and the JSON grammar of every byte it reads
// and unescapes strings into its own buffer, so a 10,000-event batch costs no
// allocation per event. Every value of the body is read (a member this reader
// does not know sends the body to the general path instead of being skipped;
// sizes-only mode measures messages instead, below), so no part of an
// accepted body escapes the grammar check.
//
// The constraints are those of botocore's model for PutLogEvents
// (logs_model.inc), checked here the way model_validator checks them:
//   logGroupName   string, 1-512 characters, [\.\-_/#A-Za-z0-9]+
//   logStreamName  string, 1-512 characters, [^:*]*
//   logEvents      list of 1-10,000 InputLogEvent {timestamp: long >= 0,
//                  message: string of >= 1 character}, both required
//   sequenceToken  string, >= 1 character (ignored by the service since 2023)
// Lengths count characters as the service does (UTF-8 lead bytes).
//
// In sizes-only mode a message is not unescaped: its raw token is measured
// (message_size below). That refuses whatever unescaping would refuse, because
// simdjson's stage 1 (parser::iterate) has already refused invalid UTF-8 and
// unescaped control characters anywhere in the document (UTF8_ERROR,
// UNESCAPED_CHARS), and the escapes are checked as they are counted: the
// simple ones count one byte, every other one (\u included) leaves the body
// to the general path.
#include <simdjson.h>

#include <algorithm>

#include "local/json_unescaped_size.h"
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

bool json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The unescaped size in bytes of a string value, from its raw token: the
// quotes, the escaped content and the whitespace up to the next token (which
// raw_json_token() includes). false: not a string, or an escape other than
// the simple ones (json_unescaped_size.h).
bool message_size(std::string_view token, std::size_t& out) {
  while (!token.empty() && json_space(token.back())) token.remove_suffix(1);
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return false;
  return json_unescaped_size(token.substr(1, token.size() - 2), out);
}

bool read_message(simdjson::simdjson_result<od::value> value, put_messages messages, event_in& out) {
  if (messages == put_messages::content) {
    if (value.get_string().get(out.message)) return false;
    out.message_bytes = out.message.size();
  } else {
    // Measured from its raw token, then taken as a string without unescaping
    // it, so that the object's iterator goes on from exactly where it goes on
    // after get_string(). Left unread, the value was skipped by the iterator's
    // own rules, which stepped over what follows a string where a comma
    // belongs: {"message":"a" : 1} ,"timestamp":2} was accepted here and
    // refused in content mode (found by the fuzz campaign).
    std::string_view token;
    od::raw_json_string raw;
    if (value.raw_json_token().get(token) || value.get_raw_json_string().get(raw) ||
        !message_size(token, out.message_bytes))
      return false;
  }
  // Non-empty in bytes is non-empty in characters.
  return out.message_bytes >= min_event_message_bytes;
}

// Keys are compared raw: a key written with escapes ("\u0074imestamp") is not
// recognised and sends the body to the general path, which unescapes it.
bool read_event(od::object event, put_messages messages, event_in& out) {
  bool have_timestamp = false, have_message = false;
  for (auto member : event) {
    od::raw_json_string key;
    if (member.key().get(key)) return false;
    if (!have_timestamp && key == "timestamp") {
      if (member.value().get_int64().get(out.timestamp) || out.timestamp < 0) return false;
      have_timestamp = true;
    } else if (!have_message && key == "message") {
      if (!read_message(member.value(), messages, out)) return false;
      have_message = true;
    } else {
      return false;
    }
  }
  return have_timestamp && have_message;
}

bool read_events(od::array events, put_messages messages, std::vector<event_in>& out) {
  for (auto element : events) {
    od::object event;
    if (element.get_object().get(event)) return false;
    if (out.size() == max_batch_events) return false;
    if (!read_event(event, messages, out.emplace_back())) return false;
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
      if (member.value().get_array().get(events) || !read_events(events, out.messages, out.events))
        return false;
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

bool read_put_body(std::string& body, put_request& out, put_messages messages) {
  if (body.empty() || body.size() > max_fast_put_body_bytes) return false;
  // One parser per thread: its buffers grow to the largest body it read
  // (bounded above) and are reused, and the request's views point into them.
  thread_local od::parser parser;
  body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  od::document doc;
  if (parser.iterate(body.data(), body.size(), body.capacity()).get(doc)) return false;
  out = put_request{};
  out.messages = messages;
  out.events.reserve(std::min<std::size_t>(max_batch_events, body.size() / 32));
  if (read_document(doc, out)) return true;
  out = put_request{};
  return false;
}

}  // namespace cwlog::detail
