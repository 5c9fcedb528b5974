// The caller's path: level check, encoding into the thread's own ring, and the
// cold paths for a full ring, a large record or a thread without a ring.
//
// In the common case log() reads the TSC (caller_clock.h), looks up its ring
// in a thread-local cache, writes the record with memcpy and publishes it with
// one release store: no lock, no atomic read-modify-write, no allocation, nothing
// that waits for another thread. The dispatcher empties the rings into the
// fair queue (record_queue) every tick, where the byte bound, per-tenant
// fairness and the overflow policies apply as records arrive; a thread whose
// ring fills between two ticks empties it into the queue itself.
#include <cwlog/tenant.h>

#include "ship/engine.h"
#include "ship/record_codec.h"

namespace cwlog::detail {

bool shipper_engine::log(const record_view& r, std::uint32_t destination, std::span<const deferred_arg> args,
                         bool emf) noexcept {
  // Before anything is encoded: a record below its logger's level costs a
  // prefix scan (none without logger_min_levels) and a counter.
  if (!emf && r.lvl < min_level_for(r.logger)) {
    drops_.add(drop_reason::below_min_level);
    return false;
  }
  if (forked()) {
    drops_.add(drop_reason::forked);
    return false;
  }
  if (stopping_.load(std::memory_order_relaxed)) {
    drops_.add(drop_reason::stopped);
    return false;
  }
  // The time and tenant are passed beside r, not filled into a copy of it
  // (a copy of fields just stored costs a store-forwarding stall per call).
  // A stamp from the TSC is converted to wall time when the record leaves
  // the ring (transfer()): the ring header's tag says which records carry one.
  const bool tsc = r.timestamp_ns == 0 && stamps_.tsc();
  const std::int64_t stamp = r.timestamp_ns != 0 ? r.timestamp_ns : stamps_.stamp();
  const std::optional<std::string_view> tenant = r.tenant ? r.tenant : current_tenant();
  thread_ring* ring = rings_.ring();
  const std::size_t size = encoded_size(r, tenant, args);
  // Past 0xFFFF fields the encoding is shorter than its size: the shared path.
  if (!ring || size > ring->max_record() || r.fields.size() > 0xFFFF) [[unlikely]] {
    record_view rec = r;
    rec.timestamp_ns = tsc ? stamps_.calibration().to_wall_ns(static_cast<std::uint64_t>(stamp)) : stamp;
    rec.tenant = tenant;
    return log_shared(rec, ring, destination, args, emf);
  }
  char* at = ring->try_reserve(size, tsc);
  if (!at && !(at = make_room(*ring, size, tsc))) [[unlikely]]
    return false;  // counted there
  encode_record_into(r, stamp, tenant, at, destination, args, emf);
  // Half full: the dispatcher is woken rather than left to its tick (once
  // per half ring, and only if the queue's lock is free: never waits).
  if (ring->commit()) queue_.try_wake();
  return true;
}

bool shipper_engine::log_shared(const record_view& rec, thread_ring* ring, std::uint32_t destination,
                                std::span<const deferred_arg> args, bool emf) noexcept {
  // The thread's earlier records go first, so its records stay in order.
  if (ring && !empty_own_ring(*ring)) return false;
  try {
    std::string encoded;
    encode_record(rec, encoded, destination, args, emf);
    // No second clock read on the caller's path: the dispatcher stamps the
    // steady time when it picks the record up (within one tick of log()).
    return queue_.push(rec.tenant, encoded, 0);
  } catch (...) {
    drops_.add(drop_reason::queue_full);  // out of memory while encoding
    return false;
  }
}

char* shipper_engine::make_room(thread_ring& ring, std::size_t size, bool tsc) noexcept {
  if (!empty_own_ring(ring)) return nullptr;
  if (char* at = ring.try_reserve(size, tsc)) return at;
  drops_.add(drop_reason::queue_full);  // not reached: an empty ring takes max_record()
  return nullptr;
}

bool shipper_engine::empty_own_ring(thread_ring& ring) noexcept {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  for (;;) {
    try {
      std::lock_guard lk(ring.consumer_mutex());
      transfer(ring);
    } catch (...) {
      // std::mutex::lock failing (system error): as out of memory.
      drops_.add(drop_reason::queue_full);
      return false;
    }
    if (ring.used() == 0) return true;
    // Records stay only under overflow_policy::block: the queue had no room
    // for the first. Wait for room (by definition of block), asleep on the
    // queue's condition variable, until block_timeout on the injected clock.
    if (stopping_.load()) {
      drops_.add(drop_reason::stopped);
      return false;
    }
    const auto now = clock_->steady_now();
    if (!deadline) {
      deadline = now + opts_.shipping.block_timeout;
      queue_.count_block_wait();
    } else if (now >= *deadline) {
      drops_.add(drop_reason::block_timeout);
      return false;
    }
    try {
      queue_.wait_for_space(clock_->real_wait(*deadline - now));
    } catch (...) {
      drops_.add(drop_reason::block_timeout);
      return false;
    }
  }
}

void shipper_engine::transfer(thread_ring& ring) {
  // A few hundred records per hold of the queue's lock, so the senders
  // settling batches (and callers on the shared path) never wait long.
  constexpr std::size_t per_lock = 256;
  bool more = ring.used() != 0;
  // One calibration per transfer: records stamped after its anchor are
  // extrapolated at the rate measured since the engine started.
  const tsc_calibration calibration = more && stamps_.tsc() ? stamps_.calibration() : tsc_calibration{};
  while (more) {
    auto admission = queue_.admit();
    std::size_t n = 0;
    bool refused = false;
    ring.consume([&](ring_record rec) {
      if (n == per_lock) return false;
      if (rec.tagged()) {
        // Wall time before the record reaches the queue (and the spool, which
        // another process may replay).
        set_encoded_timestamp(
            rec.data, calibration.to_wall_ns(static_cast<std::uint64_t>(encoded_timestamp(rec.bytes()))));
        rec.clear_tag();
      }
      if (admission.offer(encoded_tenant(rec), rec) == admit_result::no_room) {
        refused = true;
        return false;
      }
      ++n;
      return true;
    });
    more = !refused && n == per_lock;
  }
}

void shipper_engine::collect_rings() {
  rings_.for_each([this](thread_ring& ring) { transfer(ring); });
}

void shipper_engine::wait_rings_past(const std::vector<ring_registry::mark>& marks,
                                     std::chrono::steady_clock::time_point deadline) {
  const auto behind = [&] {
    for (const auto& m : marks)
      if (m.ring->consumed() < m.written && !m.ring->orphaned()) return true;
    return false;
  };
  std::unique_lock lk(mu_);
  while (behind() && !abort_) {
    // The dispatcher empties the rings every tick; only overflow_policy::block
    // leaves records in them, until the queue has room.
    lk.unlock();
    collect_rings();
    lk.lock();
    if (!behind() || wait_settled_until(lk, deadline)) break;
  }
}

}  // namespace cwlog::detail
