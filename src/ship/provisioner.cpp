#include "ship/provisioner.h"

#include "rules/log_group_class.h"
#include "ship/destination_table.h"
#include "ship/limits.h"

namespace cwlog::detail {
namespace {

// A create that failed: worth another attempt later, or refused for good.
provisioner::result create_failed(const logs_error& e, const char* op, const destination_state& d) {
  switch (classify(e)) {
    case retry_class::transient:
    case retry_class::ambiguous:  // creating twice is harmless (ResourceAlreadyExists)
    case retry_class::after_refresh:
    case retry_class::after_clock_fix:
    case retry_class::missing:
      return {provisioner::outcome::retry, std::string(op) + ": " + error_summary(e), classify(e),
              endpoint_unreachable(e)};
    default:
      return {provisioner::outcome::failed,
              std::string(op) + " " + d.group + " / " + d.stream + " failed: " + error_summary(e)};
  }
}

}  // namespace

provisioner::provisioner(log_service& service, const clock_source& clock, delivery_stats& stats,
                         diagnose_fn diagnose, requeue_fn requeue)
    : service_(service),
      clock_(clock),
      stats_(stats),
      diagnose_(std::move(diagnose)),
      requeue_(std::move(requeue)) {}

std::int64_t provisioner::steady_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.steady_now().time_since_epoch()).count();
}

provisioner::result provisioner::ensure(send_job& job, const destination_options& d) {
  const destination_state& dest = *job.dest;
  bool create = false;
  {
    std::lock_guard lk(mu_);
    auto missing = groups_missing_.find(dest.group);
    if (missing != groups_missing_.end()) {
      if (steady_ns() < missing->second) return {outcome::group_missing, {}};
      groups_missing_.erase(missing);  // time to check again
    }
    if (d.create_group && !groups_ready_.contains(dest.group)) {
      if (groups_creating_.contains(dest.group)) {
        parked_for_group_[dest.group].push_back(std::move(job));
        return {outcome::parked, {}};
      }
      groups_creating_.insert(dest.group);
      create = true;
    }
  }
  if (create) {
    auto r = create_group(job, d);
    if (r.what != outcome::ready) return r;
  }
  // Pre-created (create_stream = false): a missing stream shows as
  // ResourceNotFound on the put.
  if (!d.create_stream) return {outcome::ready, {}};
  auto s = service_.create_log_stream({dest.group, dest.stream});
  if (s) {
    stats_.stream_created();
    return {outcome::ready, {}};
  }
  const auto cls = classify(s.error());
  if (cls == retry_class::exists) return {outcome::ready, {}};
  if (cls == retry_class::missing) {
    if (d.create_group) {
      forget_group(dest.group);  // deleted since it was created: create it again, then the stream
    } else {
      bool first = false;
      {
        std::lock_guard lk(mu_);
        groups_missing_[dest.group] =
            steady_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(missing_group_recheck).count();
        first = groups_reported_.insert(dest.group).second;
      }
      if (first)
        diagnose_(diagnostic_severity::error,
                  "log group " + dest.group + " does not exist and destination \"" + d.name +
                      "\" has create_group=false; its records are dropped (drop reason group_missing)");
      return {outcome::group_missing, {}};
    }
  }
  return create_failed(s.error(), "CreateLogStream", dest);
}

provisioner::result provisioner::create_group(send_job& job, const destination_options& d) {
  const destination_state& dest = *job.dest;
  // A copy: the destination may expire once its job is finished.
  const std::string group = dest.group;
  create_log_group_request g;
  g.log_group_name = group;
  g.kms_key_id = d.kms_key_id;
  g.tags = d.tags;
  g.log_group_class = log_group_class_name(d.group_class);
  auto r = service_.create_log_group(g);
  if (r) {
    stats_.group_created();
    if (d.retention_days) {
      auto p = service_.put_retention_policy({group, *d.retention_days});
      if (!p)
        diagnose_(diagnostic_severity::warn, "PutRetentionPolicy on " + group + " failed: " +
                                                 error_summary(p.error()) + "; the group never expires");
    }
  } else if (classify(r.error()) != retry_class::exists) {
    auto failed = create_failed(r.error(), "CreateLogGroup", dest);
    creation_done(group, false);
    return failed;
  }
  creation_done(group, true);
  return {outcome::ready, {}};
}

void provisioner::creation_done(const std::string& group, bool created) {
  std::vector<send_job> waiting;
  {
    std::lock_guard lk(mu_);
    if (created) groups_ready_.insert(group);
    groups_creating_.erase(group);
    auto parked = parked_for_group_.find(group);
    if (parked != parked_for_group_.end()) {
      waiting = std::move(parked->second);
      parked_for_group_.erase(parked);
    }
  }
  // Outside the lock: the engine takes its own to schedule them.
  if (!waiting.empty()) requeue_(std::move(waiting));
}

void provisioner::forget_group(const std::string& group) {
  std::lock_guard lk(mu_);
  groups_ready_.erase(group);
}

std::vector<send_job> provisioner::take_parked() {
  std::lock_guard lk(mu_);
  std::vector<send_job> out;
  for (auto& [group, jobs] : parked_for_group_)
    for (auto& job : jobs) out.push_back(std::move(job));
  parked_for_group_.clear();
  return out;
}

}  // namespace cwlog::detail
