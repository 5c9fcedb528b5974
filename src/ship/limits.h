#pragma once
// PutLogEvents rules as named constants, each with where it comes from:
// AWS API reference, PutLogEvents
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html)
// and /work/shared/reference/cloudwatch-logs-facts.md (checked late 2026).
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace cwlog::detail {

// "The maximum batch size is 1,048,576 bytes. This size is calculated as the
// sum of all event messages in UTF-8, plus 26 bytes for each log event."
inline constexpr std::size_t max_batch_bytes = 1'048'576;
inline constexpr std::size_t per_event_overhead_bytes = 26;

// "The maximum number of log events in a batch is 10,000."
inline constexpr std::size_t max_batch_events = 10'000;

// "Each log event can be no larger than 1 MB" (raised from 256 KB in April
// 2025). Since the batch bound counts 26 bytes per event, one event's message
// can carry at most this many UTF-8 bytes.
inline constexpr std::size_t max_event_message_bytes = max_batch_bytes - per_event_overhead_bytes;

// "A batch of log events in a single request cannot span more than 24 hours."
inline constexpr std::chrono::milliseconds max_batch_span = std::chrono::hours(24);

// InputLogEvent.message has min length 1 (service model): an empty message
// fails the whole call, so it is replaced by this.
inline constexpr const char* empty_message_placeholder = "(empty)";

// Retries: exponential backoff with full jitter (AWS Architecture Blog,
// "Exponential Backoff And Jitter"), so a fleet retrying together spreads out.
inline constexpr std::chrono::milliseconds default_backoff_base{100};
inline constexpr std::chrono::milliseconds default_backoff_cap{5000};

// With create_group=false a missing group is reported once; the shipper checks
// again only after this long (the group may be created later, e.g. by Terraform).
inline constexpr std::chrono::seconds missing_group_recheck{60};

}  // namespace cwlog::detail
