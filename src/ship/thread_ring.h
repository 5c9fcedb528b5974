#pragma once
// One calling thread's buffer of encoded records, read by one consumer at a
// time: a bounded single-producer single-consumer ring of variable-size
// records (quill's design, include/quill/core/BoundedSPSCQueue.h). The
// producer and consumer positions live on separate cache lines and each side
// keeps a cached copy of the other's, so a call that finds room touches no
// line the consumer writes: log() never waits for another thread here.
//
// Positions are byte counts that only grow; a record is an 8-byte header (its
// size) and its bytes, padded to 8. A record never wraps: when it does not fit
// before the end, a wrap marker fills the rest and it starts at offset 0.
//
// Who consumes is decided outside (ring_registry): the dispatcher, or the
// producing thread itself when its ring is full; they take consumer_mutex().
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>

namespace cwlog::detail {

// A record as the consumer sees it: its bytes (which it may rewrite in place
// before it lets the record go) and the producer's tag.
struct ring_record {
  static constexpr std::uint64_t tag_bit = std::uint64_t{1} << 62;  // in the record's ring header

  char* data;
  std::size_t size;
  std::uint64_t* header;  // the ring's 8 bytes before data
  bool tagged() const noexcept { return (*header & tag_bit) != 0; }
  // The consumer has acted on the tag: a record it then refuses (it stays in
  // the ring for next time) is not acted on twice.
  void clear_tag() noexcept { *header &= ~tag_bit; }
  std::string_view bytes() const noexcept { return {data, size}; }
  operator std::string_view() const noexcept { return bytes(); }
};

class thread_ring {
 public:
  // capacity: a power of two, at least 64 bytes.
  explicit thread_ring(std::size_t capacity)
      : capacity_(capacity), mask_(capacity - 1), buffer_(new std::uint64_t[capacity / 8]) {}
  thread_ring(const thread_ring&) = delete;
  thread_ring& operator=(const thread_ring&) = delete;

  std::size_t capacity() const noexcept { return capacity_; }
  // The largest record log() writes here; larger ones take the shared path.
  std::size_t max_record() const noexcept { return capacity_ / 4; }

  // Producer: room for a record of n bytes (n <= max_record()), or null when
  // the ring is full. The bytes become visible to the consumer at commit().
  // tagged: a mark the consumer sees beside the record (ring_record::tagged).
  char* try_reserve(std::size_t n, bool tagged = false) noexcept {
    const std::uint64_t need = header_bytes + round_up(n);
    const std::uint64_t offset = head_ & mask_;
    const std::uint64_t to_end = capacity_ - offset;
    const std::uint64_t total = need <= to_end ? need : to_end + need;
    if (head_ + total - tail_cache_ > capacity_) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (head_ + total - tail_cache_ > capacity_) return nullptr;
    }
    std::uint64_t at = head_;
    if (need > to_end) {
      put_header(at, wrap_marker);
      at += to_end;
    }
    put_header(at, tagged ? n | ring_record::tag_bit : n);
    pending_head_ = at + need;
    return bytes_at(at + header_bytes);
  }
  // Producer: publishes the record reserved last. Returns true once per half
  // ring written (time to wake the consumer rather than wait for its tick).
  bool commit() noexcept {
    head_ = pending_head_;
    head_pub_.store(head_, std::memory_order_release);
    prefetch_ahead();
    if (head_ < next_wake_) return false;
    next_wake_ = head_ + capacity_ / 2;
    return true;
  }
  // Where the producer has written up to (for flush: the consumer has seen
  // everything written before once consumed() reaches it).
  std::uint64_t written() const noexcept { return head_pub_.load(std::memory_order_acquire); }
  std::uint64_t consumed() const noexcept { return tail_.load(std::memory_order_acquire); }
  // Bytes written and not yet consumed.
  std::size_t used() const noexcept { return static_cast<std::size_t>(written() - consumed()); }

