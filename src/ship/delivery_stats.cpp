#include "ship/delivery_stats.h"

namespace cwlog::detail {

void delivery_stats::set_destinations(const std::vector<std::string>& names) {
  dests_ = std::make_unique<per_destination[]>(names.size());
  dest_count_ = names.size();
  for (std::size_t i = 0; i < names.size(); ++i) dests_[i].name = names[i];
}

void delivery_stats::routed(std::uint64_t records, std::uint64_t copies,
                            std::span<const std::uint64_t> by_destination) noexcept {
  // Copies first: a reader between the two adds sees more extra copies than
  // there are (a flush waits on), never fewer.
  copies_.fetch_add(copies, relaxed);
  routed_.fetch_add(records, relaxed);
  for (std::size_t i = 0; i < by_destination.size(); ++i)
    if (by_destination[i] != 0)
      if (auto* d = slot(i)) d->copies.fetch_add(by_destination[i], relaxed);
}

void delivery_stats::copies_dropped(std::size_t dest, drop_reason reason, std::uint64_t copies) noexcept {
  dropped_downstream_.fetch_add(copies, relaxed);
  if (auto* d = slot(dest)) d->dropped[static_cast<std::size_t>(reason)].fetch_add(copies, relaxed);
}

void delivery_stats::destination_settled(std::size_t dest, std::uint64_t delivered, std::uint64_t rejected,
                                         std::uint64_t duplicates) noexcept {
  if (auto* d = slot(dest)) {
    d->delivered.fetch_add(delivered, relaxed);
    d->rejected.fetch_add(rejected, relaxed);
    d->duplicated.fetch_add(duplicates, relaxed);
  }
}

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

void delivery_stats::copy_to(delivery_counters& c) const {
  c.routed = routed_.load(relaxed);
  c.copies = copies_.load(relaxed);
  c.per_destination.resize(dest_count_);
  for (std::size_t i = 0; i < dest_count_; ++i) {
    const auto& d = dests_[i];
    auto& out = c.per_destination[i];
    out.name = d.name;
    out.copies = d.copies.load(relaxed);
    out.delivered = d.delivered.load(relaxed);
    out.rejected = d.rejected.load(relaxed);
    out.duplicated = d.duplicated.load(relaxed);
    for (std::size_t r = 0; r < drop_reason_count; ++r) out.dropped[r] = d.dropped[r].load(relaxed);
  }
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
