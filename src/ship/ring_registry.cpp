#include "ship/ring_registry.h"

#include <algorithm>
#include <atomic>
#include <bit>

namespace cwlog::detail {
namespace {

// After the bound had no room for a ring, a thread asks again after this many calls.
constexpr std::uint32_t retry_after_calls = 4096;

struct ring_slot {
  std::uint64_t registry;             // ring_registry id
  std::shared_ptr<thread_ring> ring;  // null: no room when last asked
  std::uint32_t retry_in = 0;         // calls left before asking again (ring null)
};

// The calling thread's rings, one per shipper it has logged to. Its
// destructor runs when the thread exits: the rings it leaves are marked for
// their registries to reclaim once empty.
struct thread_slots {
  std::vector<ring_slot> slots;
  ~thread_slots() {
    for (auto& s : slots)
      if (s.ring) s.ring->abandon();
    // A log() from a later thread-exit destructor finds no cached ring.
    ring_registry::forget_last_ring();
  }
};
thread_local thread_slots calling_thread;

std::uint64_t next_registry_id() noexcept {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

std::size_t ring_bytes_for(std::size_t queue_bytes) noexcept {
  return std::clamp<std::size_t>(std::bit_floor(std::max<std::size_t>(queue_bytes / 64, 1)), 4u << 10,
                                 1u << 20);
}

ring_registry::ring_registry(std::size_t ring_bytes, std::size_t max_total,
                             std::function<bool(std::size_t)> reserve,
                             std::function<void(std::size_t)> release)
    : id_(next_registry_id()),
      ring_bytes_(ring_bytes),
      max_total_(max_total),
      reserve_(std::move(reserve)),
      release_(std::move(release)) {}

ring_registry::~ring_registry() {
  std::lock_guard lk(mu_);
  for (auto& r : rings_) r->orphan();
}

thread_ring* ring_registry::find_ring() noexcept {
  for (auto& s : calling_thread.slots) {
    if (s.registry != id_) continue;
    if (s.ring) {
      last_ring_used = {id_, s.ring.get()};
      return s.ring.get();
    }
    if (--s.retry_in > 0) return nullptr;
    break;
  }
  thread_ring* made = register_thread();
  if (made) last_ring_used = {id_, made};
  return made;
}

thread_ring* ring_registry::register_thread() noexcept {
  auto& slots = calling_thread.slots;
  // Rings of shippers that are gone: their memory goes now.
  std::erase_if(slots,
                [&](const ring_slot& s) { return s.registry == id_ || (s.ring && s.ring->orphaned()); });
  try {
    std::shared_ptr<thread_ring> made;
    {
      std::lock_guard lk(mu_);
      if ((rings_.size() + 1) * ring_bytes_ <= max_total_ && reserve_(ring_bytes_)) {
        try {
          made = std::make_shared<thread_ring>(ring_bytes_);
          rings_.push_back(made);
        } catch (...) {
          made.reset();
          release_(ring_bytes_);
        }
      }
    }
    slots.push_back({id_, made, made ? 0 : retry_after_calls});
    return made.get();
  } catch (...) {
    return nullptr;  // no memory for the cache entry: the shared path, asked again next call
  }
}

void ring_registry::for_each(const std::function<void(thread_ring&)>& visit) {
  std::lock_guard lk(mu_);
  std::erase_if(rings_, [&](const std::shared_ptr<thread_ring>& r) {
    // Read before consuming: everything the thread wrote precedes the mark.
    const bool gone = r->abandoned();
    {
      std::lock_guard consumer(r->consumer_mutex());
      visit(*r);
    }
    if (!gone || r->used() != 0) return false;
    release_(r->capacity());
    return true;
  });
}

std::vector<ring_registry::mark> ring_registry::marks() const {
  std::lock_guard lk(mu_);
  std::vector<mark> out;
  out.reserve(rings_.size());
  for (const auto& r : rings_) out.push_back({r, r->written()});
  return out;
}

std::size_t ring_registry::rings() const {
  std::lock_guard lk(mu_);
  return rings_.size();
}

std::size_t ring_registry::bytes_in_use() const {
  std::lock_guard lk(mu_);
  std::size_t n = 0;
  for (const auto& r : rings_) n += r->used();
  return n;
}

}  // namespace cwlog::detail
