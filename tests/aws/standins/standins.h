#pragma once
// Loopback stand-ins for the services the credential providers call: STS
// (Query protocol, XML answers, SigV4 checked with the server-side verifier),
// IMDSv2 (token required; v1 requests refused and counted), the ECS/EKS
// container endpoint (Authorization checked) and the SSO portal
// (GetRoleCredentials, bearer token checked). Each can be told to misbehave:
// 404, 401, 500, a malformed body, expired credentials, or answering too late.
// The boto3 cross-check (boto3_check.py) talks to the same stand-ins.
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "aws/credentials.h"
#include "common/clock.h"
#include "common/time_format.h"
#include "support/loopback_server.h"

namespace cwlog::test {

enum class fault { none, not_found, unauthorized, server_error, malformed, expired, slow };

// How long a "slow" stand-in waits before answering; clients in the tests use
// a shorter timeout.
inline constexpr std::chrono::milliseconds slow_delay{800};

// The credentials a stand-in hands out, distinct per service so a test can
// tell which provider answered. Expiration: one hour from the real clock
// (boto3 in the cross-check uses the real clock).
inline detail::credentials standin_credentials(const std::string& tag) {
  return {"ASIA" + tag + "EXAMPLE", "secret-" + tag + "-wJalrXUtnFEMI", "token-" + tag + "-IQoJb3JpZ2luX2Vj",
          std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::hours(1)};
}

// A clock the test moves by hand.
class manual_clock final : public detail::clock_source {
 public:
  explicit manual_clock(std::chrono::system_clock::time_point start =
                            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()))
      : now_(start), steady_(std::chrono::steady_clock::now()) {}
  std::chrono::system_clock::time_point now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    std::lock_guard lock(mutex_);
    return steady_;
  }
  void advance(std::chrono::seconds d) {
    std::lock_guard lock(mutex_);
    now_ += d;
    steady_ += d;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::system_clock::time_point now_;
  std::chrono::steady_clock::time_point steady_;
};

// Shared plumbing: a fault switch, a request counter, the served credentials.
class standin_base {
 public:
  explicit standin_base(std::string tag) : creds_(standin_credentials(tag)) {}
  virtual ~standin_base() = default;

  std::string url() const { return server_.url(); }
  void set_fault(fault f) { fault_ = f; }
  void set_credentials(detail::credentials c) {
    std::lock_guard lock(mutex_);
    creds_ = std::move(c);
  }
  detail::credentials served() const {
    std::lock_guard lock(mutex_);
    return creds_;
  }
  int requests() const { return requests_; }

 protected:
  void start_server() { server_.start(); }

  // Applies the generic faults; returns true when the response is complete.
  bool apply_fault(httplib::Response& res) {
    ++requests_;
    switch (fault_.load()) {
      case fault::not_found:
        res.status = 404;
        res.set_content("not found", "text/plain");
        return true;
      case fault::unauthorized:
        res.status = 401;
        res.set_content("unauthorized", "text/plain");
        return true;
      case fault::server_error:
        res.status = 500;
        res.set_content("boom", "text/plain");
        return true;
      case fault::slow:
        std::this_thread::sleep_for(slow_delay);
        return false;
      default:
        return false;
    }
  }
  // The credentials to serve now (already expired under fault::expired).
  detail::credentials current() const {
    auto c = served();
    if (fault_ == fault::expired) c.expiration = std::chrono::system_clock::now() - std::chrono::hours(1);
    return c;
  }
  bool malformed() const { return fault_ == fault::malformed; }

  loopback_server server_;
  mutable std::mutex mutex_;
  std::atomic<fault> fault_{fault::none};
  std::atomic<int> requests_{0};
  detail::credentials creds_;
};

// --- IMDSv2 --------------------------------------------------------------------
class imds_standin : public standin_base {
 public:
  explicit imds_standin(std::string role = "cwlog-test-role");
  ~imds_standin() override { server_.stop(); }      // handlers use members destroyed before the base
  int v1_requests() const { return v1_requests_; }  // GETs without a token: must stay 0
  int token_requests() const { return token_requests_; }
  void set_zone(std::string z) {
    std::lock_guard lock(mutex_);
    zone_ = std::move(z);
  }
  // Every token handed out from now on is rejected (as after a token expiry).
  void set_reject_tokens(bool reject) { reject_tokens_ = reject; }

 private:
  std::string role_;
  std::string zone_ = "eu-central-1b";
  std::atomic<int> v1_requests_{0};
  std::atomic<int> token_requests_{0};
  std::atomic<bool> reject_tokens_{false};
  std::atomic<int> token_serial_{0};
};

// --- container endpoint (ECS / EKS Pod Identity) ---------------------------------
class container_standin : public standin_base {
 public:
  // `auth_token`: the Authorization value required (empty: none required).
  explicit container_standin(std::string auth_token = {});
  ~container_standin() override { server_.stop(); }  // handlers use members destroyed before the base
  std::string credentials_url() const { return url() + "/v2/credentials/test"; }

 private:
  std::string auth_token_;
};

// --- STS -------------------------------------------------------------------------
struct sts_call {
  std::string action;
  std::map<std::string, std::string> params;  // decoded form fields
  std::string signed_by;                      // access key id in the Authorization header ("" if unsigned)
  bool signature_valid = false;
};

class sts_standin : public standin_base {
 public:
  // `source_secret`: the secret the AssumeRole signature must verify with;
  // `web_identity_token`: the token AssumeRoleWithWebIdentity accepts.
  sts_standin(std::string source_access_key_id, std::string source_secret, std::string web_identity_token);
  ~sts_standin() override { server_.stop(); }  // handlers use members destroyed before the base
  std::vector<sts_call> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::string source_key_;
  std::string source_secret_;
  std::string web_token_;
  std::vector<sts_call> calls_;
};

// --- SSO portal ----------------------------------------------------------------------
class sso_standin : public standin_base {
 public:
  explicit sso_standin(std::string bearer_token);
  ~sso_standin() override { server_.stop(); }  // handlers use members destroyed before the base

 private:
  std::string bearer_;
};

}  // namespace cwlog::test
