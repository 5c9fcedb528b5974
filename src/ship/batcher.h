#pragma once
// Per-destination batching under every PutLogEvents rule (limits.h): events
// sorted by timestamp, at most 10,000 events and 1,048,576 bytes (message
// bytes + 26 per event), no event over the event size (split into numbered
// parts or truncated, on UTF-8 boundaries), at most 24 hours spanned, and no
// empty message.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <cwlog/options.h>

#include "ship/limits.h"

namespace cwlog::detail {

struct tenant_lane;

struct batch_limits {
  std::size_t max_events = max_batch_events;
  std::size_t max_bytes = max_batch_bytes;
  std::size_t max_message_bytes = max_event_message_bytes;
  std::chrono::milliseconds max_span = max_batch_span;
};

struct pending_event {
  static constexpr std::uint32_t no_destination = UINT32_MAX;  // `destination` of a fixed destination's copy

  std::int64_t timestamp_ms = 0;
  std::uint64_t seq = 0;        // acceptance order, the tie-break after the timestamp
  std::uint32_t part = 0;       // 0 for a whole record; 1..n for split parts
  std::string message;          // valid UTF-8, never empty, within max_message_bytes
  tenant_lane* lane = nullptr;  // queue accounting to release when settled
  std::size_t accounted = 0;
  std::int64_t enqueued_ns = 0;  // steady clock when the dispatcher took the record (<= one tick after log())
  std::uint8_t weight = 1;       // 1 for the event that stands for its record in counters
  // The configured destination (options::destinations index) this copy is
  // for, counted per destination when settled: two destinations may name the
  // same (group, stream) and share its batches. no_destination: fixed.
  std::uint32_t destination = no_destination;
  std::uint64_t spool_seq = 0;  // the record's number in the disk spool (spool_link.h); 0: none
};

// Turns one formatted message (valid UTF-8) into one or more events within
// the size limit: split gives "[1/3] ...", "[2/3] ..." parts cut on code point
// boundaries; truncate keeps the head and appends truncation_marker. The
// prototype's accounting is spread over the parts. Returns the number of events.
inline constexpr std::string_view truncation_marker = "...[truncated]";
std::size_t make_events(std::string message, const pending_event& prototype, oversize_policy policy,
                        std::size_t max_message_bytes, std::vector<pending_event>& out);

struct batch {
  std::vector<pending_event> events;  // sorted by (timestamp, seq)
  std::size_t bytes = 0;              // message bytes + 26 per event, as AWS counts
  std::uint64_t records() const noexcept {
    std::uint64_t n = 0;
    for (const auto& e : events) n += e.weight;
    return n;
  }
};

// Moves the events older than `cutoff_ms` (a sorted batch's head) out of `b`
// into the returned batch; both keep their byte counts right.
batch take_older_than(batch& b, std::int64_t cutoff_ms);

class batch_builder {
 public:
  explicit batch_builder(batch_limits limits = {}) : limits_(limits) {}

  void add(pending_event&& e);
  bool empty() const noexcept { return pending_.empty(); }
  std::size_t size() const noexcept { return pending_.size(); }
  // UTF-8 message bytes plus the per-event overhead of everything pending.
  std::size_t bytes() const noexcept { return bytes_; }
  // A whole batch's worth is pending: send without waiting for the interval.
  bool full() const noexcept { return pending_.size() >= limits_.max_events || bytes_ >= limits_.max_bytes; }
  // Steady-clock time of the oldest pending event's log() (INT64_MAX when none).
  std::int64_t oldest_enqueued_ns() const noexcept { return oldest_ns_; }

  // Takes the next batch: the earliest events, in order, within every limit.
  // What does not fit stays pending.
  batch cut();
  // Everything pending, for dropping (shutdown, missing group).
  std::vector<pending_event> take_all();

 private:
  batch_limits limits_;
  std::vector<pending_event> pending_;
  std::size_t bytes_ = 0;
  std::int64_t oldest_ns_ = INT64_MAX;
  bool sorted_ = true;
};

}  // namespace cwlog::detail
