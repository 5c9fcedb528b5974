#pragma once
// Fault injection for cwlog local: makes the server misbehave the way the real
// service and the network do, so clients can prove they cope (retries, ambiguous
// outcomes). Faults are rules; each request asks decide() which (if any) apply.
//
// Spec syntax (CLI --fault and POST /_cwlog/faults):
//   KIND[:key=value[,key=value...]]
//   KIND  throttle            400 ThrottlingException
//         unavailable         503 ServiceUnavailableException
//         error500            500 InternalFailure (bare 500)
//         latency             sleep before handling (ms=...)
//         reset-before        close the connection before the request is processed
//         reset-after-commit  commit the request, then close without a response
//   keys  rate=0.1   apply to this fraction of requests (default 1 when next is absent)
//         next=3     apply to the next 3 matching requests, then retire
//         ms=200     latency only
//         op=PutLogEvents  only this operation (default: any)
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace cwlog::detail {

enum class fault_kind { throttle, unavailable, error500, latency, reset_before, reset_after_commit };

std::string_view to_string(fault_kind kind) noexcept;

struct fault_rule {
  fault_kind kind = fault_kind::throttle;
  double rate = 1.0;                     // probability per matching request
  std::optional<std::int64_t> next;      // remaining matching requests; nullopt = unlimited
  std::chrono::milliseconds latency{0};  // latency only
  std::string operation;                 // empty = every operation
};

// Parses a spec as documented above; throws cwlog::error naming the problem.
fault_rule parse_fault_spec(std::string_view spec);

// What to do with one request. Several faults may apply (latency plus an error).
struct fault_decision {
  std::chrono::milliseconds latency{0};
  std::optional<fault_kind> failure;  // throttle/unavailable/error500/reset_before
  bool reset_after_commit = false;
};

class fault_injector {
 public:
  explicit fault_injector(std::uint64_t seed = std::random_device{}());

  void add(fault_rule rule);
  void add(std::string_view spec) { add(parse_fault_spec(spec)); }
  void clear();
  std::vector<fault_rule> rules() const;

  // Thread-safe. Consumes one "next" count of every rule that fires.
  fault_decision decide(std::string_view operation);

  // How many times each kind fired (index = fault_kind).
  std::vector<std::uint64_t> fired() const;

 private:
  mutable std::mutex mutex_;
  std::vector<fault_rule> rules_;
  std::mt19937_64 rng_;
  std::vector<std::uint64_t> fired_;
};

}  // namespace cwlog::detail
