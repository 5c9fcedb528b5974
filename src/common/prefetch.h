#pragma once
// Reading ahead through buffers another core wrote last: the dispatcher's
// event buffers, read by a sender as it encodes a batch, and the same buffers
// when the dispatcher takes them back from the pool (message_pool.h) to write
// the next events into. Each is a heap block of its own, so the hardware's
// stream prefetcher does not see them coming; fetched a few items ahead,
// their lines are in cache when the loop reaches them instead of one miss
// after another (bench/README.md). The records' buffers on the dispatcher
// measured no difference (it copied them itself), so they are not fetched.
#include <algorithm>
#include <cstddef>
#include <string_view>

namespace cwlog::detail {

// Items a loop fetches ahead: a miss costs about what four 100-byte events
// take to encode.
inline constexpr std::size_t prefetch_distance = 4;

// Bytes fetched of each item at most: a 100-byte record's JSON event is about 190.
inline constexpr std::size_t prefetch_bytes = 256;

enum class prefetch_for { read = 0, write = 1 };

// The first prefetch_bytes of `bytes`, into every cache level.
template <prefetch_for Use>
inline void prefetch(std::string_view bytes) noexcept {
  const std::size_t n = std::min(bytes.size(), prefetch_bytes);
  for (std::size_t at = 0; at < n; at += 64) __builtin_prefetch(bytes.data() + at, static_cast<int>(Use), 3);
}

}  // namespace cwlog::detail
