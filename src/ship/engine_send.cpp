// Sender threads: create the group and stream once, put batches, retry with
// backoff under the shared budget, settle every event exactly once.
#include <algorithm>
#include <unordered_map>

#include "ship/engine.h"

namespace cwlog::detail {
namespace {

std::string describe(const logs_error& e) {
  std::string s = e.aws_type.empty() ? std::string("error") : e.aws_type;
  if (e.http_status) s += " (HTTP " + std::to_string(e.http_status) + ")";
  if (!e.message.empty()) s += ": " + e.message;
  return s;
}

std::string class_name(log_group_class c) {
  return c == log_group_class::infrequent_access ? "INFREQUENT_ACCESS" : "STANDARD";
}

}  // namespace

void shipper_engine::sender_loop() {
  std::unique_lock lk(mu_);
  while (!abort_.load()) {
    if (jobs_.empty()) {
      send_cv_.wait_for(lk, std::chrono::milliseconds(100));
      continue;
    }
    auto it = jobs_.begin();
    const std::int64_t now = steady_ns();
    if (it->first > now) {
      // Due by the injected clock; the real wait is only when to look again.
      send_cv_.wait_for(
          lk,
          clock_->real_wait(std::chrono::nanoseconds(std::min<std::int64_t>(it->first - now, 100'000'000))));
      continue;
    }
    send_job job = std::move(it->second);
    jobs_.erase(it);
    if (job.needs_token) {
      if (!budget_.try_acquire()) {
        // The shared budget is spent: wait for the next token instead of adding traffic.
        const auto wait = std::max<std::int64_t>(budget_.wait_time().count(), 1'000'000);
        jobs_.emplace(now + wait, std::move(job));
        continue;
      }
      job.needs_token = false;
    }
    ++in_flight_;
    lk.unlock();
    process(job);
    lk.lock();
    --in_flight_;
  }
}

void shipper_engine::process(send_job& job) {
  if (!ensure_stream(job)) return;
  destination_state* d = job.dest;
  auto res = service_->put_log_events(put_events_view{d->group, d->stream, job.b.events});
  if (res) {
    settle_delivered(job, *res);
    std::lock_guard lk(mu_);
    finish_job(d);
    return;
  }
  switch (classify(res.error())) {
    case failure_class::missing: {
      // Someone deleted the group or stream: create again, then resend.
      {
        std::lock_guard lk(mu_);
        d->stream_ready = false;
        groups_ready_.erase(d->group);
      }
      diag(diagnostic_severity::warning, "PutLogEvents to " + d->group + " / " + d->stream + ": " +
                                             describe(res.error()) + "; creating it again");
      retry_later(std::move(job), false);
      return;
    }
    case failure_class::retry:
      retry_later(std::move(job), false);
      return;
    case failure_class::retry_ambiguous:
      retry_later(std::move(job), true);
      return;
    default: {
      diag(diagnostic_severity::error,
           "PutLogEvents to " + d->group + " / " + d->stream + " failed: " + describe(res.error()) + "; " +
               std::to_string(job.b.records()) + " records dropped (service_error)");
      settle_dropped(job.b, drop_reason::service_error);
      std::lock_guard lk(mu_);
      finish_job(d);
    }
  }
}

bool shipper_engine::ensure_stream(send_job& job) {
  destination_state* d = job.dest;
  bool group_known = false;
  const auto& dopts = router_.destination(d->index);
  {
    std::lock_guard lk(mu_);
    if (d->stream_ready) return true;
    auto missing = groups_missing_.find(d->group);
    if (missing != groups_missing_.end()) {
      if (steady_ns() < missing->second) {
        settle_dropped(job.b, drop_reason::group_missing);
        finish_job(d);
        return false;
      }
      groups_missing_.erase(missing);  // time to check again
    }
    group_known = groups_ready_.contains(d->group);
    if (dopts.create_group && !group_known) {
      if (groups_creating_.contains(d->group)) {
        // Another sender is creating this group: park the job until it is
        // done (creating_done requeues it) rather than send a second
        // CreateLogGroup or poll.
        parked_for_group_[d->group].push_back(std::move(job));
        return false;
      }
      groups_creating_.insert(d->group);
    }
  }
  const auto fail = [&](const logs_error& e, const char* op) {
    switch (classify(e)) {
      case failure_class::retry:
      case failure_class::retry_ambiguous:
      case failure_class::missing:
        retry_later(std::move(job), false);
        return;
      default: {
        diag(diagnostic_severity::error,
             std::string(op) + " " + d->group + " / " + d->stream + " failed: " + describe(e) + "; " +
                 std::to_string(job.b.records()) + " records dropped (service_error)");
        settle_dropped(job.b, drop_reason::service_error);
        std::lock_guard lk(mu_);
        finish_job(d);
      }
    }
  };
  if (dopts.create_group && !group_known) {
    create_log_group_request g;
    g.log_group_name = d->group;
    g.kms_key_id = dopts.kms_key_id;
    g.tags = dopts.tags;
    g.log_group_class = class_name(dopts.group_class);
    auto r = service_->create_log_group(g);
    struct creating_done {
      shipper_engine* e;
      std::string group;  // a copy: the destination may expire once its job is finished
      ~creating_done() {
        std::lock_guard lk(e->mu_);
        e->groups_creating_.erase(group);
        e->requeue_parked_locked(group);
      }
    } done{this, d->group};
    if (r) {
      groups_created_.fetch_add(1);
      if (dopts.retention_days) {
        auto p = service_->put_retention_policy({d->group, *dopts.retention_days});
        if (!p)
          diag(diagnostic_severity::warning, "PutRetentionPolicy on " + d->group + " failed: " +
                                                 describe(p.error()) + "; the group never expires");
      }
    } else if (classify(r.error()) != failure_class::exists) {
      fail(r.error(), "CreateLogGroup");
      return false;
    }
    std::lock_guard lk(mu_);
    groups_ready_.insert(d->group);
  }
  auto s = service_->create_log_stream({d->group, d->stream});
  if (s || classify(s.error()) == failure_class::exists) {
    if (s) streams_created_.fetch_add(1);
    std::lock_guard lk(mu_);
    d->stream_ready = true;
    return true;
  }
  if (classify(s.error()) == failure_class::missing) {
    if (dopts.create_group) {
      std::lock_guard lk(mu_);
      groups_ready_.erase(d->group);  // deleted since we created it
    } else {
      bool first = false;
      {
        std::lock_guard lk(mu_);
        groups_missing_[d->group] =
            steady_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(missing_group_recheck).count();
        first = groups_reported_.insert(d->group).second;
      }
      if (first)
        diag(diagnostic_severity::error,
             "log group " + d->group + " does not exist and destination \"" + dopts.name +
                 "\" has create_group=false; its records are dropped (drop reason group_missing)");
      settle_dropped(job.b, drop_reason::group_missing);
      std::lock_guard lk(mu_);
      finish_job(d);
      return false;
    }
  }
  fail(s.error(), "CreateLogStream");
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
  for (std::size_t i = 0; i < events.size(); ++i) {
    oldest = std::min(oldest, events[i].enqueued_ns);
    if (i < old_end || i >= new_start) {
      rejected += events[i].weight;
    } else {
      delivered += events[i].weight;
      bytes += events[i].message.size();
    }
  }
  if (rejected)
    diag(diagnostic_severity::warning, std::to_string(rejected) + " events to " + job.dest->group + " / " +
                                           job.dest->stream +
                                           " rejected by the service (too old, too new or expired)");
  // Each earlier attempt with an unknown outcome may have stored the batch once
  // more, and so may the transport's own silent resend of this attempt.
  duplicated_.fetch_add(events.size() * (job.ambiguous + (response.resent ? 1 : 0)));
  delivered_.fetch_add(delivered);
  rejected_.fetch_add(rejected);
  bytes_.fetch_add(bytes);
  batches_.fetch_add(1);
  if (oldest != INT64_MAX) {
    const auto us = static_cast<std::uint64_t>(std::max<std::int64_t>(0, (steady_ns() - oldest) / 1000));
    latency_n_.fetch_add(1);
    latency_total_us_.fetch_add(us);
    auto prev = latency_max_us_.load();
    while (us > prev && !latency_max_us_.compare_exchange_weak(prev, us)) {
    }
  }
  release_batch(job.b);
  settle_cv_.notify_all();
}

void shipper_engine::settle_dropped(batch& b, drop_reason reason) {
  const std::uint64_t n = b.records();
  drops_.add(reason, n);
  post_drops_.fetch_add(n);
  release_batch(b);
  b.events.clear();
  settle_cv_.notify_all();
}

void shipper_engine::retry_later(send_job&& job, bool ambiguous) {
  if (ambiguous) ++job.ambiguous;
  ++job.attempt;
  destination_state* d = job.dest;
  if (job.attempt >= opts_.shipping.max_attempts) {
    diag(diagnostic_severity::error,
         "giving up on a batch to " + d->group + " / " + d->stream + " after " + std::to_string(job.attempt) +
             " attempts; " + std::to_string(job.b.records()) + " records dropped (retries_exhausted)");
    settle_dropped(job.b, drop_reason::retries_exhausted);
    std::lock_guard lk(mu_);
    finish_job(d);
    return;
  }
  retried_.fetch_add(1);
  std::lock_guard lk(mu_);
  // Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))].
  const auto base = std::chrono::duration_cast<std::chrono::nanoseconds>(deps_.backoff_base).count();
  const auto cap = std::chrono::duration_cast<std::chrono::nanoseconds>(deps_.backoff_cap).count();
  const auto shift = std::min<std::size_t>(job.attempt - 1, 30);
  const std::int64_t ceiling = std::min<std::int64_t>(cap, base << shift);
  const std::int64_t delay = ceiling > 0 ? std::uniform_int_distribution<std::int64_t>(0, ceiling)(rng_) : 0;
  job.needs_token = true;
  jobs_.emplace(steady_ns() + delay, std::move(job));
  send_cv_.notify_one();
}

void shipper_engine::requeue_parked_locked(const std::string& group) {
  auto parked = parked_for_group_.find(group);
  if (parked == parked_for_group_.end()) return;
  const std::int64_t now = steady_ns();
  for (auto& job : parked->second) jobs_.emplace(now, std::move(job));
  parked_for_group_.erase(parked);
  send_cv_.notify_all();
}

void shipper_engine::release_batch(const batch& b) {
  std::unordered_map<tenant_lane*, std::ptrdiff_t> by_lane;
  std::int64_t total = 0;
  for (const auto& e : b.events) {
    by_lane[e.lane] -= static_cast<std::ptrdiff_t>(e.accounted);
    total += static_cast<std::int64_t>(e.accounted);
  }
  queue_.adjust(std::vector<std::pair<tenant_lane*, std::ptrdiff_t>>(by_lane.begin(), by_lane.end()));
  downstream_bytes_.fetch_sub(total);
}

void shipper_engine::finish_job(destination_state* d) {
  d->busy = false;
  // While a flush or shutdown waits, what the builder gathered during the
  // batch just finished goes next (schedule_locked leaves busy destinations'
  // builders to grow).
  if (d->ready.empty() && !d->builder.empty() && draining()) {
    while (!d->builder.empty()) d->ready.push_back(d->builder.cut());
  }
  if (!d->ready.empty()) {
    // The next batch of this destination goes right away, not at the next tick.
    send_job next;
    next.dest = d;
    next.b = std::move(d->ready.front());
    d->ready.pop_front();
    d->busy = true;
    jobs_.emplace(steady_ns(), std::move(next));
    send_cv_.notify_one();
  }
}

}  // namespace cwlog::detail
