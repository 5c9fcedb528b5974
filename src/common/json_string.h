#pragma once
// JSON string literals as CloudWatch Logs receives them: the escaping shared by
// the JSON event format (src/ship/format_json) and the PutLogEvents body
// (src/logs/put_log_events_body), where each event is escaped a second time.
#include <string>
#include <string_view>

namespace cwlog::detail {

// Appends s as a JSON string literal (quotes included), escaping and repairing UTF-8.
void append_json_string(std::string& out, std::string_view s);

// The same for a string already known to be valid UTF-8 (no validation pass).
void append_json_string_valid(std::string& out, std::string_view s);

}  // namespace cwlog::detail
