#pragma once
// JSON string literals as CloudWatch Logs receives them: the escaping shared by
// the JSON event format (src/ship/format_json) and the PutLogEvents body
// (src/logs/put_log_events_body), where each event is escaped a second time.
#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>

namespace cwlog::detail {

// Appends s as a JSON string literal (quotes included), escaping and repairing UTF-8.
void append_json_string(std::string& out, std::string_view s);

// The same for a string already known to be valid UTF-8 (no validation pass).
void append_json_string_valid(std::string& out, std::string_view s);

// Appends what append_json_string would, escaped once more as the content
// of another JSON string ("a\n" becomes \"a\\n\"): a JSON document written
// straight into the string that carries it (the JSON event format inside the
// PutLogEvents body). Returns the size of append_json_string's output.
std::size_t append_json_string_twice(std::string& out, std::string_view s);

// The same at w, which has json_escaped_twice_room(s.size()) + 4 bytes (the
// repair of invalid UTF-8 never needs more: U+FFFD's three bytes stand for at
// least one byte, and none of them is escaped); returns the end and adds the
// size of append_json_string's output to `once_size`.
char* write_json_string_twice(char* w, std::string_view s, std::size_t& once_size);

// Room write_json_escaped needs for n bytes: 6 per byte (\u00XX), and 16 of
// slack for its block stores; escaped twice, 7 per byte (\\u00XX).
constexpr std::size_t json_escaped_room(std::size_t n) noexcept {
  return 6 * n + 16;
}
constexpr std::size_t json_escaped_twice_room(std::size_t n) noexcept {
  return 7 * n + 16;
}
// Writes s (valid UTF-8) escaped for a JSON string literal, without quotes, at
// w, which has json_escaped_room(s.size()) bytes; returns the end. For writers
// that reserve once per event (the PutLogEvents body).
char* write_json_escaped(char* w, std::string_view s) noexcept;

// An integer or a double in the shortest form that reads back the same
// (std::to_chars), as JSON and the plain formatter write numbers.
template <class T>
void append_number(std::string& out, T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec == std::errc{}) out.append(buf, end);
}

}  // namespace cwlog::detail
