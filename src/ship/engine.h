#pragma once
// The shipping engine behind cwlog::shipper: it wires threads to the parts
// that do the work, each in a file named for its job (docs/architecture.md):
//   thread_ring        a calling thread's own buffer: log() writes there, never waiting
//   ring_registry      the shipper's rings, one per calling thread, reclaimed at thread exit
//   caller_clock       a record's timestamp on the caller: the TSC, converted when it leaves the ring
//   record_queue       the bounded, tenant-fair queue the rings are emptied into
//   memory_ledger      the one account of bytes held, queue and batches together
//   destination_table  one destination per (group, stream), idle expiry
//   batch_builder      a destination's events in their wire form, in request bodies under every rule
//   send_scheduler     send jobs by due time, backoff, attempt limit, retry budget
//   provisioner        groups and streams created once, ResourceNotFound recovery
//   delivery_stats     counters and latency
//   spool_link         the optional disk spool: records appended before routing,
//                      settled once every copy is, replayed after a crash
//   log_service        the service calls, through the Logs client
//
// Threads: callers only check the level and encode into their own ring. One
// dispatcher thread (engine_dispatch.cpp) moves the rings' records into the
// fair queue and drains it every tick, routes, formats and
// batches per destination; a pool of max_in_flight sender threads
// (engine_send.cpp) takes due jobs from the scheduler and talks to the service.
// A destination has up to max_in_flight_per_stream batches in flight (one until
// its stream exists); each batch's events are in order, batches may complete
// in any order and each is settled on its own. Failed batches go back to the
// scheduler with a backoff time, so a failing destination never holds a
// sender while others wait.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <cwlog/options.h>
#include <cwlog/shipper.h>

#include "aws/credentials.h"
#include "common/clock.h"
#include "http/transport.h"
#include "route/router.h"
#include "route/rules.h"
#include "ship/batcher.h"
#include "ship/caller_clock.h"
#include "ship/delivery_stats.h"
#include "ship/destination_table.h"
#include "ship/drop_counters.h"
#include "ship/fixed_destinations.h"
#include "ship/format_plain.h"
#include "ship/log_service.h"
#include "ship/memory_ledger.h"
#include "ship/provisioner.h"
#include "ship/record_queue.h"
#include "ship/ring_registry.h"
#include "ship/send_scheduler.h"
#include "ship/spool_link.h"

namespace cwlog::detail {

struct shipper_dependencies {
  std::shared_ptr<http_transport> transport;          // null: libcurl
  std::shared_ptr<clock_source> clock;                // null: system clock
  std::shared_ptr<credentials_provider> credentials;  // null: from options.aws
  std::shared_ptr<log_service> service;               // set: used instead of transport + credentials
  diagnostics_handler diagnostics;                    // null: stderr
  std::chrono::milliseconds backoff_base = default_backoff_base;
  std::chrono::milliseconds backoff_cap = default_backoff_cap;
  std::uint64_t jitter_seed = 0;       // the backoff's random draws; 0: from std::random_device
  std::chrono::milliseconds tick{10};  // dispatcher period
  batch_limits limits;
};

class shipper_engine {
 public:
  shipper_engine(const options& opts, shipper_dependencies deps);
  ~shipper_engine();

  // destination: a fixed destination's id from open_destination(), 0 to route.
  // args: r.message is a format string, formatted when decoded (record_codec.h).
  // emf: r.message is an EMF document (src/metrics): no level filter, no
  // formatting, batches of its own.
  bool log(const record_view& r, std::uint32_t destination = 0, std::span<const deferred_arg> args = {},
           bool emf = false) noexcept;
  // Called at the start of flush() and shutdown(), so producers that hold
  // records back (cwlog::metrics' partial interval) log them first.
  std::uint64_t add_flush_hook(std::function<void()> hook);
  void remove_flush_hook(std::uint64_t id);
  // The level a record of this logger needs (options::min_level, or the
  // longest matching logger_min_levels prefix).
  level min_level_for(std::string_view logger) const noexcept {
    return per_logger_levels_ ? min_levels_.for_logger(logger) : global_min_level_;
  }
  const std::shared_ptr<clock_source>& clock() const noexcept { return clock_; }
  // As injected: a shipper made beside this one (cwlog::metrics' health
  // reports) uses the same transport, clock, credentials and diagnostics.
  const shipper_dependencies& dependencies() const noexcept { return deps_; }
  std::uint32_t open_destination(const destination_options& d) { return fixed_.open(d); }
  void count_drop(drop_reason reason) noexcept { drops_.add(reason); }
  flush_result flush(std::chrono::milliseconds timeout);
  shutdown_result shutdown(std::chrono::milliseconds deadline);
  // Empties the rings first, so the figures include every record logged before.
  delivery_counters counters();
  const shipping_options& shipping() const noexcept { return opts_.shipping; }
  // True in a child process after fork(): the threads do not exist here.
  bool forked() const noexcept;
  // A flush() is waiting or shutdown() began: everything held is to be sent.
  bool draining() const noexcept { return flush_waiters_.load() > 0 || stopping_.load(); }

