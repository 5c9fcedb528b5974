#pragma once
// A snapshot of what the shipper did, read with shipper::counters(). Routing
// makes one copy of a record per destination it goes to; every copy ends up in
// exactly one of: delivered, rejected (by the service, see
// rejectedLogEventsInfo), dropped (by reason) or still pending (queued,
// batched or in flight). A record dropped before routing (queue full, no
// destination, ...) counts once, as one dropped record.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/export.h>

namespace cwlog {

// Why a record was not delivered; each has its own counter.
enum class drop_reason : std::uint8_t {
  queue_full,         // drop_newest (or hard-full queue): the record being logged was refused
  evicted,            // drop_oldest or tenant fairness: a queued record made room for another
  block_timeout,      // overflow_policy::block waited block_timeout without space
  below_min_level,    // options::min_level / logger_min_levels
  dropped_by_rule,    // a route rule with drop: true
  no_destination,     // no rule matched and there is no default destination
  invalid_name,       // the group or stream name built from templates is not allowed by AWS
  group_missing,      // create_group=false and the group does not exist
  retries_exhausted,  // max_attempts spent on failures that are not transient (credentials, clock,
                      // a group deleted again and again); transient ones are retried while young
  service_error,      // a non-retryable error from the service (access denied, invalid, ...)
  shutdown_deadline,  // still undelivered when shutdown's deadline passed
  stopped,            // logged after shutdown() began
  forked,             // logged in a child process after fork() (its sender threads do not exist)
  too_old,            // older than CloudWatch accepts (14 days, or the group's retention) by the
                      // time a retry could send it
};

// The number of drop reasons (the last one's value + 1); a new reason goes
// last and updates this, and changes delivery_counters' layout (docs/api.md, ABI).
inline constexpr std::size_t drop_reason_count = static_cast<std::size_t>(drop_reason::too_old) + 1;

// "queue_full", "evicted", ... (the enumerator's name).
CWLOG_API std::string_view to_string(drop_reason reason) noexcept;

// What happened to the copies sent to one configured destination (by its
// name in options::destinations; not per rendered group, which tenants make
// unbounded). Copies to fixed destinations (cwlog/destination.h) are in the
// totals only.
struct destination_counters {
  std::string name;
  std::uint64_t copies = 0;      // copies routed here
  std::uint64_t delivered = 0;   // copies stored by the service
  std::uint64_t rejected = 0;    // copies refused one by one by the service
  std::uint64_t duplicated = 0;  // events that may be stored twice (see delivery_counters)
  std::array<std::uint64_t, drop_reason_count> dropped{};  // copies dropped, by reason

  std::uint64_t dropped_total() const noexcept {
    std::uint64_t n = 0;
    for (auto d : dropped) n += d;
    return n;
  }
};

// The disk spool (docs/spool.md), in records; all zero when
// shipping.spool_dir is empty.
struct spool_totals {
  bool enabled = false;
  std::uint64_t appended = 0;          // records written to this shipper's own spool files
  std::uint64_t replayed = 0;          // records dead shippers left, sent again by this one
  std::uint64_t adopted_dirs = 0;      // spool directories of dead shippers taken over
  std::uint64_t settled = 0;           // records removed: every copy delivered, rejected or dropped
  std::uint64_t waited_full = 0;       // times records found the spool full (spool_bytes) and waited in
                                       // memory, where the overflow policy acts on callers
  std::uint64_t memory_only = 0;       // records too large for a segment, shipped from memory only
  std::uint64_t write_errors = 0;      // failed writes, syncs, creates (each also a diagnostic)
  std::uint64_t unwritten = 0;         // records a write error kept off the disk (still in memory)
  std::uint64_t damaged = 0;           // damage skipped in adopted segments: CRC mismatches, corrupt
                                       // regions, torn tails (the records in it are lost)
  std::uint64_t skipped_bytes = 0;     // bytes of that damage
  std::uint64_t unreadable_files = 0;  // foreign or newer-format segment files, left in place
  std::uint64_t bytes = 0;             // this shipper's spool files, written and buffered
  std::uint64_t left = 0;  // after shutdown(): records left on disk unsettled, for the next shipper
};

// The shipper's counters (see the top of this file for how they add up).
struct delivery_counters {
  std::uint64_t enqueued = 0;   // records accepted by log()
  std::uint64_t routed = 0;     // records the router gave at least one destination
  std::uint64_t copies = 0;     // (record, destination) copies made by routing: >= routed
  std::uint64_t delivered = 0;  // copies stored by the service (split parts count once per copy)
  std::uint64_t rejected = 0;   // copies refused one by one (too old, too new, expired)
  // Indexed by drop_reason. Reasons decided before routing (queue_full, evicted,
  // block_timeout, below_min_level, dropped_by_rule, no_destination,
  // invalid_name, stopped, forked) count records; the others count copies.
  // shutdown_deadline counts copies, and records still queued (not yet routed) once each.
  std::array<std::uint64_t, drop_reason_count> dropped{};
  std::uint64_t retried = 0;          // requests sent again (throttling, 5xx, network, missing group)
  std::uint64_t duplicated = 0;       // events resent after a failure whose outcome was unknown:
                                      // the service may hold them twice (at-least-once)
  std::uint64_t split = 0;            // records cut into numbered parts (oversize_policy::split)
  std::uint64_t truncated = 0;        // records truncated (oversize_policy::truncate)
  std::uint64_t bytes_delivered = 0;  // UTF-8 message bytes of delivered events
  std::uint64_t batches = 0;          // successful PutLogEvents calls
  std::uint64_t groups_created = 0;
  std::uint64_t streams_created = 0;
  // Delivery latency per batch (its oldest record): from when the background thread took the
  // record (at most one 10 ms tick after log()) to the service's answer.
  std::uint64_t latency_samples = 0;
  std::uint64_t latency_total_us = 0;
  std::uint64_t latency_max_us = 0;
  // Queue occupancy at the time of the snapshot.
  std::size_t queue_bytes = 0;
  std::size_t queue_capacity = 0;
  std::size_t destinations = 0;  // live (group, stream) states; idle ones expire
  // One entry per configured destination, in the order of options::destinations.
  std::vector<destination_counters> per_destination;
  spool_totals spool;

  std::uint64_t dropped_total() const noexcept {
    std::uint64_t n = 0;
    for (auto d : dropped) n += d;
    return n;
  }
  std::uint64_t dropped_by(drop_reason r) const noexcept { return dropped[static_cast<std::size_t>(r)]; }
};

}  // namespace cwlog
