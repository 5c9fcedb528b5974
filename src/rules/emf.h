#pragma once
// The CloudWatch Embedded Metric Format (EMF) rules, as named constants and
// checks with where each comes from. Used where EMF documents are made
// (src/metrics: the aggregator and the encoder) and where they are read back
// (`cwlog local`'s extraction, src/local), so what the one writes the other
// extracts.
//
// Sources:
//  [spec]  Specification: Embedded metric format
//          https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
//  [datum] CloudWatch API reference, MetricDatum and Dimension
//          https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
//          https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html
//  [lib]   aws-embedded-metrics (the AWS client libraries for Python, Node,
//          Java, .NET), whose validators users of EMF know: the name length and
//          character rules below where the specification is silent.
#include <cstddef>
#include <optional>
#include <string_view>

#include "rules/put_log_events.h"

namespace cwlog::detail {

// [spec] "The _aws member ... MUST contain CloudWatchMetrics" and "Timestamp –
// A number representing the time stamp used for metrics extracted from the
// event. Values MUST be expressed as the number of milliseconds after Jan 1,
// 1970 00:00:00 UTC."
inline constexpr std::string_view emf_metadata_key = "_aws";

// [put] "you must include the following header: x-amzn-logs-format: json/emf"
// on PutLogEvents requests whose events are EMF documents (the agent and
// Fluent Bit set it). Using the PutLogEvents API to send manually-created EMF logs,
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Generation_PutLogEvents.html
inline constexpr std::string_view emf_format_header = "x-amzn-logs-format";
inline constexpr std::string_view emf_format_value = "json/emf";

// [spec] MetricDirective.Metrics: "MUST NOT contain more than 100
// MetricDefinition objects".
inline constexpr std::size_t emf_max_metrics_per_directive = 100;

// [spec] DimensionSet: "MUST NOT contain more than 30 dimension keys".
inline constexpr std::size_t emf_max_dimensions_per_set = 30;

// [spec] A metric's target member is a number or "an array of numbers ...
// MUST NOT contain more than 100 values".
inline constexpr std::size_t emf_max_values_per_metric = 100;

// [spec] "The embedded metric format is subject to the same limits as
// standard CloudWatch Logs events and are limited to a maximum size of 1MB"
// (one PutLogEvents event: rules/put_log_events.h).
inline constexpr std::size_t emf_max_event_bytes = max_event_message_bytes;

// [spec] MetricDefinition.StorageResolution: "1 (high resolution) or 60
// (standard)"; 60 when absent.
inline constexpr int emf_high_resolution = 1;
inline constexpr int emf_standard_resolution = 60;
constexpr bool is_valid_storage_resolution(int seconds) noexcept {
  return seconds == emf_high_resolution || seconds == emf_standard_resolution;
}

// [datum] "CloudWatch rejects values that are either too small or too large.
// Values must be in the range of -2^360 to 2^360. In addition, special values
// (for example, NaN, +Infinity, -Infinity) are not supported."
bool is_valid_metric_value(double v) noexcept;

// [datum] Namespace 1-255 characters; [lib] characters [a-zA-Z0-9._#:/-];
// [datum] "Do not specify a namespace that begins with AWS/" (reserved).
inline constexpr std::size_t emf_max_namespace_length = 255;
bool is_valid_namespace(std::string_view ns) noexcept;

// [datum] MetricName 1-255 characters; [lib] printable ASCII (the libraries
// refuse other characters).
inline constexpr std::size_t emf_max_metric_name_length = 255;
bool is_valid_metric_name(std::string_view name) noexcept;

// [lib] dimension names 1-250 ASCII characters, not starting with ':';
// [datum] values 1-1024 characters, [lib] ASCII. [spec] "Members referenced
// as dimensions MUST have string values".
inline constexpr std::size_t emf_max_dimension_name_length = 250;
inline constexpr std::size_t emf_max_dimension_value_length = 1024;
bool is_valid_dimension_name(std::string_view name) noexcept;
bool is_valid_dimension_value(std::string_view value) noexcept;

// [spec] MetricDefinition.Unit: one of these names (case-sensitive); "None"
// when absent.
inline constexpr std::string_view emf_units[] = {"Seconds",
                                                 "Microseconds",
                                                 "Milliseconds",
                                                 "Bytes",
                                                 "Kilobytes",
                                                 "Megabytes",
                                                 "Gigabytes",
                                                 "Terabytes",
                                                 "Bits",
                                                 "Kilobits",
                                                 "Megabits",
                                                 "Gigabits",
                                                 "Terabits",
                                                 "Percent",
                                                 "Count",
                                                 "Bytes/Second",
                                                 "Kilobytes/Second",
                                                 "Megabytes/Second",
                                                 "Gigabytes/Second",
                                                 "Terabytes/Second",
                                                 "Bits/Second",
                                                 "Kilobits/Second",
                                                 "Megabits/Second",
                                                 "Gigabits/Second",
                                                 "Terabits/Second",
                                                 "Count/Second",
                                                 "None"};
bool is_valid_unit(std::string_view unit) noexcept;

// Why a name is refused, for error messages ("metric name \"\": 1-255
// printable ASCII characters").
std::string_view emf_namespace_rule() noexcept;
std::string_view emf_metric_name_rule() noexcept;
std::string_view emf_dimension_name_rule() noexcept;
std::string_view emf_dimension_value_rule() noexcept;

}  // namespace cwlog::detail
