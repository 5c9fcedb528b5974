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

// The first `limit` bytes of `s`, for reading, into every cache level.
inline void prefetch_for_read(std::string_view s, std::size_t limit = 256) noexcept {
  const std::size_t n = std::min(s.size(), limit);
  for (std::size_t at = 0; at < n; at += 64) __builtin_prefetch(s.data() + at, 0, 3);
}

// The same for writing: `n` bytes from `p`.
inline void prefetch_for_write(char* p, std::size_t n) noexcept {
  n = std::min<std::size_t>(n, 256);
  for (std::size_t at = 0; at < n; at += 64) __builtin_prefetch(p + at, 1, 3);
}

}  // namespace cwlog::detail
