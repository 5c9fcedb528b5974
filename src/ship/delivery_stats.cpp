#include "ship/delivery_stats.h"

namespace cwlog::detail {

void delivery_stats::put_settled(std::uint64_t delivered, std::uint64_t rejected, std::uint64_t bytes,
                                 std::uint64_t duplicates, std::int64_t latency_us) noexcept {
  duplicated_.fetch_add(duplicates, relaxed);
  delivered_.fetch_add(delivered, relaxed);
  rejected_.fetch_add(rejected, relaxed);
  bytes_.fetch_add(bytes, relaxed);
  batches_.fetch_add(1, relaxed);
  if (latency_us < 0) return;
  const auto us = static_cast<std::uint64_t>(latency_us);
  latency_n_.fetch_add(1, relaxed);
  latency_total_us_.fetch_add(us, relaxed);
  auto prev = latency_max_us_.load(relaxed);
  while (us > prev && !latency_max_us_.compare_exchange_weak(prev, us, relaxed)) {
  }
}

void delivery_stats::copy_to(delivery_counters& c) const noexcept {
  c.delivered = delivered_.load(relaxed);
  c.rejected = rejected_.load(relaxed);
  c.retried = retried_.load(relaxed);
  c.duplicated = duplicated_.load(relaxed);
  c.split = split_.load(relaxed);
  c.truncated = truncated_.load(relaxed);
  c.bytes_delivered = bytes_.load(relaxed);
  c.batches = batches_.load(relaxed);
  c.groups_created = groups_created_.load(relaxed);
  c.streams_created = streams_created_.load(relaxed);
  c.latency_samples = latency_n_.load(relaxed);
  c.latency_total_us = latency_total_us_.load(relaxed);
  c.latency_max_us = latency_max_us_.load(relaxed);
}

}  // namespace cwlog::detail
