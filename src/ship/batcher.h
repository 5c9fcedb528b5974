#pragma once
// Per-destination batching under every PutLogEvents rule (limits.h): events
// sorted by timestamp, at most 10,000 events and 1,048,576 bytes (message
// bytes + 26 per event), no event over the event size (split into numbered
// parts or truncated, on UTF-8 boundaries), at most 24 hours spanned, and no
// empty message.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/options.h>

#include "ship/limits.h"
#include "ship/wire_buffer.h"

namespace cwlog::detail {

struct tenant_lane;

struct batch_limits {
  std::size_t max_events = max_batch_events;
  std::size_t max_bytes = max_batch_bytes;
  std::size_t max_message_bytes = max_event_message_bytes;
  std::chrono::milliseconds max_span = max_batch_span;
};

// One event of a batch: its wire form (put_log_events_body.h), which lies in a
// wire_buffer (the dispatcher's for the pass, then its batch's), and what
// settles it. Kept to 72 bytes: batches hold many, sort them and copy them as
// they grow, and with many destinations the downstream budget holds fewer
// events the larger each is (so batches are smaller).
struct pending_event {
  static constexpr std::uint32_t no_destination = UINT32_MAX;  // `destination` of a fixed destination's copy

  std::int64_t timestamp_ms = 0;
  std::uint64_t seq = 0;        // acceptance order, the tie-break after the timestamp
  tenant_lane* lane = nullptr;  // queue accounting to release when settled
  std::size_t accounted = 0;
  std::int64_t enqueued_ns = 0;  // steady clock when the dispatcher took the record (<= one tick after log())
  std::uint64_t spool_seq = 0;   // the record's number in the disk spool (spool_link.h); 0: none
  std::uint32_t part = 0;        // 0 for a whole record; 1..n for split parts
  std::uint32_t message_bytes = 0;  // the message's UTF-8 bytes, as AWS counts them
  // The configured destination (options::destinations index) this copy is
  // for, counted per destination when settled: two destinations may name the
  // same (group, stream) and share its batches. no_destination: fixed.
  std::uint32_t destination = no_destination;

  // {"timestamp":…,"message":"…"}: at most a few MB (an escaped event), so its size fits 32 bits.
  std::string_view wire() const noexcept { return {wire_data_, wire_size_}; }
  void set_wire(std::string_view w) noexcept {
    wire_data_ = w.data();
    wire_size_ = static_cast<std::uint32_t>(w.size());
  }
  // 1 for the event that stands for its copy of a record in counters: a
  // whole record's event, or the first part of a split one.
  std::uint32_t weight() const noexcept { return part <= 1 ? 1 : 0; }

 private:
  std::uint32_t wire_size_ = 0;
  const char* wire_data_ = nullptr;
};
static_assert(sizeof(pending_event) == 72 || sizeof(void*) != 8);

// Turns one formatted message (valid UTF-8) into one or more events within
// the size limit, their wire forms written to `wire`: split gives
// "[1/3] ...", "[2/3] ..." parts cut on code point boundaries; truncate keeps
// the head and appends truncation_marker; an empty message becomes
// empty_message_placeholder. The prototype's accounting is spread over the
// parts. Returns the number of events.
inline constexpr std::string_view truncation_marker = "...[truncated]";
std::size_t make_events(std::string_view message, const pending_event& prototype, oversize_policy policy,
                        std::size_t max_message_bytes, wire_buffer& wire, std::vector<pending_event>& out);

// One event whose wire form is written already, in `wire` (format_json.h's
// write_json_event); its message of `message_bytes` is within the size limit.
void make_encoded_event(std::string_view placed, std::size_t message_bytes, const pending_event& prototype,
                        std::vector<pending_event>& out);

// What an event of `wire_bytes` holds in a growing batch, with room to
// spare: its wire form and an eighth (the chunks' growth), and its
// pending_event twice over (the vector's doubling). The dispatcher sizes its
// drains by it (memory_ledger::downstream_room); what is charged is what
// batches really hold (batch::held).
constexpr std::size_t event_charge(std::size_t wire_bytes) noexcept {
  return wire_bytes + wire_bytes / wire_buffer::growth_divisor + 1 + 2 * sizeof(pending_event);
}

// A PutLogEvents request's worth of events; their wire forms are the request's
// logEvents as they are, so that a sender only frames and signs them.
struct batch {
  std::vector<pending_event> events;  // sorted by (timestamp, seq, part)
  // Where the events' wire forms lie, each followed by a comma: events still
  // in the order they came are one run of the request's body (wire_runs).
  wire_buffer wire;
  std::size_t bytes = 0;  // message bytes + 26 per event, as AWS counts
  // The memory charged downstream for this batch (memory_ledger): its storage
  // as the builder allocated it, reserved room included. settled() releases it.
  std::size_t held = 0;

