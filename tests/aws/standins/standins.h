#pragma once
// Loopback stand-ins for the services the credential providers call: STS
// (Query protocol, XML answers, SigV4 checked with the server-side verifier),
// IMDSv2 (token required; v1 requests refused and counted), the ECS/EKS
// container endpoint (Authorization checked) and the SSO portal
// (GetRoleCredentials, bearer token checked). Each can be told to misbehave:
// 404, 401, 500, a malformed body, expired credentials, or not answering
// until the test lets it (slow).
// The boto3 cross-check (boto3_check.py) talks to the same stand-ins.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "aws/credentials.h"
#include "common/clock.h"
#include "common/time_format.h"
#include "support/gate.h"
#include "support/loopback_server.h"
#include "support/manual_clock.h"

namespace cwlog::test {

enum class fault { none, not_found, unauthorized, server_error, malformed, expired, slow };

// The credentials a stand-in hands out, distinct per service so a test can
// tell which provider answered. Expiration: one hour from the real clock
// (boto3 in the cross-check uses the real clock).
inline detail::credentials standin_credentials(const std::string& tag) {
  return {"ASIA" + tag + "EXAMPLE", "secret-" + tag + "-wJalrXUtnFEMI", "token-" + tag + "-IQoJb3JpZ2luX2Vj",
          std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::hours(1)};
}

// The providers' clock: the one manual clock, started at the real time (whole
// seconds), since the stand-ins stamp expirations with the real clock (boto3
// in the cross-check reads it too); from there it moves only by hand.
inline std::shared_ptr<manual_clock> clock_at_real_now() {
  return std::make_shared<manual_clock>(
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// Shared plumbing: a fault switch, a request counter, the served credentials.
class standin_base {
 public:
  explicit standin_base(std::string tag) : creds_(standin_credentials(tag)) {}
  virtual ~standin_base() = default;

  std::string url() const { return server_.url(); }
  // Leaving fault::slow lets the requests it holds go.
  void set_fault(fault f) {
    fault_ = f;
    if (f != fault::slow) held_.release();
  }
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
  // Each stand-in's destructor calls this first: its handlers use members
  // destroyed before the base, and a held request must not block the stop.
  void stop_server() {
    held_.open();
    server_.stop();
  }

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
        // Held until the fault changes or the stand-in stops: the client's
        // timeout fires first however slow the machine is.
        held_.wait();
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
  gate held_;  // requests under fault::slow
};

// --- IMDSv2 --------------------------------------------------------------------
class imds_standin : public standin_base {
 public:
  explicit imds_standin(std::string role = "cwlog-test-role");
  ~imds_standin() override { stop_server(); }
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
  ~container_standin() override { stop_server(); }
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
  ~sts_standin() override { stop_server(); }
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
  ~sso_standin() override { stop_server(); }

 private:
  std::string bearer_;
};

}  // namespace cwlog::test
