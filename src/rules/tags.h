#pragma once
// Tag rules for log groups (CreateLogGroup / TagResource "tags"): checked by
// the config and the shipper before CreateLogGroup, counted by `cwlog local`.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::detail {

// "You can associate as many as 50 tags with a log group."
inline constexpr std::size_t max_tags = 50;
// Key: "Length Constraints: Minimum length of 1. Maximum length of 128.
// Pattern: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$"; value: "Maximum length of 256",
// the same characters; keys must not start with "aws:" (reserved by AWS).
inline constexpr std::size_t max_tag_key_length = 128;
inline constexpr std::size_t max_tag_value_length = 256;

// nullopt when fine, else why not, ending in "(allowed: ...)". Non-ASCII bytes
// are let through (UTF-8 letters) and left to the service to judge.
std::optional<std::string> check_tag(std::string_view key, std::string_view value);

}  // namespace cwlog::detail
