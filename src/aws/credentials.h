#pragma once
// Credentials and the provider interface every source implements (issue:
// credentials chain). Secrets never appear in a message, a log or to_string.
#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>

namespace cwlog::detail {

struct credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;                                        // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;  // nullopt: never expires
};

struct credentials_error {
  std::string message;  // names the providers tried and why each was skipped; never a secret
};

class credentials_provider {
 public:
  virtual ~credentials_provider() = default;
  // Thread-safe. May block on the network (never called on a log caller's thread).
  virtual std::expected<credentials, credentials_error> get() = 0;
  // Drop any cached credentials, so that the next get() fetches new ones
  // (after ExpiredToken from the service).
  virtual void invalidate() {}
};

// Always returns the same credentials.
class static_credentials_provider final : public credentials_provider {
 public:
  explicit static_credentials_provider(credentials c) : creds_(std::move(c)) {}
  std::expected<credentials, credentials_error> get() override { return creds_; }

 private:
  credentials creds_;
};

}  // namespace cwlog::detail
