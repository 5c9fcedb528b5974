#pragma once
// One link of the credentials chain. Unlike credentials_provider (what the
// shipper sees), a link can say "not configured here" — the chain then moves
// on and records why — or "configured but failed", which stops the chain as
// botocore does (a broken profile must not silently fall through to IMDS).
#include <expected>
#include <string>

#include "aws/credentials.h"

namespace cwlog::detail {

struct provider_error {
  bool configured = false;  // false: skipped (nothing set up); true: set up but failed
  std::string message;      // why; never a secret
};

using provider_result = std::expected<credentials, provider_error>;

inline provider_result not_configured(std::string why) {
  return std::unexpected(provider_error{false, std::move(why)});
}
inline provider_result provider_failed(std::string why) {
  return std::unexpected(provider_error{true, std::move(why)});
}

class chain_provider {
 public:
  virtual ~chain_provider() = default;
  virtual std::string name() const = 0;  // e.g. "environment", "imds"
  // Fetches fresh credentials (no caching here; refreshing_provider caches).
  // Thread-compatible: the chain serialises calls.
  virtual provider_result load() = 0;
};

}  // namespace cwlog::detail
