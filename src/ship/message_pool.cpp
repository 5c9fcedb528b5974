#include "ship/message_pool.h"

#include "common/prefetch.h"

namespace cwlog::detail {

void message_pool::give(std::vector<pending_event>& events) noexcept {
  std::lock_guard lk(mu_);
  const std::size_t stock = stock_bytes_.load(std::memory_order_relaxed);
  for (auto& e : events) {
    const std::size_t cap = e.message.capacity();
    // Short messages live inside the string (no heap buffer to keep).
    if (cap <= std::string().capacity() || cap > max_buffer_capacity) continue;
    if (stock + shared_bytes_ + cap > max_bytes_) break;
    try {
      shared_.push_back(std::move(e.message));
    } catch (...) {
      break;  // no room in the list: the rest are freed with their events
    }
    shared_bytes_ += cap;
  }
}

std::string message_pool::copy(std::string_view text) {
  if (stock_.empty()) {
    std::lock_guard lk(mu_);
    stock_.swap(shared_);
    stock_bytes_.store(shared_bytes_, std::memory_order_relaxed);
    shared_bytes_ = 0;
  }
  // The buffers were last written on a sender's core (prefetch.h): the one
  // taken a few copies from now is fetched for writing.
  if (stock_.size() > prefetch_distance) {
    const std::string& later = stock_[stock_.size() - 1 - prefetch_distance];
    prefetch<prefetch_for::write>({later.data(), later.capacity()});
  }
  // A few tries: buffers come back in the order their events were made, so
  // with messages of similar sizes the first one fits.
  for (int tries = 0; tries < 4 && !stock_.empty(); ++tries) {
    std::string s = std::move(stock_.back());
    stock_.pop_back();
    if (s.capacity() >= text.size() && s.capacity() <= text.size() + text.size() / 4 + 32) {
      s.assign(text);
      return s;
    }
  }
  return std::string(text);
}

}  // namespace cwlog::detail
