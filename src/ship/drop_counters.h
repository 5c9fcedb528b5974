#pragma once
// Drop counts by reason, shared by the queue (caller side) and the engine
// (delivery side). Relaxed atomics: they are statistics, read in snapshots.
#include <array>
#include <atomic>
#include <cstdint>

#include <cwlog/counters.h>

namespace cwlog::detail {

class drop_counters {
 public:
  void add(drop_reason r, std::uint64_t n = 1) noexcept {
    counts_[static_cast<std::size_t>(r)].fetch_add(n, std::memory_order_relaxed);
  }
  std::uint64_t get(drop_reason r) const noexcept {
    return counts_[static_cast<std::size_t>(r)].load(std::memory_order_relaxed);
  }
  std::uint64_t total() const noexcept {
    std::uint64_t n = 0;
    for (const auto& c : counts_) n += c.load(std::memory_order_relaxed);
    return n;
  }
  void copy_to(std::array<std::uint64_t, drop_reason_count>& out) const noexcept {
    for (std::size_t i = 0; i < drop_reason_count; ++i) out[i] = counts_[i].load(std::memory_order_relaxed);
  }

 private:
  std::array<std::atomic<std::uint64_t>, drop_reason_count> counts_{};
};

}  // namespace cwlog::detail
