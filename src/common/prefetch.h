#pragma once
// Reading ahead through buffers another core wrote: the dispatcher's event
// buffers, read by a sender as it encodes a batch. Each is a heap block of its
// own, so the hardware's stream prefetcher does not see them coming; fetched
// a few events ahead, their lines are in cache when the loop reaches them
// instead of one miss after another (bench/README.md: 5-7 % of the shipping
// process's CPU per event). The same for the records' buffers on the
// dispatcher measured no difference, so it is not done there.
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

}  // namespace cwlog::detail
