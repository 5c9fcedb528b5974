#pragma once
// The records a tenant's lane holds in the queue, oldest first, in blocks that
// never move: a backlog grows by whole blocks (each about as large as what the
// fifo holds, from 16 to 1,024 records) and shrinks a block at a time as
// records leave the front.
// A vector did this before. Under a flood each doubling touched twice the
// memory the backlog needed (page faults on the logging thread, which admits
// records) and copied every record, dropping the consumed prefix moved the
// rest, all under the queue's lock, and a lane kept its largest capacity
// after the flood: memory the bound does not count. One emptied block is kept
// for reuse, so a lane that fills and empties steadily allocates nothing.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ship/record_blob.h"

namespace cwlog::detail {

struct tenant_lane;

struct queued_record {
  record_blob blob;              // record_codec encoding, in its lane's blocks
  std::uint64_t seq = 0;         // global order of acceptance
  std::int64_t enqueued_ns = 0;  // steady clock, for the flush interval and latency (0: stamped when drained)
  tenant_lane* lane = nullptr;   // accounting owner (valid while accounted > 0)
  std::size_t accounted = 0;     // bytes charged to the lane
};

class record_fifo {
 public:
  static constexpr std::size_t min_block = 16;
  static constexpr std::size_t max_block = 1024;  // 64 KiB of records

  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  // Records held and room for more: what the fifo's memory holds.
  std::size_t capacity() const noexcept {
    std::size_t n = spare_.capacity;
    for (std::size_t i = first_; i < blocks_.size(); ++i) n += blocks_[i].capacity;
    return n;
  }

  queued_record& front() noexcept { return blocks_[first_].items[head_]; }
  void pop_front() noexcept {
    block& b = blocks_[first_];
    b.items[head_] = queued_record{};
    --size_;
    if (size_ == 0) {
      // The one block left is both ends: it starts over, and nothing is kept beside it.
      head_ = tail_ = 0;
      spare_ = {};
    } else if (++head_ == b.capacity) {
      if (b.capacity > spare_.capacity) spare_ = std::move(b);
      b = {};
      head_ = 0;
      // The handles of blocks gone are dropped now and then (a few bytes each).
      if (++first_ >= 32 && 2 * first_ >= blocks_.size()) {
        blocks_.erase(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(first_));
        first_ = 0;
      }
    }
  }

  // A default record at the back, for the caller to fill. May throw
  // (std::bad_alloc) before anything changes.
  queued_record& emplace_back() {
    if (first_ == blocks_.size() || tail_ == blocks_.back().capacity) {
      const std::size_t wanted = std::clamp(std::bit_ceil(size_), min_block, max_block);
      if (spare_.capacity >= wanted) {
        blocks_.push_back(std::move(spare_));
        spare_ = {};
      } else {
        blocks_.push_back({std::make_unique<queued_record[]>(wanted), wanted});
      }
      tail_ = 0;
    }
    ++size_;
    return blocks_.back().items[tail_++];
  }

  // Moves every record to out, oldest first, and leaves the fifo empty.
  void move_to(std::vector<queued_record>& out) {
    out.reserve(out.size() + size_);
    while (!empty()) {
      out.push_back(std::move(front()));
      pop_front();
    }
  }

  void swap(record_fifo& other) noexcept {
    blocks_.swap(other.blocks_);
    std::swap(first_, other.first_);
    std::swap(spare_, other.spare_);
    std::swap(head_, other.head_);
    std::swap(tail_, other.tail_);
    std::swap(size_, other.size_);
  }

 private:
  struct block {
    std::unique_ptr<queued_record[]> items;
    std::size_t capacity = 0;
  };
  std::vector<block> blocks_;  // from first_: the oldest records' block to where records are added
  std::size_t first_ = 0;
  block spare_;           // an emptied block, for the next one needed
  std::size_t head_ = 0;  // the oldest record's index in the front block
  std::size_t tail_ = 0;  // records written to the back block
  std::size_t size_ = 0;
};

}  // namespace cwlog::detail
