#pragma once
// The per-thread rings (thread_ring.h) of one shipper. A thread gets its ring
// on its first log() to this shipper; the registry belongs to the shipper, not
// to the process, so several shippers in one process each have their own.
//
// Lifetimes, both orders:
//  - the thread exits first: its thread-local cache marks each of its rings
//    abandoned; the consumer reclaims a ring once it is abandoned and empty;
//  - the shipper goes first: its registry marks every ring orphaned and lets
//    go of it; the thread's cache keeps the memory alive and drops the entry
//    the next time that thread registers with a shipper (or when it exits).
// A thread's cache is found by the registry's id, unique in the process, so a
// new shipper at a dead one's address never inherits its rings.
//
// Memory: every ring's capacity is charged to the shipper's bound
// (queue_bytes) for as long as the ring exists, whether full or empty, and the
// rings together take at most `max_total` bytes of it. A thread that finds no
// room for a ring logs through the shared queue instead (record_queue's lock),
// and asks again every few thousand calls.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "ship/thread_ring.h"

namespace cwlog::detail {

// The calling thread's last ring and its registry's id (ring_registry::ring());
// plain data, so reading it costs no thread-local initialisation check.
struct last_ring_entry {
  std::uint64_t registry = 0;
  thread_ring* ring = nullptr;
};
inline thread_local last_ring_entry last_ring_used{};

class ring_registry {
 public:
  // reserve(bytes) charges a new ring's capacity to the memory bound (false:
  // no room); release(bytes) gives it back when the ring is reclaimed.
  ring_registry(std::size_t ring_bytes, std::size_t max_total, std::function<bool(std::size_t)> reserve,
                std::function<void(std::size_t)> release);
  ~ring_registry();
  ring_registry(const ring_registry&) = delete;
  ring_registry& operator=(const ring_registry&) = delete;

  // The calling thread's ring, made on first use; null when the bound has no
  // room for one (the caller then takes the shared path).
  thread_ring* ring() noexcept {
    // The common case, one compare: the ring this thread used last belongs
    // to this registry (ids are never reused, so a dead registry's never matches).
    if (last_ring_used.registry == id_) [[likely]]
      return last_ring_used.ring;
    return find_ring();
  }

  // Calls visit(ring) for every ring while holding the ring's consumer lock,
  // then reclaims the rings whose thread has exited and that are now empty.
  void for_each(const std::function<void(thread_ring&)>& visit);

  // Where each ring's producer has written up to: a flush is done with the
  // rings once each has been consumed past its mark.
  struct mark {
    std::shared_ptr<thread_ring> ring;
    std::uint64_t written;
  };
  std::vector<mark> marks() const;

  // The calling thread is exiting: its cached ring is not to be used again.
  static void forget_last_ring() noexcept { last_ring_used = {}; }

  std::size_t ring_bytes() const noexcept { return ring_bytes_; }
  std::size_t rings() const;
  std::size_t bytes_in_use() const;  // written, not yet consumed (all rings)

 private:
  thread_ring* find_ring() noexcept;
  thread_ring* register_thread() noexcept;

  const std::uint64_t id_;
  const std::size_t ring_bytes_;
  const std::size_t max_total_;
  const std::function<bool(std::size_t)> reserve_;
  const std::function<void(std::size_t)> release_;
  alignas(64) mutable std::mutex mu_;  // rings_; held while for_each visits (callers read id_)
  std::vector<std::shared_ptr<thread_ring>> rings_;
};

// How large each thread's ring is for a memory bound of queue_bytes: big
// enough for a burst of a few thousand 100-byte records between two dispatcher
// ticks, small enough that a few dozen threads fit in a quarter of the bound.
std::size_t ring_bytes_for(std::size_t queue_bytes) noexcept;

}  // namespace cwlog::detail
