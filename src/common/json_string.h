#pragma once
// JSON string literals as CloudWatch Logs receives them: the escaping shared by
// the JSON event format (src/ship/format_json) and the PutLogEvents body
// (src/logs/put_log_events_body), where each event is escaped a second time.
#include <charconv>
#include <string>
#include <string_view>

namespace cwlog::detail {

// Appends s as a JSON string literal (quotes included), escaping and repairing UTF-8.
void append_json_string(std::string& out, std::string_view s);

// The same for a string already known to be valid UTF-8 (no validation pass).
void append_json_string_valid(std::string& out, std::string_view s);

// An integer or a double in the shortest form that reads back the same
// (std::to_chars), as JSON and the plain formatter write numbers.
template <class T>
void append_number(std::string& out, T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec == std::errc{}) out.append(buf, end);
}

}  // namespace cwlog::detail
