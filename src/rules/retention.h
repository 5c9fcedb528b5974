#pragma once
// The retention periods CloudWatch Logs accepts. Used by the config check and
// the shipper (src/route), the Terraform generator's variable validation
// (src/terraform) and `cwlog local`'s PutRetentionPolicy (src/local).
#include <array>
#include <cstdint>
#include <string>

namespace cwlog::detail {

// PutRetentionPolicy retentionInDays, "Valid Values: 1 | 3 | 5 | 7 | 14 | 30 |
// 60 | 90 | 120 | 150 | 180 | 365 | 400 | 545 | 731 | 1096 | 1827 | 2192 |
// 2557 | 2922 | 3288 | 3653"; no retention (never expire) is the absence of a
// policy, not a value.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
inline constexpr std::array<int, 22> allowed_retention_days{
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

bool is_allowed_retention_days(std::int64_t days) noexcept;

// "1, 3, 5, ..., 3653": the list for messages and generated code.
std::string allowed_retention_days_text();

}  // namespace cwlog::detail
