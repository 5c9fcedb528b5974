#pragma once
// The provider_context the credential-source targets share: a fixed clock, no
// real environment, and a canned_transport with the fuzzer's answers.
#include <map>
#include <memory>
#include <string>

#include "aws/providers.h"
#include "fuzz_transport.h"
#include "support/manual_clock.h"

namespace cwlog::fuzz {

inline detail::provider_context make_context(std::map<std::string, std::string, std::less<>> vars,
                                             std::shared_ptr<canned_transport> transport,
                                             std::shared_ptr<const detail::profile_config> profiles = nullptr,
                                             std::string home = "/nonexistent") {
  detail::provider_context ctx;
  ctx.env = detail::environment(std::move(vars), std::move(home));
  ctx.profiles = profiles ? std::move(profiles) : std::make_shared<detail::profile_config>();
  ctx.transport = std::move(transport);
  ctx.clock = std::make_shared<test::manual_clock>();
  ctx.region = "eu-west-1";
  return ctx;
}

// Whatever a provider answers, it is a provider_result: complete credentials
// or a reason. Secrets never appear in the reason.
inline void check_result(const detail::provider_result& r) {
  if (r) {
    require(!r->access_key_id.empty() && !r->secret_access_key.empty(), "credentials are complete");
    return;
  }
  require(!r.error().message.empty(), "a failure says why");
}

}  // namespace cwlog::fuzz
