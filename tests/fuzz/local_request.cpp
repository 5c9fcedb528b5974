// Fuzz target: the request path of `cwlog local` — everything after the TCP
// read: cpp-httplib's request parsing (with gzip undone), then http_front's
// handle_api: the X-Amz-Target, the JSON body, SigV4 verification, the IAM
// policy and the CloudWatch Logs operation on a fresh in-memory store.
// Input: one flag byte (bit 0: verify SigV4, bit 1: evaluate a policy), then
// the raw bytes a client sent on the connection.
//
// Per input: a new empty SQLite store, so no input sees what another stored.
// Once per process: everything that holds no state an input can change — the
// clock (never advanced), the authenticator and the policy (read-only), the
// fault injector (no rules), the service (its one costly part, the compiled
// service model, is immutable; its counters are statistics only) and one
// http_front + httplib server for each of the four flag combinations. Building
// the service per input made the first campaign spend nearly all its time
// compiling the model's patterns (~6 executions/s).
#include <array>
#include <memory>
#include <optional>

#include "fuzz_input.h"
#include "local/auth.h"
#include "local/faults.h"
#include "local/http_front.h"
#include "local/policy.h"
#include "local/service.h"
#include "local/store.h"
#include "memory_server.h"
#include "support/manual_clock.h"

namespace {

using namespace cwlog::detail;

const identity_policy& fuzz_policy() {
  static const identity_policy policy = *identity_policy::parse(R"({
    "Version": "2012-10-17",
    "Statement": [
      {"Effect": "Allow", "Action": ["logs:Create*", "logs:Describe*", "logs:PutLogEvents", "logs:Get*",
                                     "logs:FilterLogEvents", "logs:*Tag*"],
       "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:app-*"},
      {"Effect": "Deny", "Action": "logs:Delete*", "NotResource": "arn:aws:logs:*:*:log-group:tmp-*:*"}
    ]})");
  return policy;
}

// The service and the fronts keep a reference to the store; the store itself
// is replaced per input inside `db`, at the same address. A new object
// created in the storage of the old one, of the same type, is reached through
// the old references ([basic.life]/8, "transparently replaceable").
struct request_stack {
  request_stack() {
    for (unsigned flags = 0; flags < fronts.size(); ++flags) {
      front_parts parts;
      parts.service = &service;
      parts.faults = &faults;
      parts.auth = flags & 1 ? &auth : nullptr;
      parts.policy = flags & 2 ? &fuzz_policy() : nullptr;
      parts.clock = &clock;
      parts.region = "us-east-1";
      parts.account_id = "123456789012";
      fronts[flags].emplace(std::move(parts));
      fronts[flags]->install(servers[flags]);
    }
  }

  const cwlog::test::manual_clock clock;
  std::optional<store> db{std::in_place, ":memory:"};
  logs_service service{*db, clock, service_config{}};
  const request_authenticator auth{{{"AKIDFUZZ", "fuzz-secret"}}, clock, std::chrono::minutes(5)};
  fault_injector faults{1};
  std::array<std::optional<http_front>, 4> fronts;
  std::array<cwlog::fuzz::memory_server, 4> servers;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static request_stack stack;
  stack.db.emplace(":memory:");  // destroys the previous input's store first
  stack.servers[data[0] & 3].serve(cwlog::fuzz::as_text(data + 1, size - 1));
  return 0;
}
