#pragma once
// Creates each destination's log group and stream once, before its first put:
// CreateLogGroup with the destination's KMS key, tags and class, then
// PutRetentionPolicy when retention_days is set, then CreateLogStream;
// ResourceAlreadyExists is success. Never a create call per record, never a
// Describe* call.
//  - While one sender creates a group, the jobs of its other streams park
//    here and go back to the send schedule when it is done: no second
//    CreateLogGroup, no polling.
//  - create_group = false and the group does not exist: reported once, the
//    records dropped (group_missing), the group checked again after
//    missing_group_recheck, never in a tight loop.
//  - ResourceNotFound on a put (someone deleted the group or stream):
//    forget_group(), and the next ensure() creates both again.
// Thread-safe; called by the senders without the engine's lock.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <cwlog/options.h>
#include <cwlog/shipper.h>

#include "common/clock.h"
#include "ship/delivery_stats.h"
#include "ship/log_service.h"
#include "ship/send_scheduler.h"

namespace cwlog::detail {

class provisioner {
 public:
  enum class outcome {
    ready,          // the stream exists: put the batch
    parked,         // another sender creates the group: the job was taken, requeue() returns it
    retry,          // a create failed for now: resend the job later
    group_missing,  // create_group = false and the group does not exist: drop (group_missing)
    failed          // a create was refused for good: drop (service_error); `failure` says why
  };
  struct result {
    outcome what = outcome::ready;
    std::string failure;  // failed and retry: the call and its error, for diagnostics
    // retry: the failed create's class, and whether the endpoint gave no
    // answer at all (logs/retry.h), for the send schedule.
    retry_class cls = retry_class::transient;
    bool unreachable = false;
  };
  using diagnose_fn = std::function<void(diagnostic_severity, const std::string&)>;
  // Gets the jobs that were parked for a group once its creation is done.
  using requeue_fn = std::function<void(std::vector<send_job>&&)>;

  provisioner(log_service& service, const clock_source& clock, delivery_stats& stats, diagnose_fn diagnose,
              requeue_fn requeue);

  // Makes sure job.dest's group and stream exist (job.dest->stream_ready is
  // the caller's to check and set). `d`: the destination's options.
  result ensure(send_job& job, const destination_options& d);
  // A put found the group or stream missing: create the group again first.
  void forget_group(const std::string& group);
  // Every parked job, for dropping at shutdown.
  std::vector<send_job> take_parked();

 private:
  result create_group(send_job& job, const destination_options& d);
  void creation_done(const std::string& group, bool created);
  std::int64_t steady_ns() const;

  log_service& service_;
  const clock_source& clock_;
  delivery_stats& stats_;
  diagnose_fn diagnose_;
  requeue_fn requeue_;

  std::mutex mu_;
  std::unordered_set<std::string> groups_ready_;
  std::unordered_set<std::string> groups_creating_;                          // a sender is creating it
  std::unordered_map<std::string, std::vector<send_job>> parked_for_group_;  // ... and these wait for it
  std::unordered_map<std::string, std::int64_t> groups_missing_;             // group -> recheck time
  std::unordered_set<std::string> groups_reported_;                          // missing groups reported once
};

}  // namespace cwlog::detail
