#pragma once
// A real shipper's dependencies for tests against an in-process cwlog local:
// its default keys, a backoff of milliseconds (a test's retries must not take
// seconds), and the diagnostics collected into a list or silenced.
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "ship/engine.h"
#include "support/local_fixture.h"

namespace cwlog::test {

inline detail::shipper_dependencies local_deps(std::chrono::milliseconds backoff_cap,
                                               std::vector<std::string>* diags = nullptr) {
  detail::shipper_dependencies d;
  d.credentials = local_credentials();
  d.backoff_base = std::chrono::milliseconds(5);
  d.backoff_cap = backoff_cap;
  d.diagnostics = [diags](const diagnostic& m) {
    static std::mutex mu;  // senders and the dispatcher report concurrently
    if (!diags) return;
    std::lock_guard lk(mu);
    diags->emplace_back(m.message);
  };
  return d;
}

}  // namespace cwlog::test
