#include "ship/memory_ledger.h"

#include <algorithm>
#include <unordered_map>

namespace cwlog::detail {

memory_ledger::memory_ledger(record_queue& queue)
    : queue_(queue), downstream_limit_(downstream_limit_for(queue.capacity())) {}

std::size_t memory_ledger::downstream_limit_for(std::size_t queue_bytes) noexcept {
  const std::size_t limit =
      std::clamp<std::size_t>(queue_bytes / 4, std::size_t{2} << 20, std::size_t{16} << 20);
  return std::min(limit, queue_bytes / 2);
}

std::size_t memory_ledger::downstream_room() const noexcept {
  const std::int64_t room = static_cast<std::int64_t>(downstream_limit_) - downstream_bytes();
  if (room <= 0) return 0;
  return static_cast<std::size_t>(room) * 16 / growth_x16_.load(std::memory_order_relaxed);
}

bool memory_ledger::under_pressure() const noexcept {
  return downstream_bytes() * 4 >= static_cast<std::int64_t>(downstream_limit_) * 3;
}

void memory_ledger::formatted(const lane_deltas& deltas, std::size_t events_charge,
                              std::size_t from_records) {
  queue_.adjust(deltas);
  if (from_records > 0) {
    const std::size_t x16 = std::clamp<std::size_t>(events_charge * 16 / from_records, 16, max_growth_x16);
    growth_x16_.store(x16, std::memory_order_relaxed);
  }
}

void memory_ledger::holding(std::size_t bytes) noexcept {
  downstream_.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
}

void memory_ledger::settled(const batch& b) {
  std::unordered_map<tenant_lane*, std::ptrdiff_t> by_lane;
  // A batch's events come in runs of one lane: one lookup per run.
  tenant_lane* lane = nullptr;
  std::ptrdiff_t run = 0;
  for (const auto& e : b.events) {
    if (e.lane != lane) {
      if (run != 0) by_lane[lane] -= run;
      lane = e.lane;
      run = 0;
    }
    run += static_cast<std::ptrdiff_t>(e.accounted);
  }
  if (run != 0) by_lane[lane] -= run;
  queue_.adjust(lane_deltas(by_lane.begin(), by_lane.end()));
  downstream_.fetch_sub(static_cast<std::int64_t>(b.held), std::memory_order_relaxed);
}

void memory_ledger::dropped_unformatted(const std::vector<queued_record>& records) {
  lane_deltas releases;
  releases.reserve(records.size());
  for (const auto& r : records) releases.emplace_back(r.lane, -static_cast<std::ptrdiff_t>(r.accounted));
  queue_.adjust(releases);
}

}  // namespace cwlog::detail
