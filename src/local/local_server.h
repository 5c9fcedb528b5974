#pragma once
// cwlog local: a CloudWatch Logs-compatible server (JSON 1.1 over HTTP on
// loopback) that tests in every area embed in-process, and that `cwlog local`
// runs from the command line.
//
//   cwlog::detail::local_server server({.memory = true});
//   int port = server.start();            // 0 in options.port = ephemeral
//   ... point a client at server.endpoint() with access key AKIDLOCAL /
//       cwlog-local-secret (non-secret test keys) ...
//   server.stop();                        // also done by the destructor
//
// Served operations: CreateLogGroup, DeleteLogGroup, CreateLogStream,
// DeleteLogStream, DescribeLogGroups, DescribeLogStreams, PutLogEvents,
// GetLogEvents, FilterLogEvents, PutRetentionPolicy, DeleteRetentionPolicy,
// TagResource, UntagResource, ListTagsForResource, TagLogGroup, ListTagsLogGroup,
// UntagLogGroup. A web console is served on the same port (console_front.h).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "local/faults.h"

namespace cwlog::detail {

// A destination of the config given to `cwlog local --config`: its name and
// group template (e.g. "app-customer-{tenant}"); the console charts the
// groups of one template side by side.
struct console_template {
  std::string name;
  std::string group;
};

// The documented, non-secret default key pair of cwlog local.
inline constexpr const char* local_default_access_key_id = "AKIDLOCAL";
inline constexpr const char* local_default_secret_access_key = "cwlog-local-secret";

struct local_server_options {
  std::string host = "127.0.0.1";
  int port = 0;              // 0: ephemeral; start() returns the bound port
  std::string db_path;       // SQLite file; empty (or memory=true): in memory
  bool memory = false;       // in-memory SQLite (tests)
  bool discard = false;      // validate, verify and count, store no events (benchmark target)
  bool require_auth = true;  // false: no SigV4 verification (--no-auth)
  // Accepted key pairs (id, secret). Empty: the default pair above.
  std::vector<std::pair<std::string, std::string>> access_keys;
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
  std::string audit_path;               // JSON lines, one per request; empty: no audit
  std::string policy_path;              // IAM-style policy enforced per request; empty: allow all
  std::shared_ptr<clock_source> clock;  // null: the system clock
  bool admin = false;                   // POST /_cwlog/faults, GET /_cwlog/stats
  bool allow_non_loopback = false;      // host may be other than 127.0.0.1/::1/localhost
  int threads = 16;                     // HTTP workers; an idle keep-alive connection holds one for up to 5 s
  std::chrono::minutes max_clock_skew{5};   // SigV4 X-Amz-Date tolerance
  std::optional<std::uint64_t> fault_seed;  // rate-based faults: fixed seed = reproducible runs
  // The web console's access token (also guards /_cwlog/*); empty: a random one per start.
  std::string console_token;
  std::vector<console_template> console_templates;
};

// Counters since start (also served as JSON by GET /_cwlog/stats).
struct local_server_stats {
  std::uint64_t requests = 0;         // every request that reached the dispatcher
  std::uint64_t errors = 0;           // requests answered with an error (any status)
  std::uint64_t events_accepted = 0;  // PutLogEvents events that passed every check
  std::uint64_t events_rejected = 0;  // too old / too new / expired (rejectedLogEventsInfo)
  std::uint64_t events_stored = 0;    // accepted events written (0 with discard)
  std::uint64_t put_batches = 0;      // successful PutLogEvents calls
  std::uint64_t faults_injected = 0;
  std::uint64_t relistens = 0;  // times the listening socket was lost and opened again
};

class local_server {
 public:
  explicit local_server(local_server_options options = {});
  ~local_server();
  local_server(const local_server&) = delete;
  local_server& operator=(const local_server&) = delete;

  // Opens the store, binds and serves on a background thread; returns the
  // bound port. Throws cwlog::error on a bad option, an unusable db or a bind failure.
  int start();
  // Stops serving and joins every thread; idempotent. State persists with db_path.
  void stop();

  int port() const;
  std::string endpoint() const;  // "http://127.0.0.1:PORT"
  // The web console and the /_cwlog endpoints need this token (after start()).
  const std::string& console_token() const;
  std::string console_url() const;  // endpoint() + "/?token=TOKEN"
  fault_injector& faults();
  local_server_stats stats() const;
  const local_server_options& options() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cwlog::detail
