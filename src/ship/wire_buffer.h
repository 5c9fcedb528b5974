#pragma once
// A batch's events in their wire form ({"timestamp":…,"message":"…"}), in
// chunks that never move: an event's bytes stay where they were written, so
// sorting a batch reorders only its events, and nothing is copied again until
// the request body is written. A buffer may be given its size up front
// (reserve); beyond that each new chunk holds four events of the size of the
// one that opens it (up to 16 KiB; a larger event gets a chunk of its own
// size), or an eighth of what the buffer holds if that is more.
// Four, because a chunk's tail too short for the next event is lost, and
// small batches (tens of events, as with many destinations under memory
// pressure) matter: with one event per chunk they lost a quarter of their
// room to tails and cost an allocation per event. The memory ledger charges
// what a batch has allocated, used or not (reserved(); batcher.h, batch::held).
#include <algorithm>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace cwlog::detail {

class wire_buffer {
 public:
  // A new chunk holds at least an eighth of what the buffer holds, and room
  // for this many events like the one that opens it.
  static constexpr std::size_t growth_divisor = 8;
  static constexpr std::size_t min_events_per_chunk = 4;
  static constexpr std::size_t max_small_chunk = std::size_t{16} << 10;

  // Room for `bytes` before the next allocation (a buffer that holds none).
  void reserve(std::size_t bytes) {
    if (chunks_.empty() && bytes > 0) add_chunk(bytes);
  }

  // Copies `w` in; the returned view stays valid while the buffer lives
  // (moves included).
  std::string_view append(std::string_view w) {
    char* at = room_for(w.size());
    std::copy(w.begin(), w.end(), at);
    return commit(at, w.size());
  }

  // The same followed by `separator`, which the view leaves out: a batch's
  // events, each followed by the comma the request puts between events, so
  // that events next to each other here are one piece of the request's body
  // (adjacent(): b starts one byte after a ends).
  std::string_view append(std::string_view w, char separator) {
    char* at = room_for(w.size() + 1);
    std::copy(w.begin(), w.end(), at);
    at[w.size()] = separator;
    const std::string_view placed = commit(at, w.size() + 1);
    return placed.substr(0, w.size());
  }

  // Whether b was written right after a and its separator, in the same chunk:
  // a chunk has a byte beyond its capacity that is never written, so b cannot
  // begin one byte past a's end in a chunk of its own.
  static bool adjacent(std::string_view a, std::string_view b) noexcept {
    return b.data() == a.data() + a.size() + 1;
  }

  // Writes in place what takes at most `room` bytes: write(char* at) returns
  // the end of what it wrote, or nullptr to keep nothing (an empty view).
  // For a writer whose size is known only once written (an event escaped as
  // it is made), so it is not written elsewhere first and copied.
  template <class Write>
  std::string_view append_with(std::size_t room, Write&& write) {
    char* at = room_for(room);
    const char* end = write(at);
    if (end == nullptr) return {};
    return commit(at, static_cast<std::size_t>(end - at));
  }

  // Forgets what it holds (every view into it goes stale) and keeps its room,
  // as one chunk, for the writes that follow: a buffer filled and cleared
  // over and over, as the dispatcher's staging is, stops allocating.
  void clear() {
    if (chunks_.size() > 1) {
      const std::size_t room = reserved_;
      chunks_.clear();
      reserved_ = 0;
      add_chunk(room);
    } else if (!chunks_.empty()) {
      chunks_.back().size = 0;
    }
    used_ = 0;
  }

  std::size_t used() const noexcept { return used_; }
  std::size_t reserved() const noexcept { return reserved_; }

 private:
  struct chunk {
    std::unique_ptr<char[]> data;
    std::size_t size;
    std::size_t cap;
  };
  // Where the next `bytes` go: the last chunk, or a new one.
  char* room_for(std::size_t bytes) {
    if (chunks_.empty() || chunks_.back().cap - chunks_.back().size < bytes)
      add_chunk(
          std::max({bytes, std::min(min_events_per_chunk * bytes, max_small_chunk), used_ / growth_divisor}));
    return chunks_.back().data.get() + chunks_.back().size;
  }
  std::string_view commit(char* at, std::size_t bytes) noexcept {
    chunks_.back().size += bytes;
    used_ += bytes;
    return {at, bytes};
  }
  void add_chunk(std::size_t cap) {
    // One byte more than its capacity, never written (adjacent()).
    chunks_.push_back({std::make_unique_for_overwrite<char[]>(cap + 1), 0, cap});
    reserved_ += cap;
  }
  std::vector<chunk> chunks_;
  std::size_t used_ = 0;
  std::size_t reserved_ = 0;
};

}  // namespace cwlog::detail