 private:
  // the caller's path (engine_caller.cpp)
  // A record too large for the ring, or a thread without one: the shared queue.
  bool log_shared(const record_view& rec, thread_ring* ring, std::uint32_t destination,
                  std::span<const deferred_arg> args, bool emf) noexcept;
  // The caller's ring is full: empty it into the queue, or wait (block).
  char* make_room(thread_ring& ring, std::size_t size, bool tsc) noexcept;
  // Empties the caller's own ring before it uses the shared queue (order);
  // false when a record could not leave it in time (counted).
  bool empty_own_ring(thread_ring& ring) noexcept;
  // Moves a ring's records into the queue; its consumer lock is held.
  void transfer(thread_ring& ring);
  void collect_rings();
  // Waits (until deadline) for the rings to be consumed past marks.
  void wait_rings_past(const std::vector<ring_registry::mark>& marks,
                       std::chrono::steady_clock::time_point deadline);
  // dispatcher (engine_dispatch.cpp)
  void dispatcher_loop();
  // Takes this tick's records to route: from the queue, or with the spool on
  // through it (spool_link.h); their spool numbers go to spool_seqs.
  void take_records(std::vector<queued_record>& records, std::vector<spool_seq>& spool_seqs);
  void format_records(std::vector<queued_record>& records, std::span<const spool_seq> spool_seqs);
  void schedule_locked(std::int64_t now_ns, bool cut_all);
  void cut_largest_under_pressure_locked();
  // senders (engine_send.cpp)
  void sender_loop();
  void process(send_job& job);
  bool ensure_stream(send_job& job);
  void settle_delivered(send_job& job, const put_log_events_response& response);
  void settle_dropped(batch& b, drop_reason reason);
  void retry_later(send_job&& job, retry_class cls);
  // The endpoint gave no answer: the job waits for it with every other one.
  // why: the failed call and its error, for the warning.
  void hold_for_endpoint(send_job&& job, retry_class cls, const std::string& why);
  // The endpoint answered: if it was down, everything held may go.
  void endpoint_answered_locked();
  // Drops (too_old) what CloudWatch no longer accepts from a batch about to
  // be sent again; false when nothing is left to send (the job is finished).
  bool drop_too_old(send_job& job);
  void finish_job(destination_state* dest);
  // Hands `dest`'s ready batches to the scheduler while it has room
  // (max_in_flight_per_stream); returns how many it handed.
  std::size_t send_ready_locked(destination_state* dest, std::int64_t now_ns);
  // shared
  void diag(diagnostic_severity s, const std::string& message);
  std::int64_t steady_ns() const;
  std::uint64_t settled() const;
  // Settlements owed for the `records` accepted so far: one per record, plus
  // the extra copies routing made (read now, so it may include copies of
  // records accepted later: a wait on it is never too short).
  std::uint64_t owed(std::uint64_t records) const;
  // Settlements still owed for `records`, or adopted records not yet routed.
  bool unsettled(std::uint64_t records) const;
  // flush(): returns once the dispatcher has written the spool after taking
  // everything logged before the call.
  void wait_spool_written();
  // Waits a little for settlements; true once the clock has reached deadline.
  bool wait_settled_until(std::unique_lock<std::mutex>& lk, std::chrono::steady_clock::time_point deadline);
  void drop_everything_left();
  void run_flush_hooks();

  options opts_;
  shipper_dependencies deps_;
  std::shared_ptr<clock_source> clock_;
  std::shared_ptr<log_service> service_;
  router router_;
  fixed_destination_table fixed_;
  std::vector<std::unique_ptr<plain_formatter>> plain_;  // per destination (null for JSON)
  drop_counters drops_;
  delivery_stats stats_;
  record_queue queue_;
  memory_ledger ledger_;
  // The dispatcher's: the wire forms of a slice of events on their way to
  // their batches (engine_dispatch.cpp), about 256 KiB kept between slices.
  wire_buffer staging_wire_;
  // What every log() call reads, on lines nothing else writes: a line shared
  // with a counter the dispatcher bumps would make each call miss in cache.
  alignas(64) min_level_table min_levels_;
  level global_min_level_;
  bool per_logger_levels_;  // logger_min_levels is not empty
  std::uint64_t fork_generation_;
  ring_registry rings_;  // its id first; its lock on a line of its own
  caller_clock stamps_;  // a record's timestamp on the caller: the TSC, or clock_

  // The dispatcher and the senders share the table and the schedule under mu_.
  mutable std::mutex mu_;
  std::condition_variable send_cv_;    // senders: a job is ready or abort
  std::condition_variable settle_cv_;  // flush/shutdown waiters
  destination_table destinations_;
  send_scheduler scheduler_;
  provisioner provisioner_;  // its own lock: called by senders outside mu_

  // Declared after everything the dispatcher and senders use, before the
  // threads: destroyed after they have stopped.
  spool_link spool_;
  std::atomic<std::uint64_t> spool_write_requested_{0};  // flush(): write the spool now
  std::atomic<std::uint64_t> spool_written_{0};          // the last request the dispatcher served

  alignas(64) std::atomic<int> flush_waiters_{0};  // with stopping_: read by every log() call
  std::atomic<bool> stopping_{false};              // shutdown began: cut everything, accept nothing
  std::atomic<bool> abort_{false};                 // deadline passed: threads exit now
  std::atomic<bool> dispatcher_done_{false};
  bool shut_down_ = false;
  shutdown_result shutdown_result_;
  std::mutex shutdown_mu_;
  std::mutex diag_mu_;
  std::mutex hooks_mu_;  // held while hooks run: removal waits for a running hook
  std::map<std::uint64_t, std::function<void()>> flush_hooks_;
  std::uint64_t next_hook_ = 1;

  std::thread dispatcher_;
  std::vector<std::thread> senders_;
};

}  // namespace cwlog::detail