  // Consumer (holding consumer_mutex()): calls take(record) for each record in
  // order while it returns true; a record it refuses stays for next time.
  // take gets a ring_record (a std::string_view, or its bytes to rewrite in
  // place and its tag). Returns how many were taken.
  template <class Take>
  std::size_t consume(Take&& take) {
    const std::uint64_t head = head_pub_.load(std::memory_order_acquire);
    std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    std::size_t taken = 0;
    while (tail < head) {
      const std::uint64_t h = get_header(tail);
      if (h == wrap_marker) {
        tail += capacity_ - (tail & mask_);
        continue;
      }
      const std::uint64_t size = h & ~ring_record::tag_bit;
      if (!take(ring_record{bytes_at(tail + header_bytes), static_cast<std::size_t>(size), header_at(tail)}))
        break;
      tail += header_bytes + round_up(size);
      ++taken;
    }
    tail_.store(tail, std::memory_order_release);
    return taken;
  }
  std::mutex& consumer_mutex() noexcept { return consumer_mu_; }

  // The producing thread has exited: once empty, the ring can be reclaimed.
  void abandon() noexcept { abandoned_.store(true, std::memory_order_release); }
  bool abandoned() const noexcept { return abandoned_.load(std::memory_order_acquire); }
  // The registry (its shipper) is gone: the thread's cache forgets the ring.
  void orphan() noexcept { orphaned_.store(true, std::memory_order_release); }
  bool orphaned() const noexcept { return orphaned_.load(std::memory_order_acquire); }

 private:
  static constexpr std::uint64_t header_bytes = 8;
  static constexpr std::uint64_t wrap_marker = ~std::uint64_t{0};
  // How far ahead of its position the producer asks for lines to write: the
  // consumer on another core read them last, so a write that finds them there
  // waits for the other core to let go. Asked a few records early (prefetch
  // for writing), the wait overlaps the caller's own work; never past what the
  // consumer may still be reading (the producer's cached copy of its position).
  static constexpr std::uint64_t line_bytes = 64;
  static constexpr std::uint64_t prefetch_distance = 1024;
  void prefetch_ahead() noexcept {
    const std::uint64_t want =
        std::min(head_ + std::min<std::uint64_t>(prefetch_distance, capacity_ / 4), tail_cache_ + capacity_);
    if (prefetched_ < head_) prefetched_ = head_ & ~(line_bytes - 1);
    for (; prefetched_ < want; prefetched_ += line_bytes) __builtin_prefetch(bytes_at(prefetched_), 1, 3);
  }
  static constexpr std::uint64_t round_up(std::uint64_t n) noexcept { return (n + 7) & ~std::uint64_t{7}; }
  char* bytes_at(std::uint64_t pos) const noexcept {
    return reinterpret_cast<char*>(buffer_.get()) + (pos & mask_);
  }
  void put_header(std::uint64_t pos, std::uint64_t v) noexcept { buffer_[(pos & mask_) / 8] = v; }
  std::uint64_t* header_at(std::uint64_t pos) const noexcept { return &buffer_[(pos & mask_) / 8]; }
  std::uint64_t get_header(std::uint64_t pos) const noexcept { return buffer_[(pos & mask_) / 8]; }

  const std::size_t capacity_;
  const std::uint64_t mask_;
  const std::unique_ptr<std::uint64_t[]> buffer_;  // 8-byte aligned slots

  // The producer's line: its position, its copy of the consumer's.
  alignas(64) std::uint64_t head_ = 0;
  std::uint64_t pending_head_ = 0;
  std::uint64_t tail_cache_ = 0;
  std::uint64_t next_wake_ = capacity_ / 2;
  std::uint64_t prefetched_ = 0;  // lines before this position were asked for
  std::atomic<std::uint64_t> head_pub_{0};
  // The consumer's line.
  alignas(64) std::atomic<std::uint64_t> tail_{0};
  std::mutex consumer_mu_;
  // Rarely written.
  alignas(64) std::atomic<bool> abandoned_{false};
  std::atomic<bool> orphaned_{false};
};

}  // namespace cwlog::detail
