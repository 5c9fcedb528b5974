#pragma once
// The one account of the bytes a shipper holds, bounded by
// shipping.queue_bytes. A record's bytes are charged to its tenant's lane
// from log() until the record is settled (record_queue), wherever it is: in
// the queue, or as events in a destination's builder, a ready batch or a
// request (each event carries its share of the record's charge, `accounted`).
// So formatting never moves what the bound counts, and the queue's admission
// keeps it exact. Beside it the ledger counts what the events themselves
// hold downstream (their batches' storage, batch::held), which the dispatcher
// drains against:
//  - formatted(): records became events: dropped ones release their charge
//    (`deltas`);
//  - holding(): builders allocated storage for events, now downstream;
//  - settled(): a batch delivered, rejected or dropped releases its records'
//    charge and its storage leaves downstream;
//  - downstream_room(): the dispatcher drains the queue only while the bytes
//    downstream are under downstream_limit(), so under pressure most bytes
//    stay in the fair queue, where per-tenant eviction chooses what to drop.
//    What events hold beyond their records' charge is at most that limit
//    (the overload RSS bound, queue_bytes + 16 MiB, allows for it).
// Thread-safe (the queue locks; the downstream total is atomic).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "ship/batcher.h"
#include "ship/record_queue.h"

namespace cwlog::detail {

using lane_deltas = std::vector<std::pair<tenant_lane*, std::ptrdiff_t>>;

class memory_ledger {
 public:
  // `queue` (capacity queue_bytes) must outlive the ledger.
  explicit memory_ledger(record_queue& queue);

  // Enough downstream for every sender to have full batches lined up, yet
  // little enough that under pressure most records stay in the fair queue:
  // a quarter of queue_bytes within [2 MiB, 16 MiB], never over half of it.
  static std::size_t downstream_limit_for(std::size_t queue_bytes) noexcept;

  std::size_t downstream_limit() const noexcept { return downstream_limit_; }
  std::int64_t downstream_bytes() const noexcept { return downstream_.load(std::memory_order_relaxed); }
  // How many bytes of records the next drain may take out of the queue: the
  // room left downstream, divided by how much records grew when the last
  // pass formatted them (their events are charged more than the records were:
  // escaped JSON in batch bodies), so that the drained records' events fit.
  std::size_t downstream_room() const noexcept;
  // Three quarters of the downstream budget are in use.
  bool under_pressure() const noexcept;

  // Records were formatted: per lane, the charge of those dropped instead is
  // released (`deltas`); events that can hold up to `events_charge` bytes
  // (event_charge) were made from records charged `from_records` bytes: the
  // growth the next drain allows for.
  void formatted(const lane_deltas& deltas, std::size_t events_charge, std::size_t from_records);
  // Builders allocated `bytes` of batch storage (before any of those batches can settle).
  void holding(std::size_t bytes) noexcept;
  // A batch is settled: its records' charge leaves their lanes, its storage (b.held) downstream.
  void settled(const batch& b);
  // Drained records dropped before they were formatted (shutdown).
  void dropped_unformatted(const std::vector<queued_record>& records);

 private:
  record_queue& queue_;
  std::size_t downstream_limit_;
  std::atomic<std::int64_t> downstream_{0};
  // Events' event_charge per byte of their records' charge in the last pass, in
  // sixteenths, within [1, 16]: what downstream_room() divides by. Before the
  // first pass, the most: the first drain is small, not over the bound.
  static constexpr std::size_t max_growth_x16 = 16 * 16;
  std::atomic<std::size_t> growth_x16_{max_growth_x16};
};

}  // namespace cwlog::detail
