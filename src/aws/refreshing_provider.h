#pragma once
// Caches what a chain_provider returns and refreshes it ahead of expiry, with
// botocore's windows (credentials.py, RefreshableCredentials): inside the
// advisory window (15 min before expiry) one caller tries to refresh while the
// others keep using the cached credentials; inside the mandatory window
// (10 min) callers wait for the refresh. A failed refresh keeps the current
// credentials until they really expire and is reported once through the
// diagnostics callback (again only after a success). Refreshes happen in
// get(), which the shipper calls from its sender threads only — never on a
// log caller's thread.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "aws/credentials.h"
#include "aws/provider.h"
#include "common/clock.h"

namespace cwlog::detail {

struct refresh_policy {
  std::chrono::seconds advisory{15 * 60};
  std::chrono::seconds mandatory{10 * 60};
  // After a failed refresh while the current credentials are still valid,
  // wait this long before trying again (so every send does not hit STS/IMDS).
  std::chrono::seconds retry_interval{30};
};

class refreshing_provider final : public credentials_provider {
 public:
  refreshing_provider(std::unique_ptr<chain_provider> source, std::shared_ptr<clock_source> clock,
                      std::function<void(const std::string&)> diagnostics = {}, refresh_policy policy = {});

  std::expected<credentials, credentials_error> get() override;
  void invalidate() override;

  // How many times the source was asked (for tests).
  std::size_t loads() const;

 private:
  // Asks the source; on success replaces the cache. Holds refresh_mutex_.
  provider_result refresh_locked();
  std::optional<credentials> cached_copy() const;

  std::unique_ptr<chain_provider> source_;
  std::shared_ptr<clock_source> clock_;
  std::function<void(const std::string&)> diagnostics_;
  refresh_policy policy_;

  std::mutex refresh_mutex_;  // one refresher at a time
  mutable std::mutex state_mutex_;
  std::optional<credentials> cached_;
  std::optional<std::chrono::steady_clock::time_point> next_attempt_;  // after a failed refresh
  bool failure_reported_ = false;
  std::size_t loads_ = 0;
};

}  // namespace cwlog::detail
