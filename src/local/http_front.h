#pragma once
// The wire protocol of cwlog local on cpp-httplib: POST / with
// X-Amz-Target: Logs_20140328.<Operation> and a JSON 1.1 body; errors as
// {"__type": ..., "message": ...} with the HTTP status AWS uses and an
// x-amzn-RequestId header. Per request, in order: fault decision (reset-before
// first, with only the headers read), reading the body, SigV4, latency and injected failures, policy, the
// operation, reset-after-commit, the audit line (and the console's request ring), the response.
// With admin enabled also POST/GET /_cwlog/faults and GET /_cwlog/stats (behind the console's
// token, checked by console_front before routing).
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "local/audit.h"
#include "local/auth.h"
#include "local/faults.h"
#include "local/policy.h"
#include "local/request_ring.h"
#include "local/service.h"

namespace cwlog::detail {

struct front_counters {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> faults_injected{0};
};

struct front_parts {
  logs_service* service = nullptr;
  fault_injector* faults = nullptr;
  const request_authenticator* auth = nullptr;  // null: --no-auth
  audit_log* audit = nullptr;                   // null: no audit
  request_ring* requests = nullptr;             // null: not recorded (the console's Requests page)
  const identity_policy* policy = nullptr;      // null: allow everything
  const clock_source* clock = nullptr;
  std::string region;
  std::string account_id;
  bool admin = false;
  std::function<nlohmann::json()> stats_json;  // GET /_cwlog/stats
};

class http_front {
 public:
  explicit http_front(front_parts parts) : parts_(std::move(parts)) {}
  void install(httplib::Server& server);
  front_counters& counters() { return counters_; }

 private:
  // The body is read here, after the fault decision, so that a reset-before
  // happens before the request body is read.
  void handle_api(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
  void handle_faults(const httplib::Request& req, httplib::Response& res);
  // Writes the audit line and the request-ring entry of a finished request.
  void record(const audit_entry& audit, std::string fault, std::chrono::steady_clock::time_point started);

  front_parts parts_;
  front_counters counters_;
};

}  // namespace cwlog::detail
