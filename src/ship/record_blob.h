#pragma once
// A queued record's encoded bytes (record_codec.h), kept in blocks that its
// tenant's lane fills in turn, instead of a string of its own.
// A string per record cost the thread that fills the queue a malloc per
// record (and, under a flood, the page faults of fresh memory), and the
// dispatcher a free per record after formatting it, both in malloc's one
// arena. A block is shared by the records written into it, each holding a
// reference, and by its lane's writer while it fills it; the last to let go
// frees it, on whichever thread that is, so no path that ends a record
// (formatted, evicted, dropped, spooled, shut down) has to remember to.
// A lane's records leave it oldest first, so its blocks are freed in the
// order they were filled: what the blocks hold beyond their records' charge
// is at most the block being filled and the one being emptied, each sized
// from the lane's backlog (blob_writer).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cwlog::detail {

class blob_block;

class record_blob {
 public:
  record_blob() = default;
  record_blob(record_blob&& other) noexcept : block_(other.block_), data_(other.data_), size_(other.size_) {
    other.block_ = nullptr;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  record_blob& operator=(record_blob&& other) noexcept {
    if (this != &other) {
      reset();
      block_ = other.block_;
      data_ = other.data_;
      size_ = other.size_;
      other.block_ = nullptr;
      other.data_ = nullptr;
      other.size_ = 0;
    }
    return *this;
  }
  record_blob(const record_blob&) = delete;
  record_blob& operator=(const record_blob&) = delete;
  ~record_blob() { reset(); }

  // A record in a block of its own (large records, the spool's replayed
  // ones). Throws std::bad_alloc.
  static record_blob copy_of(std::string_view bytes);

  std::string_view view() const noexcept { return {data_, size_}; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  void reset() noexcept;

 private:
  friend class blob_writer;
  record_blob(blob_block* block, const char* data, std::size_t size) noexcept
      : block_(block), data_(data), size_(static_cast<std::uint32_t>(size)) {}
  blob_block* block_ = nullptr;
  const char* data_ = nullptr;
  std::uint32_t size_ = 0;
};

// A lane's writer of records into blocks. Not thread-safe (the queue's lock
// guards it); the blocks it made are, as their records go their own ways.
class blob_writer {
 public:
  // Blocks hold at least min_block bytes and at most max_block; a record of
  // more than max_block / 2 gets a block of its own.
  static constexpr std::size_t min_block = std::size_t{4} << 10;
  static constexpr std::size_t max_block = std::size_t{64} << 10;
  // Records are placed 8 bytes apart: what a record of `size` takes.
  static constexpr std::size_t placed_size(std::size_t size) noexcept { return (size + 7) & ~std::size_t{7}; }

  blob_writer() = default;
  blob_writer(const blob_writer&) = delete;
  blob_writer& operator=(const blob_writer&) = delete;
  ~blob_writer();

  // Copies `bytes` into the block being filled, or into a new one sized
  // from `backlog` (the bytes the lane holds in the queue: a sixteenth of
  // it, so what the blocks hold beyond their records stays small). Throws
  // std::bad_alloc, before anything changes.
  record_blob copy(std::string_view bytes, std::size_t backlog);

 private:
  blob_block* current_ = nullptr;
};

}  // namespace cwlog::detail
