#pragma once
// The four CloudWatch Logs calls the engine makes, one attempt each (the
// engine runs its own retries under the shared budget, with the Logs client's
// classification and backoff, logs/retry.h). The production implementation
// forwards each call to logs_client (make_logs_service): one path to the
// service, with its signing, skew correction and error decoding. Tests
// substitute an in-memory service (tests/ship/memory_service.h) to drive exact
// failure sequences per call.
#include <memory>
#include <string>

#include "logs/logs_error.h"
#include "logs/logs_types.h"
#include "ship/batcher.h"

namespace cwlog::detail {

class logs_client;

// One PutLogEvents call over a batch: its events' wire forms become the
// request's logEvents as they are.
struct put_events_view {
  const std::string& group;
  const std::string& stream;
  const batch& b;    // sorted, within every PutLogEvents limit
  bool emf = false;  // EMF documents: x-amzn-logs-format: json/emf
};

class log_service {
 public:
  virtual ~log_service() = default;
  // Thread-safe; called from sender threads only.
  virtual logs_result<void> create_log_group(const create_log_group_request& request) = 0;
  virtual logs_result<void> put_retention_policy(const put_retention_policy_request& request) = 0;
  virtual logs_result<void> create_log_stream(const create_log_stream_request& request) = 0;
  virtual logs_result<put_log_events_response> put_log_events(const put_events_view& batch) = 0;
};

// `client` must be configured for single attempts (retry.max_attempts = 1).
std::shared_ptr<log_service> make_logs_service(std::shared_ptr<logs_client> client);

}  // namespace cwlog::detail
