#include "ship/engine.h"

#include <pthread.h>

#include <algorithm>

#include <cwlog/error.h>
#include <cwlog/tenant.h>
#include <cstdio>

#include "aws/aws_resolver.h"
#include "aws/environment.h"
#include "http/curl_transport.h"
#include "logs/logs_client.h"
#include "route/validate_options.h"
#include "ship/record_codec.h"

namespace cwlog::detail {
namespace {

// Bumped in the child after fork(): an engine created before sees a different
// generation and knows its threads do not exist in this process.
std::atomic<std::uint64_t> fork_generation{0};
std::once_flag atfork_once;
void on_fork_child() noexcept {
  fork_generation.fetch_add(1, std::memory_order_relaxed);
}

std::shared_ptr<log_service> build_service(const options& opts, shipper_dependencies& deps,
                                           const std::shared_ptr<clock_source>& clock) {
  if (deps.service) return deps.service;
  auto transport = deps.transport;
  if (!transport) {
    curl_transport_options t;
    t.connect_timeout = opts.aws.connect_timeout;
    t.total_timeout = opts.aws.request_timeout;
    transport = make_curl_transport(t);
  }
  logs_client_config cfg;
  std::shared_ptr<credentials_provider> creds = deps.credentials;
  if (creds && !opts.aws.endpoint.empty() && !opts.aws.region.empty()) {
    cfg.endpoint = opts.aws.endpoint;
    cfg.region = opts.aws.region;
  } else {
    auto diag = deps.diagnostics;
    auto resolved =
        resolve_aws(opts.aws, environment::from_process(), transport, clock, [diag](const std::string& m) {
          if (diag) diag(diagnostic{diagnostic_severity::warn, m});
        });
    if (!resolved) throw cwlog::error("cwlog shipper: " + resolved.error());
    cfg.endpoint = resolved->endpoint;
    cfg.region = resolved->region;
    if (!creds) creds = resolved->credentials;
  }
  cfg.gzip_put_log_events = opts.shipping.gzip;
  cfg.request_timeout = opts.aws.request_timeout;
  // One attempt per call: the engine retries itself (send schedule, shared budget).
  cfg.retry.max_attempts = 1;
  return make_logs_service(std::make_shared<logs_client>(cfg, transport, creds, clock));
}

}  // namespace

shipper_engine::shipper_engine(const options& opts, shipper_dependencies deps)
    : opts_(opts),
      deps_(std::move(deps)),
      clock_(deps_.clock ? deps_.clock : std::make_shared<system_clock_source>()),
      // validate() first (the config check's verdict, validate_options.h):
      // building the service may already reach the network for credentials.
      service_((throw_if_invalid(opts), build_service(opts_, deps_, clock_))),
      router_(opts_),
      queue_(opts.shipping.queue_bytes, opts.shipping.overflow, opts.shipping.block_timeout, *clock_, drops_),
      ledger_(queue_),
      min_levels_(opts.min_level, opts.logger_min_levels),
      global_min_level_(opts.min_level),
      per_logger_levels_(!opts.logger_min_levels.empty()),
      fork_generation_(0),
      // Rings take at most a quarter of the bound; the queue refuses more than half.
      rings_(
          ring_bytes_for(opts.shipping.queue_bytes), opts.shipping.queue_bytes / 4,
          [this](std::size_t n) { return queue_.reserve_fixed(n); },
          [this](std::size_t n) { queue_.release_fixed(n); }),
      // The TSC only with the system clock: an injected clock decides every timestamp.
      stamps_(*clock_, !deps_.clock),
      destinations_(deps_.limits, opts.shipping.idle_destination_ttl),
      scheduler_(send_schedule_options::from(opts.shipping, deps_.backoff_base, deps_.backoff_cap,
                                             deps_.jitter_seed),
                 *clock_),
      provisioner_(
          *service_, *clock_, stats_, [this](diagnostic_severity s, const std::string& m) { diag(s, m); },
          [this](std::vector<send_job>&& jobs) {
            // A group creation finished: the jobs that waited for it go now.
            std::lock_guard lk(mu_);
            const std::int64_t now = steady_ns();
            for (auto& job : jobs) scheduler_.add(std::move(job), now);
            send_cv_.notify_all();
          }),
      spool_(opts_.shipping, *clock_, [this](const std::string& m) { diag(diagnostic_severity::warn, m); }) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < router_.destination_count(); ++i) names.push_back(router_.destination(i).name);
  stats_.set_destinations(names);
  for (std::size_t i = 0; i < router_.destination_count(); ++i) {
    const auto& d = router_.destination(i);
    plain_.push_back(d.format == formatter_kind::plain ? std::make_unique<plain_formatter>(d.pattern)
                                                       : nullptr);
  }
  std::call_once(atfork_once, [] { pthread_atfork(nullptr, nullptr, on_fork_child); });
  fork_generation_ = fork_generation.load(std::memory_order_relaxed);
  dispatcher_ = std::thread([this] { dispatcher_loop(); });
  for (std::size_t i = 0; i < opts_.shipping.max_in_flight; ++i)
    senders_.emplace_back([this] { sender_loop(); });
}