  std::uint64_t records() const noexcept {
    std::uint64_t n = 0;
    for (const auto& e : events) n += e.weight();
    return n;
  }
};

// The batch's events as the request's logEvents carry them, in the fewest
// pieces: each piece is one or more events in order, joined by the commas
// that follow them in the batch's buffer; the request puts a comma between
// pieces. One piece unless sorting moved events or a chunk ended.
std::vector<std::string_view> wire_runs(const batch& b);

// Moves the events older than `cutoff_ms` (a sorted batch's head) out of `b`
// into the returned batch (their wire forms copied); both keep their byte
// counts right. The memory charge (held) stays with `b`, or goes with the
// returned batch when `b` is left empty.
batch take_older_than(batch& b, std::int64_t cutoff_ms);

// Events go into the open batch as they come, their wire forms copied into
// its buffer; it is closed when the next one would break a rule (count,
// bytes, 24-hour span), and sorted when closed if they came out of order.
// A batch's storage grows with it, except after a batch that closed full:
// a destination that fills its batches fills the next one too, so its room is
// reserved at once (no regrowth of a 10,000-event vector, a chunk or two).
// Batches cut before they are full (a flush interval, memory pressure, many
// destinations) reserve nothing: reserved room is charged from the first
// event, and with many destinations the downstream budget would then hold
// fewer events, and batches would be smaller.
class batch_builder {
 public:
  explicit batch_builder(batch_limits limits = {}) : limits_(limits) {}

  // `e` as make_events made it (its wire form is copied). Returns the bytes of
  // storage this allocated (0 mostly), for the memory ledger.
  std::size_t add(pending_event e);
  bool empty() const noexcept { return closed_.empty() && open_.events.empty(); }
  std::size_t size() const noexcept;
  // UTF-8 message bytes plus the per-event overhead of everything pending.
  std::size_t bytes() const noexcept { return bytes_; }
  // A whole batch's worth is pending: send without waiting for the interval.
  bool full() const noexcept { return !closed_.empty(); }
  // Steady-clock time of the oldest pending event's log() (INT64_MAX when none).
  std::int64_t oldest_enqueued_ns() const noexcept { return oldest_ns_; }

  // Takes the next batch (the first closed one, else the open one), sorted
  // and within every limit.
  batch cut();

 private:
  struct open_batch_state {
    std::int64_t min_ts = INT64_MAX;
    std::int64_t max_ts = INT64_MIN;
    std::int64_t oldest_ns = INT64_MAX;
    bool sorted = true;
  };
  bool fits_open(const pending_event& e) const noexcept;
  void close_open(bool full);

  batch_limits limits_;
  struct storage_size {
    std::size_t events = 0;
    std::size_t wire_bytes = 0;
  };
  storage_size reserve_;  // for the next batch: the last one's, if it closed full
  batch open_;
  open_batch_state state_;
  struct closed_batch {
    batch b;  // sorted
    std::int64_t oldest_ns;
  };
  std::deque<closed_batch> closed_;  // in the order they closed
  std::size_t bytes_ = 0;
  std::int64_t oldest_ns_ = INT64_MAX;
};

}  // namespace cwlog::detail
