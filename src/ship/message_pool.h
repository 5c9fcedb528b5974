#pragma once
// Message buffers handed back from settled batches to the dispatcher, so that
// formatting an event does not call malloc and settling it does not call free.
// Without it every event costs a malloc on the dispatcher and a free on a
// sender thread, the free crossing into the dispatcher's malloc arena (its
// lock, and the chunk's cache line): about a fifth of the dispatcher's time.
//
// Senders give a settled batch's buffers back under one lock per batch; the
// dispatcher takes them from a private stock it refills by swapping with the
// shared one, so it locks once per refill, not per event. The pool holds at
// most max_bytes of capacity in all (about two batches of 100-byte events),
// outside queue_bytes like the queue's own recycled record buffers: what it
// cannot hold is freed.
#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ship/batcher.h"

namespace cwlog::detail {

class message_pool {
 public:
  // Buffers larger than this are freed rather than kept: a rare large message
  // must not pin its memory.
  static constexpr std::size_t max_buffer_capacity = 4096;

  explicit message_pool(std::size_t max_bytes = std::size_t{2} << 20) : max_bytes_(max_bytes) {}
  message_pool(const message_pool&) = delete;
  message_pool& operator=(const message_pool&) = delete;

  // Any thread: keeps the events' message buffers (leaving the messages
  // empty) while the pool has room.
  void give(std::vector<pending_event>& events) noexcept;

  // The dispatcher only: a copy of `text` in a recycled buffer whose capacity
  // fits it (not much larger, since an event is charged by capacity), or in a
  // new one of its size.
  std::string copy(std::string_view text);

 private:
  const std::size_t max_bytes_;
  std::mutex mu_;
  std::vector<std::string> shared_;  // given back, under mu_
  std::size_t shared_bytes_ = 0;     // their capacity, under mu_
  // The dispatcher's stock's capacity when it was last refilled (it only
  // shrinks until the next refill): give() counts it against max_bytes_.
  std::atomic<std::size_t> stock_bytes_{0};
  std::vector<std::string> stock_;  // the dispatcher's, taken from shared_
};

}  // namespace cwlog::detail
