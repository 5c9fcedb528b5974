#pragma once
// The shipping engine behind cwlog::shipper.
//
// Threads: callers only encode and enqueue (record_queue). One dispatcher
// thread drains the queue every tick, routes, formats and batches per
// (group, stream); a pool of max_in_flight sender threads takes ready batches
// and talks to the service. Senders own nothing per destination: a
// destination is a small struct in a map, with at most one batch in flight (so
// a stream's batches arrive in order and its group/stream are created once,
// while later records wait in its builder). Failed batches go back to the
// send schedule with a backoff time, so a failing destination never holds a
// sender while others wait.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <cwlog/options.h>
#include <cwlog/shipper.h>

#include "aws/credentials.h"
#include "common/clock.h"
#include "http/transport.h"
#include "route/router.h"
#include "ship/batcher.h"
#include "ship/drop_counters.h"
#include "ship/format_plain.h"
#include "ship/log_service.h"
#include "ship/record_queue.h"
#include "ship/retry_budget.h"

namespace cwlog::detail {

struct shipper_dependencies {
  std::shared_ptr<http_transport> transport;          // null: libcurl
  std::shared_ptr<clock_source> clock;                // null: system clock
  std::shared_ptr<credentials_provider> credentials;  // null: from options.aws
  std::shared_ptr<log_service> service;               // set: used instead of transport + credentials
  diagnostics_handler diagnostics;                    // null: stderr
  std::chrono::milliseconds backoff_base = default_backoff_base;
  std::chrono::milliseconds backoff_cap = default_backoff_cap;
  std::chrono::milliseconds tick{10};  // dispatcher period
  batch_limits limits;
};

struct destination_state {
  std::size_t index = 0;  // into options::destinations
  std::string group;
  std::string stream;
  batch_builder builder;
  std::deque<batch> ready;  // cut batches waiting for their turn
  bool busy = false;        // one of its batches is with a sender
  bool stream_ready = false;
  std::int64_t last_used_ns = 0;
};

struct send_job {
  destination_state* dest = nullptr;
  batch b;
  std::size_t attempt = 0;    // attempts made
  std::size_t ambiguous = 0;  // earlier attempts that may have been stored
  bool needs_token = false;   // a retry: spend a budget token first
};

class shipper_engine {
 public:
  shipper_engine(const options& opts, shipper_dependencies deps);
  ~shipper_engine();

  bool log(const record_view& r) noexcept;
  flush_result flush(std::chrono::milliseconds timeout);
  shutdown_result shutdown(std::chrono::milliseconds deadline);
  delivery_counters counters() const;
  const shipping_options& shipping() const noexcept { return opts_.shipping; }
  // True in a child process after fork(): the threads do not exist here.
  bool forked() const noexcept;
  // A flush() is waiting or shutdown() began: everything held is to be sent.
  bool draining() const noexcept { return flush_waiters_.load() > 0 || stopping_.load(); }

 private:
  // dispatcher (engine_dispatch.cpp)
  void dispatcher_loop();
  void format_records(std::vector<queued_record>& records);
  void schedule_locked(std::int64_t now_ns, bool cut_all);
  void cut_largest_under_pressure_locked();
  void expire_idle_locked(std::int64_t now_ns);
  // senders (engine_send.cpp)
  void sender_loop();
  void process(send_job& job);
  bool ensure_stream(send_job& job);
  void settle_delivered(send_job& job, const put_log_events_response& response);
  void settle_dropped(batch& b, drop_reason reason);
  void retry_later(send_job&& job, bool ambiguous);
  void finish_job(destination_state* dest);
  void requeue_parked_locked(const std::string& group);  // a group creation finished: its waiters go
  void release_batch(const batch& b);
  // shared
  void diag(diagnostic_severity s, const std::string& message);
  std::int64_t steady_ns() const;
  std::uint64_t settled() const;
  // Waits a little for settlements; true once the clock has reached deadline.
  bool wait_settled_until(std::unique_lock<std::mutex>& lk, std::chrono::steady_clock::time_point deadline);
  void drop_everything_left();

  options opts_;
  shipper_dependencies deps_;
  std::shared_ptr<clock_source> clock_;
  std::shared_ptr<log_service> service_;
  router router_;
  std::vector<std::unique_ptr<plain_formatter>> plain_;  // per destination (null for JSON)
  drop_counters drops_;
  record_queue queue_;
  token_bucket budget_;
  level min_level_;
  std::uint64_t fork_generation_;

  // Everything below mu_ is shared between the dispatcher and the senders.
  mutable std::mutex mu_;
  std::condition_variable send_cv_;    // senders: a job is ready or abort
  std::condition_variable settle_cv_;  // flush/shutdown waiters
  std::unordered_map<std::string, std::unique_ptr<destination_state>> destinations_;
  std::multimap<std::int64_t, send_job> jobs_;  // by earliest send time (steady ns)
  std::unordered_set<std::string> groups_ready_;
  std::unordered_set<std::string> groups_creating_;  // a sender is creating it: others wait
  std::unordered_map<std::string, std::vector<send_job>> parked_for_group_;  // ... here, until it is done
  std::unordered_map<std::string, std::int64_t> groups_missing_;             // group -> recheck time
  std::unordered_set<std::string> groups_reported_;  // missing groups already reported
  std::size_t in_flight_ = 0;
  std::int64_t last_expiry_ns_ = 0;
  std::mt19937_64 rng_;

  std::atomic<int> flush_waiters_{0};
  std::atomic<bool> stopping_{false};  // shutdown began: cut everything, accept nothing
  std::atomic<bool> abort_{false};     // deadline passed: threads exit now
  std::atomic<bool> dispatcher_done_{false};
  bool shut_down_ = false;
  shutdown_result shutdown_result_;
  std::mutex shutdown_mu_;
  std::mutex diag_mu_;

  // Counters (relaxed; statistics).
  std::atomic<std::uint64_t> post_drops_{0};
  // Bytes of formatted events in builders, ready batches and requests: the
  // dispatcher drains the queue only while this is under downstream_limit_.
  std::atomic<std::int64_t> downstream_bytes_{0};
  std::size_t downstream_limit_ = 0;  // records dropped after they were enqueued
  std::atomic<std::uint64_t> delivered_{0}, rejected_{0}, retried_{0}, duplicated_{0}, split_{0},
      truncated_{0}, bytes_{0}, batches_{0}, groups_created_{0}, streams_created_{0}, latency_n_{0},
      latency_total_us_{0}, latency_max_us_{0};

  std::thread dispatcher_;
  std::vector<std::thread> senders_;
};

}  // namespace cwlog::detail