shipper_engine::~shipper_engine() {
  if (forked()) {
    // Never reached through shipper (it leaks the engine in a child), kept for safety.
    for (auto& t : senders_) t.detach();
    dispatcher_.detach();
    return;
  }
  shutdown(opts_.shipping.shutdown_deadline);
}

bool shipper_engine::forked() const noexcept {
  return fork_generation_ != fork_generation.load(std::memory_order_relaxed);
}

std::int64_t shipper_engine::steady_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_->steady_now().time_since_epoch())
      .count();
}

bool shipper_engine::wait_settled_until(std::unique_lock<std::mutex>& lk,
                                        std::chrono::steady_clock::time_point deadline) {
  const auto now = clock_->steady_now();
  if (now >= deadline) return true;
  // Settling notifies settle_cv_, but the counters are atomics bumped outside
  // mu_ as well: look again at least every 5 ms.
  settle_cv_.wait_for(lk, std::min<std::chrono::nanoseconds>(clock_->real_wait(deadline - now),
                                                             std::chrono::milliseconds(5)));
  return false;
}

std::uint64_t shipper_engine::settled() const {
  return stats_.settled() + drops_.get(drop_reason::evicted);
}

std::uint64_t shipper_engine::add_flush_hook(std::function<void()> hook) {
  std::lock_guard lk(hooks_mu_);
  flush_hooks_.emplace(next_hook_, std::move(hook));
  return next_hook_++;
}

void shipper_engine::remove_flush_hook(std::uint64_t id) {
  std::lock_guard lk(hooks_mu_);
  flush_hooks_.erase(id);
}

void shipper_engine::run_flush_hooks() {
  std::lock_guard lk(hooks_mu_);
  for (auto& [id, hook] : flush_hooks_) hook();
}

std::uint64_t shipper_engine::owed(std::uint64_t records) const {
  return records + stats_.extra_copies() + spool_.replayed_routed();
}

bool shipper_engine::unsettled(std::uint64_t records) const {
  // Records a dead shipper left and this one has yet to route are owed too.
  return settled() < owed(records) || spool_.replaying();
}

flush_result shipper_engine::flush(std::chrono::milliseconds timeout) {
  flush_result res;
  if (forked()) return res;
  if (dispatcher_done_) {
    // After shutdown(): every record was settled by it (delivered or counted
    // as dropped), and later ones are refused, so there is nothing to wait for.
    res.complete = true;
    return res;
  }
  run_flush_hooks();
  const auto deadline = clock_->steady_now() + timeout;
  flush_waiters_.fetch_add(1);
  // Every record logged before this call is in a ring or the queue: once the
  // rings are consumed past where their threads had written, it is queued
  // (or counted as dropped), and the queue's count is the target.
  const auto marks = rings_.marks();
  collect_rings();
  wait_rings_past(marks, deadline);
  const std::uint64_t target = queue_.enqueued();
  queue_.wake();
  {
    std::unique_lock lk(mu_);
    while (unsettled(target) && !abort_) {
      if (wait_settled_until(lk, deadline)) break;
    }
  }
  flush_waiters_.fetch_sub(1);
  const std::uint64_t done = settled();
  const std::uint64_t want = owed(target);
  res.complete = done >= want && !spool_.replaying();
  res.pending = done >= want ? 0 : want - done;
  // Not all settled: what was logged is on disk when flush() returns.
  if (spool_.enabled() && !res.complete) wait_spool_written();
  return res;
}

