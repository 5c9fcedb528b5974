#pragma once
// CloudWatch Logs' rules for log group and log stream names: the templates'
// checks (src/route), the names the shipper renders and `cwlog local`'s
// CreateLogGroup (src/local) use these.
#include <cstddef>
#include <string_view>

namespace cwlog::detail {

// CreateLogGroup: "Log group names can be between 1 and 512 characters long";
// CreateLogStream: "Log stream names can be between 1 and 512 characters long".
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
inline constexpr std::size_t max_name_length = 512;

// "Log group names consist of the following characters: a-z, A-Z, 0-9, '_'
// (underscore), '-' (hyphen), '/' (forward slash), '.' (period), and '#'
// (number sign)".
constexpr bool is_group_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_' || c == '/' || c == '#';
}

// "The ':' (colon) and '*' (asterisk) characters are not allowed" in stream names.
constexpr bool is_stream_name_char(char c) noexcept {
  return c != ':' && c != '*';
}

// "Log group names can't start with the string aws/". The service answers
// "Log groups starting with AWS/ are reserved for AWS." and compares without
// case, so "AWS/x" is refused too.
inline constexpr std::string_view reserved_group_prefix = "aws/";
bool has_reserved_group_prefix(std::string_view name) noexcept;

// 1-512 allowed characters, not starting with "aws/" in any case.
bool is_valid_group_name(std::string_view name) noexcept;
// 1-512 characters, none of ':' '*'.
bool is_valid_stream_name(std::string_view name) noexcept;

}  // namespace cwlog::detail
