#pragma once
// The four CloudWatch Logs calls the engine makes, one attempt each (the
// engine runs its own retries under the shared budget). The production
// implementation wraps logs_client (make_logs_service); tests may substitute
// an in-memory service to drive exact failure sequences.
#include <memory>
#include <span>
#include <string>

#include "aws/credentials.h"
#include "common/clock.h"
#include "http/transport.h"
#include "logs/logs_error.h"
#include "logs/logs_types.h"
#include "ship/batcher.h"

namespace cwlog::detail {

class logs_client;

// One PutLogEvents call over a batch, without copying its messages.
struct put_events_view {
  const std::string& group;
  const std::string& stream;
  std::span<const pending_event> events;  // sorted, within every PutLogEvents limit
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

// PutLogEvents' JSON body written straight from the batch (messages are valid
// UTF-8 already): building an nlohmann::json of 10,000 events and dumping it
// costs several times more than the rest of the request.
std::string encode_put_log_events(const put_events_view& batch);

struct logs_service_config {
  std::string endpoint;  // no trailing slash
  std::string region;
  bool gzip = false;
  std::chrono::milliseconds request_timeout{0};
};

// Creates go through logs_client (one attempt each); PutLogEvents is signed
// and sent directly with the same headers, signing clock (the client's learned
// clock offset) and error decoding.
std::shared_ptr<log_service> make_logs_service(std::shared_ptr<logs_client> client,
                                               logs_service_config config,
                                               std::shared_ptr<http_transport> transport,
                                               std::shared_ptr<credentials_provider> credentials,
                                               std::shared_ptr<clock_source> clock);

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
