#pragma once
// The PutLogEvents rules, as named constants with where each comes from. Used
// by the shipper's batcher (src/ship) and checked by `cwlog local`'s
// PutLogEvents (src/local), so a batch the one builds is a batch the other
// accepts. Source: AWS API reference, PutLogEvents
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
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
// can carry at most 1,048,550 UTF-8 bytes.
inline constexpr std::size_t max_event_message_bytes = max_batch_bytes - per_event_overhead_bytes;

// InputLogEvent.message: "Length Constraints: Minimum length of 1."
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_InputLogEvent.html
inline constexpr std::size_t min_event_message_bytes = 1;

// "A batch of log events in a single request must be in a chronological order"
// and "cannot span more than 24 hours. Otherwise, the operation fails."
inline constexpr std::chrono::milliseconds max_batch_span = std::chrono::hours(24);

// "None of the log events in the batch can be more than 2 hours in the future"
// and "more than 14 days in the past" (nor older than the group's retention):
// such events are rejected one by one (rejectedLogEventsInfo), the rest stored.
inline constexpr std::chrono::milliseconds max_event_future = std::chrono::hours(2);
inline constexpr std::chrono::milliseconds max_event_age = std::chrono::days(14);

// The oldest timestamp (ms since the epoch) the service stores at `now_ms`:
// 14 days back, or the group's retention if that is shorter ("The log events
// in the batch are older than the retention period of the log group", the
// same page, answered as expiredLogEventEndIndex).
constexpr std::int64_t oldest_accepted_ms(std::int64_t now_ms, int retention_days = 0) noexcept {
  std::int64_t age = max_event_age.count();
  if (retention_days > 0) {
    const std::int64_t retention = std::chrono::milliseconds(std::chrono::days(retention_days)).count();
    if (retention < age) age = retention;
  }
  return now_ms - age;
}

}  // namespace cwlog::detail
