#pragma once
// The four CloudWatch Logs calls the engine makes, one attempt each (the
// engine runs its own retries under the shared budget). The production
// implementation wraps logs_client (make_logs_service); tests may substitute
// an in-memory service to drive exact failure sequences.
#include <memory>

#include "logs/logs_error.h"
#include "logs/logs_types.h"

namespace cwlog::detail {

class logs_client;

class log_service {
 public:
  virtual ~log_service() = default;
  // Thread-safe; called from sender threads only.
  virtual logs_result<void> create_log_group(const create_log_group_request& request) = 0;
  virtual logs_result<void> put_retention_policy(const put_retention_policy_request& request) = 0;
  virtual logs_result<void> create_log_stream(const create_log_stream_request& request) = 0;
  virtual logs_result<put_log_events_response> put_log_events(const put_log_events_request& request) = 0;
};

std::shared_ptr<log_service> make_logs_service(std::shared_ptr<logs_client> client);

// How the engine treats a failed call.
enum class failure_class {
  retry,            // throttling, 5xx, network before sending: safe to resend
  retry_ambiguous,  // the request may have been applied (reset/timeout after sending): resend, count
                    // duplicates
  missing,          // ResourceNotFoundException
  exists,           // ResourceAlreadyExistsException (success for creates)
  fatal             // the request itself is wrong or not allowed: do not resend
};
failure_class classify(const logs_error& error) noexcept;

}  // namespace cwlog::detail
