#pragma once
// The bounded, tenant-fair queue between callers and the background thread.
//
// Memory is bounded in bytes, and the bytes of a record stay accounted from
// log() until the record is settled (delivered, rejected or dropped), not just
// while it sits in the queue: batches and requests in flight count too, so the
// bound holds for everything cwlog keeps in memory.
//
// Every byte is accounted to the record's tenant (records without a tenant
// share one lane). Under pressure what is dropped comes from the tenants over
// their fair share (capacity / tenants holding bytes), whatever the policy:
//  - a tenant under its share that finds the queue full evicts the oldest
//    queued record of the tenant most over its share (drop_reason::evicted);
//  - drop_newest refuses a record only if its tenant is over its share or no
//    one is (the queue is hard-full): drop_reason::queue_full;
//  - drop_oldest evicts from the tenant most over its share, possibly itself;
//  - block waits (up to block_timeout) only for tenants over their share, then
//    drops with drop_reason::block_timeout.
// The critical section is a handful of pointer moves and the copy of the
// record's bytes into its lane's block (record_blob.h).
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <cwlog/options.h>

#include "common/clock.h"
#include "ship/adaptive_mutex.h"
#include "ship/drop_counters.h"
#include "ship/record_fifo.h"

namespace cwlog::detail {

// Per-tenant accounting. Owned by the queue; a record keeps a pointer to its
// lane while it holds bytes, and a lane is only freed when it holds none.
struct tenant_lane {
  std::optional<std::string> tenant;
  record_fifo queued;
  blob_writer blobs;             // where its records' bytes are copied
  std::size_t held = 0;          // bytes charged: queued + being delivered
  std::size_t queued_bytes = 0;  // the part of held still in `queued`
  bool listed = false;           // in record_queue::nonempty_
};

// What became of a record offered to the queue.
enum class admit_result : std::uint8_t {
  accepted,
  dropped,  // counted in drops
  no_room,  // overflow_policy::block and no room: offered again later, not counted
};

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

class record_queue {
 public:
  // Per-record overhead charged on top of the encoded bytes (the queued_record
  // itself in its lane's fifo and again in the dispatcher's drain, and a
  // share of its block's slack), so the bound is on memory, not just payload.
  static constexpr std::size_t record_overhead = 144;

  // `clock` decides when a blocked caller's block_timeout has passed; it must
  // outlive the queue.
  record_queue(std::size_t capacity, overflow_policy policy, std::chrono::milliseconds block_timeout,
               const clock_source& clock, drop_counters& drops);
  record_queue(const record_queue&) = delete;
  record_queue& operator=(const record_queue&) = delete;

  // Producer side. Copies the encoded record in; false when it was dropped
  // (counted in drops). Never throws.
  bool push(std::optional<std::string_view> tenant, std::string_view encoded,
            std::int64_t steady_ns) noexcept;

  // Admission of records from the callers' rings (ring_registry.h), several
  // under one lock, never waiting: under overflow_policy::block a record that
  // would wait is refused with no_room and stays in its ring, so the caller
  // that owns the ring is the one that waits (when its ring is full).
  class admission {
   public:
    admit_result offer(std::optional<std::string_view> tenant, std::string_view encoded) noexcept;

   private:
    friend class record_queue;
    explicit admission(record_queue& q) : q_(q), lk_(q.mu_) {}
    record_queue& q_;
    std::unique_lock<adaptive_mutex> lk_;
  };
  admission admit() { return admission(*this); }
  // Sleeps until bytes are released (or the timeout): a caller under
  // overflow_policy::block whose ring is full waits here, counted once per
  // call by count_block_wait().
  void wait_for_space(std::chrono::nanoseconds timeout);
  void count_block_wait() noexcept;

  // Bytes held outside the queue's records (the callers' rings), charged to
  // the same bound: false when they do not fit.
  bool reserve_fixed(std::size_t bytes) noexcept;
  void release_fixed(std::size_t bytes) noexcept;

  // Consumer side: waits up to timeout for a wake() or records past the wake
  // threshold (drain() with a timeout does the same first).
  void wait_for_data(std::chrono::milliseconds timeout);
  // Consumer side: moves queued records to out (their bytes stay charged) and
  // returns how many. Waits up to timeout for data or a wake(). Takes at most
  // about max_bytes (at least one record per nonempty tenant), round-robin
  // over tenants: the consumer takes only what delivery can absorb, so under
  // pressure records stay here where fairness can choose what to drop.
  std::size_t drain(std::vector<queued_record>& out, std::chrono::milliseconds timeout,
                    std::size_t max_bytes = SIZE_MAX);
  // Wakes a drain() that is waiting.
  void wake();
  // The same unless the lock is taken (never waits): for a caller whose ring
  // passed half full.
  void try_wake() noexcept;
  // Uncharges bytes of a settled record (or a part of one).
  void release(tenant_lane* lane, std::size_t bytes) noexcept;
  // Charges extra bytes (formatting grew the record); may exceed the capacity
  // briefly, which makes callers see a full queue until it is delivered.
  void charge(tenant_lane* lane, std::size_t bytes) noexcept;
  // Several charges (+) and releases (-) under one lock: the dispatcher swaps a
  // record's queue cost for its formatted events' cost this way.
  void adjust(const std::vector<std::pair<tenant_lane*, std::ptrdiff_t>>& deltas) noexcept;

  // Refuse every later push with drop_reason::stopped.
  void close();

  std::size_t bytes() const;  // charged for records (not the rings' reservation)
  std::size_t capacity() const noexcept { return capacity_; }
  std::uint64_t enqueued() const;
  std::uint64_t block_waits() const;   // callers that have waited for space (overflow_policy::block)
  std::uint64_t accepted_seq() const;  // seq of the last accepted record
  std::size_t tenant_count() const;

 private:
  tenant_lane* lane_for(std::optional<std::string_view> tenant);
  admit_result admit_locked(std::unique_lock<adaptive_mutex>& lk, std::optional<std::string_view> tenant,
                            std::string_view encoded, std::int64_t steady_ns, bool may_wait);
  tenant_lane* most_over_share(std::size_t share, const tenant_lane* exclude) const;
  void evict_oldest(tenant_lane* lane);
  void uncharge(tenant_lane* lane, std::size_t bytes) noexcept;
  void forget_idle_lanes();

  const std::size_t capacity_;
  const overflow_policy policy_;
  const std::chrono::milliseconds block_timeout_;
  const clock_source& clock_;
  drop_counters& drops_;
  const std::size_t wake_threshold_;

  mutable adaptive_mutex mu_;
  std::condition_variable_any space_cv_;
  std::condition_variable_any data_cv_;
  std::size_t total_ = 0;          // bytes charged, all lanes and fixed_
  std::size_t fixed_ = 0;          // reserve_fixed(): the rings' capacity
  std::size_t queued_bytes_ = 0;   // bytes of records still in the queue
  std::size_t active_lanes_ = 0;   // lanes with held > 0
  std::size_t blocked_ = 0;        // producers waiting for space
  std::uint64_t block_waits_ = 0;  // calls that began waiting (their deadline is set)
  std::uint64_t seq_ = 0;
  std::uint64_t enqueued_ = 0;
  bool wake_ = false;
  bool closed_ = false;
  tenant_lane untenanted_;
  std::unordered_map<std::string, std::unique_ptr<tenant_lane>, string_hash, std::equal_to<>> lanes_;
  std::vector<tenant_lane*> nonempty_;    // lanes with queued records, in first-push order
  std::vector<record_fifo> spare_fifos_;  // emptied fifos with capacity, for lanes
};

}  // namespace cwlog::detail
