#pragma once
// The per-destination settings CloudWatch constrains, checked once at load so
// a bad value is a config error with a position, not a failed CreateLogGroup
// at 3 a.m. Each check returns nullopt when fine, else the message (ending in
// "(allowed: ...)").
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <cwlog/options.h>

namespace cwlog::detail {

// PutRetentionPolicy's documented values (service model shape "Days").
inline constexpr std::array<int, 22> allowed_retention_days{
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

std::optional<std::string> check_retention_days(int days);
// CreateLogGroup's kmsKeyId is "the ARN of the KMS key" (max 256 characters):
// arn:<partition>:kms:<region>:<12-digit account>:key/<key-id>.
std::optional<std::string> check_kms_key_arn(std::string_view arn);
// TagKey: 1-128 of letters, digits, spaces, _ . : / = + - @, not starting
// with "aws:"; TagValue: 0-256 of the same; at most 50 tags (service model).
std::optional<std::string> check_tag(std::string_view key, std::string_view value);
inline constexpr std::size_t max_tags = 50;

// "STANDARD" / "INFREQUENT_ACCESS"; DELIVERY gets its own explanation.
std::optional<cwlog::log_group_class> parse_log_group_class(std::string_view text, std::string& error_out);
const char* to_string(cwlog::log_group_class c) noexcept;

}  // namespace cwlog::detail
