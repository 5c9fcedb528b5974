#pragma once
// The engine's side of the disk spool (src/spool/spool.h): what the
// dispatcher does with accepted records before routing them, and what a
// settled copy does to the record's place on disk. Off (every call a no-op,
// records routed straight from the queue) when shipping.spool_dir is empty.
//
// With the spool on, the dispatcher drains the whole queue every tick — so
// every accepted record is on disk within spool_write_interval, however far
// delivery lags — and hands the records here. They wait in `backlog_` (still
// charged to their tenants' lanes: the memory bound and cwlog ship's
// backpressure see them) until routing has room; a record is routed only once
// it is appended, in acceptance order. When the spool is full the unappended
// records stay in memory and the next ones wait behind them, so the queue
// fills and the overflow policy acts on callers, counted, as when memory is
// full; a record too large for any segment goes from memory only.
//
// Settling: every event made from a record (each copy, each part of a split
// copy) carries the record's spool number; when the last one is delivered,
// rejected or dropped — any reason but shutdown_deadline, which leaves the
// record on disk for the next shipper — the record is settled in the spool.
//
// Threads: the dispatcher calls everything but settled(), copy_to(),
// replayed_routed() and replaying(), which any thread may call; shutdown() calls
// keep_unrouted() and write_now() once the dispatcher has stopped.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <cwlog/counters.h>
#include <cwlog/options.h>

#include "common/clock.h"
#include "ship/batcher.h"
#include "ship/record_queue.h"
#include "spool/spool.h"

namespace cwlog::detail {

class spool_link {
 public:
  using diagnostics_sink = std::function<void(const std::string&)>;

  // Opens the spool (and adopts what dead shippers left) when
  // shipping.spool_dir is set; throws cwlog::error when it cannot.
  spool_link(const shipping_options& shipping, const clock_source& clock, diagnostics_sink diagnostics);
  ~spool_link();
  spool_link(const spool_link&) = delete;
  spool_link& operator=(const spool_link&) = delete;

  bool enabled() const noexcept { return spool_ != nullptr; }

  // Dispatcher: takes freshly drained records (leaves `drained` empty) and
  // appends them, in order, as far as the spool has room.
  void accept(std::vector<queued_record>& drained);
  // Dispatcher: records to route now, about `room` bytes of them (replayed
  // ones first), with their spool numbers in `seqs` (parallel to `out`; 0
  // for a record kept in memory only).
  void take_routable(std::vector<queued_record>& out, std::vector<spool_seq>& seqs, std::size_t room);
  // Dispatcher: `events` events were made from the record numbered `seq`
  // (0: not in the spool); with none, it is settled now.
  void routed(spool_seq seq, std::size_t events);
  // Dispatcher, every loop: timed writes, deletions, now and then adoption of
  // the directories of shippers that died meanwhile, and diagnostics.
  void tick();
  // Writes and syncs what is buffered (flush(), shutdown()).
  void write_now();

  // Any thread: the events of `b` are settled (settle_dropped passes
  // shutdown_deadline drops, which stay on disk, not here).
  void settled(const batch& b);
  // Records replayed from dead shippers handed to routing so far: flush and
  // shutdown owe one settlement each (they are not in the queue's count).
  std::uint64_t replayed_routed() const noexcept { return replayed_routed_.load(std::memory_order_relaxed); }
  // Adopted records not yet handed to routing: flush and shutdown wait for them.
  bool replaying() const noexcept { return replaying_.load(std::memory_order_relaxed); }

  // After the dispatcher stopped, before shutdown drops what was never
  // routed: the backlog joins `left` (the rest of the queue), in acceptance
  // order, and every such record not yet on disk is appended when it fits,
  // so that the next shipper sends it; then everything is written.
  void keep_unrouted(std::vector<queued_record>& left);
  // The spool's figures for counters(); `left` is set by keep_unrouted().
  void copy_to(spool_totals& out) const;

 private:
  struct held {
    queued_record rec;
    spool_seq seq = 0;
    bool pending = true;  // not appended yet (the spool was full)
  };
  bool append(held& h);

  const clock_source& clock_;
  diagnostics_sink diagnostics_;
  std::unique_ptr<spool> spool_;
  std::deque<held> backlog_;  // acceptance order
  std::size_t unappended_ = 0;
  std::vector<replayed_record> replay_scratch_;
  std::chrono::steady_clock::time_point next_adoption_;
  std::atomic<std::uint64_t> replayed_routed_{0};
  std::atomic<bool> replaying_{false};
  std::atomic<std::uint64_t> waited_full_{0};  // records that found the spool full
  std::atomic<std::uint64_t> memory_only_{0};
  std::atomic<std::uint64_t> left_{0};

  // Events not yet settled, per record in the spool.
  std::mutex mu_;
  std::unordered_map<spool_seq, std::size_t> outstanding_;
};

}  // namespace cwlog::detail
