#include "local/request_ring.h"

#include <algorithm>

namespace cwlog::detail {

request_ring::request_ring(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {
  slots_.reserve(capacity_);
}

void request_ring::add(request_record r) {
  std::lock_guard lock(mutex_);
  r.seq = ++added_;
  const auto slot = static_cast<std::size_t>((r.seq - 1) % static_cast<std::int64_t>(capacity_));
  if (slot < slots_.size())
    slots_[slot] = std::move(r);
  else
    slots_.push_back(std::move(r));
}

std::vector<request_record> request_ring::recent(std::size_t limit, std::int64_t after_seq) const {
  std::lock_guard lock(mutex_);
  std::vector<request_record> out;
  const auto cap = static_cast<std::int64_t>(capacity_);
  for (std::int64_t seq = added_; seq > std::max(after_seq, added_ - cap) && out.size() < limit; --seq)
    out.push_back(slots_[static_cast<std::size_t>((seq - 1) % cap)]);
  return out;
}

std::int64_t request_ring::total() const {
  std::lock_guard lock(mutex_);
  return added_;
}

}  // namespace cwlog::detail
