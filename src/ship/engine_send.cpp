// Sender threads: take due jobs from the scheduler, have the provisioner make
// the stream exist, put the batch through the service, and settle every event
// exactly once (delivered, rejected or dropped) or hand the job back for a
// retry: after a backoff when the service answered with a failure that may
// pass, held with every other job when the endpoint gave no answer (the
// scheduler probes it), dropped as too_old once CloudWatch would refuse it.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "rules/put_log_events.h"
#include "ship/engine.h"

namespace cwlog::detail {
namespace {

// A settlement's share per configured destination: a batch holds the copies
// of every destination that names its (group, stream), nearly always one.
struct destination_share {
  std::uint32_t destination = pending_event::no_destination;
  std::uint64_t copies = 0;    // delivered (or dropped) copies
  std::uint64_t rejected = 0;  // copies the service rejected
  std::uint64_t events = 0;    // events, parts of split records included
};

destination_share& share_of(std::vector<destination_share>& shares, std::uint32_t destination) {
  for (auto& s : shares)
    if (s.destination == destination) return s;
  auto& added = shares.emplace_back();
  added.destination = destination;
  return added;
}

// A probe of a down endpoint that ends without learning anything (parked
// behind another sender's group creation, or dropped as too old) lets the
// next job probe; after an answer or a failure the scheduler already knows.
class probe_guard {
 public:
  probe_guard(std::mutex& mu, send_scheduler& scheduler, std::condition_variable& cv, bool probe)
      : mu_(mu), scheduler_(scheduler), cv_(cv), probe_(probe) {}
  probe_guard(const probe_guard&) = delete;
  probe_guard& operator=(const probe_guard&) = delete;
  ~probe_guard() {
    if (!probe_) return;
    std::lock_guard lk(mu_);
    scheduler_.probe_ended();
    cv_.notify_one();
  }

