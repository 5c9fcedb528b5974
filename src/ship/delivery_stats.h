#pragma once
// Delivery statistics: the copies routing made, what the senders settled
// (delivered, rejected, bytes, batches, possible duplicates) in total and per
// configured destination, retries, what formatting did to oversized records
// (split, truncated), what provisioning created, and the latency of each
// batch's oldest record from its pickup to its delivery. Relaxed atomics:
// counters() reads them while the threads run.
//
// Settling counts copies: a record routed to two destinations is settled
// twice, once per copy, so a copy dropped at one destination is never hidden
// by the other's delivery. `dest` is the configured destination's index
// (options::destinations order); an index past them (fixed destinations)
// counts in the totals only. Two configured destinations may name one
// (group, stream) and share its batches: a settlement is counted in the
// totals once and per destination for each destination's copies.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <cwlog/counters.h>

namespace cwlog::detail {

class delivery_stats {
 public:
  // The configured destinations' names; called once, before any thread runs.
  void set_destinations(const std::vector<std::string>& names);

  // The router made `copies` copies of `records` records; by_destination[i]
  // of them for configured destination i (copies to fixed destinations count
  // in the total only). Called once per dispatcher pass, not per record.
  void routed(std::uint64_t records, std::uint64_t copies,
              std::span<const std::uint64_t> by_destination) noexcept;
  // One successful PutLogEvents: `delivered` and `rejected` copies, their
  // message bytes, events that may be stored twice, and the latency of the
  // batch's oldest record (negative: none to report).
  void put_settled(std::uint64_t delivered, std::uint64_t rejected, std::uint64_t bytes,
                   std::uint64_t duplicates, std::int64_t latency_us) noexcept;
  // Of a settled put, destination `dest`'s share (its copies in the batch).
  void destination_settled(std::size_t dest, std::uint64_t delivered, std::uint64_t rejected,
                           std::uint64_t duplicates) noexcept;
  // Copies of destination `dest` dropped (the reason is also counted in
  // drop_counters by the engine); they are settled all the same.
  void copies_dropped(std::size_t dest, drop_reason reason, std::uint64_t copies) noexcept;
  // A record dropped after log() accepted it but before routing made copies.
  void dropped_downstream(std::uint64_t records) noexcept { dropped_downstream_.fetch_add(records, relaxed); }
  void retried() noexcept { retried_.fetch_add(1, relaxed); }
  void split() noexcept { split_.fetch_add(1, relaxed); }
  void truncated() noexcept { truncated_.fetch_add(1, relaxed); }
  void group_created() noexcept { groups_created_.fetch_add(1, relaxed); }
  void stream_created() noexcept { streams_created_.fetch_add(1, relaxed); }

  // Settlements downstream of the queue: copies delivered, rejected or
  // dropped, and records dropped before routing. (Evictions settle in the
  // queue.)
  std::uint64_t settled() const noexcept {
    return delivered_.load(relaxed) + rejected_.load(relaxed) + dropped_downstream_.load(relaxed);
  }
  // Settlements owed beyond one per accepted record: the second and later
  // copies of every routed record.
  std::uint64_t extra_copies() const noexcept { return copies_.load(relaxed) - routed_.load(relaxed); }
  // Fills every member this part owns (not the drop totals, queue or live
  // destinations).
  void copy_to(delivery_counters& c) const;

 private:
  static constexpr auto relaxed = std::memory_order_relaxed;
  struct per_destination {
    std::string name;
    std::atomic<std::uint64_t> copies{0}, delivered{0}, rejected{0}, duplicated{0};
    std::array<std::atomic<std::uint64_t>, drop_reason_count> dropped{};
  };
  per_destination* slot(std::size_t dest) const noexcept {
    return dest < dest_count_ ? &dests_[dest] : nullptr;
  }

  std::unique_ptr<per_destination[]> dests_;
  std::size_t dest_count_ = 0;
  std::atomic<std::uint64_t> routed_{0}, copies_{0}, delivered_{0}, rejected_{0}, dropped_downstream_{0},
      retried_{0}, duplicated_{0}, split_{0}, truncated_{0}, bytes_{0}, batches_{0}, groups_created_{0},
      streams_created_{0}, latency_n_{0}, latency_total_us_{0}, latency_max_us_{0};
};

}  // namespace cwlog::detail