void shipper_engine::wait_spool_written() {
  // The dispatcher drains the queue, then serves the request it read before
  // draining: what was logged before this call is then on disk. A tick away;
  // no deadline, as local I/O ends (an error is counted, not waited out).
  const std::uint64_t ticket = spool_write_requested_.fetch_add(1) + 1;
  queue_.wake();
  std::unique_lock lk(mu_);
  while (spool_written_.load() < ticket && !dispatcher_done_.load())
    settle_cv_.wait_for(lk, std::chrono::milliseconds(5));
}

shutdown_result shipper_engine::shutdown(std::chrono::milliseconds deadline) {
  std::lock_guard guard(shutdown_mu_);
  if (shut_down_ || forked()) return shutdown_result_;
  run_flush_hooks();  // before the queue closes
  shut_down_ = true;
  const auto until = clock_->steady_now() + deadline;
  stopping_ = true;
  collect_rings();  // what callers wrote so far is accepted; later records are refused
  queue_.close();
  const std::uint64_t target = queue_.enqueued();
  {
    std::unique_lock lk(mu_);
    while (unsettled(target)) {
      if (wait_settled_until(lk, until)) break;
    }
    abort_ = true;
  }
  queue_.wake();
  send_cv_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  for (auto& t : senders_)
    if (t.joinable()) t.join();
  const std::uint64_t before = drops_.get(drop_reason::shutdown_deadline);
  drop_everything_left();
  shutdown_result_.undelivered = drops_.get(drop_reason::shutdown_deadline) - before;
  shutdown_result_.complete = shutdown_result_.undelivered == 0;
  return shutdown_result_;
}

void shipper_engine::drop_everything_left() {
  std::vector<queued_record> left;
  queue_.drain(left, std::chrono::milliseconds(0));
  // With the spool, what was never routed stays on disk for the next shipper
  // (and so does every copy dropped below: shutdown_deadline does not settle).
  spool_.keep_unrouted(left);
  for (auto& r : left) shutdown_result_.undelivered_bytes += r.blob.size();
  drops_.add(drop_reason::shutdown_deadline, left.size());
  stats_.dropped_downstream(left.size());
  // Records still in rings (overflow_policy::block found no room, or a caller
  // raced with shutdown) were accepted by log() and are not delivered either.
  rings_.for_each([&](thread_ring& ring) {
    drops_.add(drop_reason::shutdown_deadline, ring.consume([&](std::string_view rec) {
      shutdown_result_.undelivered_bytes += rec.size();
      return true;
    }));
  });
  ledger_.dropped_unformatted(left);
  const auto drop = [&](batch& b) {
    for (auto& e : b.events) shutdown_result_.undelivered_bytes += e.message_bytes;
    settle_dropped(b, drop_reason::shutdown_deadline);
  };
  std::lock_guard lk(mu_);
  for (auto& job : scheduler_.take_all()) drop(job.b);
  for (auto& job : provisioner_.take_parked()) drop(job.b);
  destinations_.for_each([&](destination_state& d) {
    for (auto& b : d.ready) drop(b);
    d.ready.clear();
    while (!d.builder.empty()) {
      batch rest = d.builder.cut();
      drop(rest);
    }
  });
}

delivery_counters shipper_engine::counters() {
  // In a child after fork() the locks may have been held by a thread that does
  // not exist here: report only what atomics hold.
  const bool child = forked();
  // First, so that the drops this counts are in the figures below.
  if (!child) collect_rings();
  delivery_counters c;
  stats_.copy_to(c);
  drops_.copy_to(c.dropped);
  c.queue_capacity = queue_.capacity();
  if (child) return c;
  c.enqueued = queue_.enqueued();
  spool_.copy_to(c.spool);
  c.queue_bytes = queue_.bytes() + rings_.bytes_in_use();
  std::lock_guard lk(mu_);
  c.destinations = destinations_.size();
  return c;
}

void shipper_engine::diag(diagnostic_severity s, const std::string& message) {
  std::lock_guard lk(diag_mu_);
  if (deps_.diagnostics) {
    try {
      deps_.diagnostics(diagnostic{s, message});
    } catch (...) {
      // A throwing handler must not kill a sender thread.
    }
    return;
  }
  const char* sev = s == diagnostic_severity::error  ? "error"
                    : s == diagnostic_severity::warn ? "warning"
                                                     : "info";
  std::fprintf(stderr, "cwlog: %s: %s\n", sev, message.c_str());
}

}  // namespace cwlog::detail