 private:
  std::mutex& mu_;
  send_scheduler& scheduler_;
  std::condition_variable& cv_;
  bool probe_;
};

}  // namespace

void shipper_engine::sender_loop() {
  std::unique_lock lk(mu_);
  while (!abort_.load()) {
    std::int64_t wait_ns = 0;
    auto job = scheduler_.next(steady_ns(), wait_ns);
    if (!job) {
      // Nothing scheduled: schedule_locked and finish_job notify. Something
      // due later: due by the injected clock; the real wait is only when to
      // look again.
      const auto wait =
          wait_ns > 0
              ? clock_->real_wait(std::chrono::nanoseconds(std::min<std::int64_t>(wait_ns, 100'000'000)))
              : std::chrono::nanoseconds(std::chrono::milliseconds(100));
      send_cv_.wait_for(lk, wait);
      continue;
    }
    lk.unlock();
    process(*job);
    lk.lock();
  }
}

void shipper_engine::process(send_job& job) {
  const probe_guard guard(mu_, scheduler_, send_cv_, job.probe);
  if (job.attempt > 0 && !drop_too_old(job)) return;
  if (!ensure_stream(job)) return;
  destination_state* d = job.dest;
  auto res = service_->put_log_events(put_events_view{d->group, d->stream, job.b, d->emf});
  if (res) {
    settle_delivered(job, *res);
    std::lock_guard lk(mu_);
    endpoint_answered_locked();
    finish_job(d);
    return;
  }
  const retry_class cls = classify(res.error());
  if (endpoint_unreachable(res.error())) {
    hold_for_endpoint(std::move(job), cls, "PutLogEvents: " + error_summary(res.error()));
    return;
  }
  {
    std::lock_guard lk(mu_);
    endpoint_answered_locked();
  }
  switch (cls) {
    case retry_class::missing: {
      // Someone deleted the group or stream: create again, then resend.
      {
        std::lock_guard lk(mu_);
        d->stream_ready = false;
      }
      provisioner_.forget_group(d->group);
      diag(diagnostic_severity::warn, "PutLogEvents to " + d->group + " / " + d->stream + ": " +
                                          error_summary(res.error()) + "; creating it again");
      retry_later(std::move(job), cls);
      return;
    }
    case retry_class::transient:
    case retry_class::ambiguous:        // may be stored: counted as possible duplicates
    case retry_class::after_refresh:    // the client invalidated the credentials
    case retry_class::after_clock_fix:  // the client learned the server's time
      retry_later(std::move(job), cls);
      return;
    default: {
      diag(diagnostic_severity::error,
           "PutLogEvents to " + d->group + " / " + d->stream + " failed: " + error_summary(res.error()) +
               "; " + std::to_string(job.b.records()) + " copies dropped (service_error)");
      settle_dropped(job.b, drop_reason::service_error);
      std::lock_guard lk(mu_);
      finish_job(d);
    }
  }
}

bool shipper_engine::ensure_stream(send_job& job) {
  destination_state* d = job.dest;
  {
    std::lock_guard lk(mu_);
    if (d->stream_ready) return true;
  }
  const auto r = provisioner_.ensure(job, *d->opts);
  switch (r.what) {
    case provisioner::outcome::ready: {
      std::lock_guard lk(mu_);
      d->stream_ready = true;
      // The stream exists: the batches that waited for it may go alongside.
      if (send_ready_locked(d, steady_ns()) > 0) send_cv_.notify_all();
      return true;
    }
    case provisioner::outcome::parked:
      return false;  // the provisioner holds the job until the group exists
    case provisioner::outcome::retry:
      if (r.unreachable) {
        hold_for_endpoint(std::move(job), r.cls, r.failure);
      } else {
        {
          std::lock_guard lk(mu_);
          endpoint_answered_locked();
        }
        retry_later(std::move(job), r.cls);
      }
      return false;
    case provisioner::outcome::group_missing:
      settle_dropped(job.b, drop_reason::group_missing);
      break;
    case provisioner::outcome::failed:
      diag(diagnostic_severity::error,
           r.failure + "; " + std::to_string(job.b.records()) + " copies dropped (service_error)");
      settle_dropped(job.b, drop_reason::service_error);
      break;
  }
  std::lock_guard lk(mu_);
  finish_job(d);
  return false;
}

void shipper_engine::settle_delivered(send_job& job, const put_log_events_response& response) {
  const auto& events = job.b.events;
  std::size_t old_end = 0, new_start = events.size();
  if (response.rejected_info) {
    const auto& info = *response.rejected_info;
    // tooOld and expired end indexes are exclusive; tooNew start is inclusive (service model).
    if (info.too_old_log_event_end_index)
      old_end = std::max<std::size_t>(
          old_end, static_cast<std::size_t>(std::max(0, *info.too_old_log_event_end_index)));
    if (info.expired_log_event_end_index)
      old_end = std::max<std::size_t>(
          old_end, static_cast<std::size_t>(std::max(0, *info.expired_log_event_end_index)));
    if (info.too_new_log_event_start_index)
      new_start = std::min<std::size_t>(
          new_start, static_cast<std::size_t>(std::max(0, *info.too_new_log_event_start_index)));
  }
  std::uint64_t delivered = 0, rejected = 0, bytes = 0;
  std::int64_t oldest = INT64_MAX;
  std::vector<destination_share> shares;
  for (std::size_t i = 0; i < events.size(); ++i) {
    oldest = std::min(oldest, events[i].enqueued_ns);
    auto& share = share_of(shares, events[i].destination);
    ++share.events;
    if (i < old_end || i >= new_start) {
      rejected += events[i].weight();
      share.rejected += events[i].weight();
    } else {
      delivered += events[i].weight();
      share.copies += events[i].weight();
      bytes += events[i].message_bytes;
    }
  }
  if (rejected)
    diag(diagnostic_severity::warn, std::to_string(rejected) + " events to " + job.dest->group + " / " +
                                        job.dest->stream +
                                        " rejected by the service (too old, too new or expired)");
  // Each earlier attempt with an unknown outcome may have stored the batch once
  // more, and so may the transport's own silent resend of this attempt.
  const std::uint64_t stored_again = job.ambiguous + (response.resent ? 1 : 0);
  const std::uint64_t duplicates = events.size() * stored_again;
  const std::int64_t latency_us =
      oldest == INT64_MAX ? -1 : std::max<std::int64_t>(0, (steady_ns() - oldest) / 1000);
  // The bytes go back and the spool forgets the records before the counters
  // say so: a flush() that sees them settled sees nothing held for them.
  spool_.settled(job.b);
  ledger_.settled(job.b);
  // Per destination first: a reader that sees the totals sees its share.
  for (const auto& sh : shares)
    stats_.destination_settled(sh.destination, sh.copies, sh.rejected, sh.events * stored_again);
  stats_.put_settled(delivered, rejected, bytes, duplicates, latency_us);
  settle_cv_.notify_all();
}

void shipper_engine::settle_dropped(batch& b, drop_reason reason) {
  std::uint64_t n = 0;
  std::vector<destination_share> shares;
  for (const auto& e : b.events) {
    n += e.weight();
    share_of(shares, e.destination).copies += e.weight();
  }
  // A copy undelivered at the shutdown deadline stays in the spool: the next
  // shipper sends it. Every other drop is final. (Released before counted, as
  // in settle_delivered.)
  if (reason != drop_reason::shutdown_deadline) spool_.settled(b);
  ledger_.settled(b);
  drops_.add(reason, n);
  for (const auto& sh : shares) stats_.copies_dropped(sh.destination, reason, sh.copies);
  b.events.clear();
  b.wire = {};
  b.held = 0;
  settle_cv_.notify_all();
}

void shipper_engine::retry_later(send_job&& job, retry_class cls) {
  destination_state* d = job.dest;
  if (!scheduler_.count_failure(job, cls)) {
    diag(diagnostic_severity::error,
         "giving up on a batch to " + d->group + " / " + d->stream + " after " + std::to_string(job.attempt) +
             " attempts; " + std::to_string(job.b.records()) + " copies dropped (retries_exhausted)");
    settle_dropped(job.b, drop_reason::retries_exhausted);
    std::lock_guard lk(mu_);
    finish_job(d);
    return;
  }
  stats_.retried();
  std::lock_guard lk(mu_);
  scheduler_.retry(std::move(job), steady_ns());
  send_cv_.notify_one();
}

void shipper_engine::hold_for_endpoint(send_job&& job, retry_class cls, const std::string& why) {
  scheduler_.count_failure(job, cls);  // no attempt limit: it passes by waiting
  stats_.retried();
  bool went_down = false;
  {
    std::lock_guard lk(mu_);
    went_down = !scheduler_.endpoint_is_down();
    scheduler_.endpoint_down(std::move(job), steady_ns());
    send_cv_.notify_all();
  }
  if (went_down)
    diag(diagnostic_severity::warn,
         "the CloudWatch Logs endpoint does not answer (" + why +
             "); holding every batch and probing it with one request per backoff step");
}

void shipper_engine::endpoint_answered_locked() {
  if (!scheduler_.endpoint_is_down()) return;
  scheduler_.endpoint_answered();
  send_cv_.notify_all();  // the backlog goes now
}

bool shipper_engine::drop_too_old(send_job& job) {
  destination_state* d = job.dest;
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_->now().time_since_epoch()).count();
  const int retention = d->opts && d->opts->retention_days ? *d->opts->retention_days : 0;
  batch old = take_older_than(job.b, oldest_accepted_ms(now_ms, retention));
  if (old.events.empty()) return true;
  diag(diagnostic_severity::error, std::to_string(old.records()) + " copies to " + d->group + " / " +
                                       d->stream +
                                       " dropped (too_old): older than CloudWatch accepts by the time they "
                                       "could be sent again");
  settle_dropped(old, drop_reason::too_old);
  if (!job.b.events.empty()) return true;
  std::lock_guard lk(mu_);
  finish_job(d);
  return false;
}

void shipper_engine::finish_job(destination_state* d) {
  --d->in_flight;
  // While a flush or shutdown waits, what the builder gathered during the
  // batches just finished goes next (schedule_locked leaves busy destinations'
  // builders to grow).
  if (d->in_flight == 0 && d->ready.empty() && !d->builder.empty() && draining()) {
    while (!d->builder.empty()) d->ready.push_back(d->builder.cut());
  }
  // The next batches of this destination go right away, not at the next tick.
  for (std::size_t n = send_ready_locked(d, steady_ns()); n > 0; --n) send_cv_.notify_one();
}

std::size_t shipper_engine::send_ready_locked(destination_state* d, std::int64_t now_ns) {
  std::size_t sent = 0;
  while (!d->ready.empty() && d->has_room(opts_.shipping.max_in_flight_per_stream)) {
    send_job job;
    job.dest = d;
    job.b = std::move(d->ready.front());
    d->ready.pop_front();
    ++d->in_flight;
    scheduler_.add(std::move(job), now_ns);
    ++sent;
  }
  return sent;
}

}  // namespace cwlog::detail
