#pragma once
// Delivery statistics: what the senders settled (delivered, rejected, bytes,
// batches, possible duplicates), retries, what formatting did to oversized
// records (split, truncated), what provisioning created, and the latency of
// each batch's oldest record from its pickup to its delivery. Relaxed
// atomics: counters() reads them while the threads run.
#include <atomic>
#include <cstdint>

#include <cwlog/counters.h>

namespace cwlog::detail {

class delivery_stats {
 public:
  // One successful PutLogEvents: `delivered` and `rejected` records (by
  // weight), their message bytes, events that may be stored twice, and the
  // latency of the batch's oldest record (negative: none to report).
  void put_settled(std::uint64_t delivered, std::uint64_t rejected, std::uint64_t bytes,
                   std::uint64_t duplicates, std::int64_t latency_us) noexcept;
  // Records dropped after log() accepted them (the reason is counted in
  // drop_counters); they are settled all the same.
  void dropped_downstream(std::uint64_t records) noexcept { dropped_downstream_.fetch_add(records, relaxed); }
  void retried() noexcept { retried_.fetch_add(1, relaxed); }
  void split() noexcept { split_.fetch_add(1, relaxed); }
  void truncated() noexcept { truncated_.fetch_add(1, relaxed); }
  void group_created() noexcept { groups_created_.fetch_add(1, relaxed); }
  void stream_created() noexcept { streams_created_.fetch_add(1, relaxed); }

  // Accepted records whose fate is decided downstream of the queue:
  // delivered, rejected or dropped there. (Evictions settle in the queue.)
  std::uint64_t settled() const noexcept {
    return delivered_.load(relaxed) + rejected_.load(relaxed) + dropped_downstream_.load(relaxed);
  }
  // Fills every member this part owns (not drops, queue or destinations).
  void copy_to(delivery_counters& c) const noexcept;

 private:
  static constexpr auto relaxed = std::memory_order_relaxed;
  std::atomic<std::uint64_t> delivered_{0}, rejected_{0}, dropped_downstream_{0}, retried_{0}, duplicated_{0},
      split_{0}, truncated_{0}, bytes_{0}, batches_{0}, groups_created_{0}, streams_created_{0},
      latency_n_{0}, latency_total_us_{0}, latency_max_us_{0};
};

}  // namespace cwlog::detail
