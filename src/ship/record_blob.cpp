#include "ship/record_blob.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>

namespace cwlog::detail {

// A header and its bytes in one allocation. It starts with one reference:
// its writer's, or, for a record of its own, that record's.
class blob_block {
 public:
  static blob_block* make(std::size_t capacity) {
    void* memory = ::operator new(sizeof(blob_block) + capacity);
    return new (memory) blob_block(capacity);
  }
  void retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() noexcept {
    // The last reference frees the block; acq_rel so that every earlier use
    // of it (on any thread) happens before.
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      this->~blob_block();
      ::operator delete(this);
    }
  }
  char* data() noexcept { return reinterpret_cast<char*>(this + 1); }
  std::size_t room() const noexcept { return capacity_ - used_; }
  // Copies bytes in (room() >= blob_writer::placed_size(bytes.size())).
  const char* place(std::string_view bytes) noexcept {
    char* at = data() + used_;
    std::memcpy(at, bytes.data(), bytes.size());
    used_ += blob_writer::placed_size(bytes.size());
    return at;
  }

 private:
  explicit blob_block(std::size_t capacity) noexcept : capacity_(capacity) {}
  std::atomic<std::uint32_t> refs_{1};
  std::size_t capacity_;
  std::size_t used_ = 0;
};
static_assert(sizeof(blob_block) % 8 == 0);  // records start 8-byte aligned

void record_blob::reset() noexcept {
  if (block_) block_->release();
  block_ = nullptr;
  data_ = nullptr;
  size_ = 0;
}

record_blob record_blob::copy_of(std::string_view bytes) {
  blob_block* block = blob_block::make(blob_writer::placed_size(bytes.size()));
  const char* at = block->place(bytes);
  return record_blob(block, at, bytes.size());  // the block's one reference
}

blob_writer::~blob_writer() {
  if (current_) current_->release();
}

record_blob blob_writer::copy(std::string_view bytes, std::size_t backlog) {
  const std::size_t placed = placed_size(bytes.size());
  if (placed > max_block / 2) return record_blob::copy_of(bytes);
  if (!current_ || current_->room() < placed) {
    const std::size_t capacity =
        std::max(placed, std::clamp(std::bit_ceil(backlog / 16 + 1), min_block, max_block));
    blob_block* fresh = blob_block::make(capacity);  // may throw: nothing changed yet
    if (current_) current_->release();
    current_ = fresh;
  }
  current_->retain();
  const char* at = current_->place(bytes);
  return record_blob(current_, at, bytes.size());
}

}  // namespace cwlog::detail
