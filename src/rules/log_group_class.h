#pragma once
// Log group class names (CreateLogGroup logGroupClass): the one spelling the
// shipper sends, the generator writes and the config accepts.
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
// "Valid Values: STANDARD | INFREQUENT_ACCESS | DELIVERY"; the class "can't be
// changed after a log group is created".
#include <optional>
#include <string>
#include <string_view>

#include <cwlog/options.h>

namespace cwlog::detail {

inline constexpr std::string_view standard_class_name = "STANDARD";
inline constexpr std::string_view infrequent_access_class_name = "INFREQUENT_ACCESS";
// "Use the Delivery log class only for delivering Lambda logs to store in
// Amazon S3 or Amazon Data Firehose. Log events in log groups in the Delivery
// class are kept in CloudWatch Logs for only one day." cwlog does not ship to
// it, so cwlog::log_group_class has no value for it.
inline constexpr std::string_view delivery_class_name = "DELIVERY";

// "STANDARD" or "INFREQUENT_ACCESS".
const char* log_group_class_name(cwlog::log_group_class c) noexcept;

// The class named `text`; nullopt with the reason in error_out (ending in
// "(allowed: ...)"), DELIVERY with its own explanation.
std::optional<cwlog::log_group_class> parse_log_group_class(std::string_view text, std::string& error_out);

}  // namespace cwlog::detail
