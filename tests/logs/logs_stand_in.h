#pragma once
// A scripted CloudWatch Logs stand-in on loopback (cpp-httplib): it records
// every request (target, headers, JSON body, whether the SigV4 signature
// verifies with the server-side helper) and answers from a queue of scripted
// responses. Plus a credentials provider that counts
// invalidations, for the retry tests.
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/credentials.h"
#include "aws/sigv4.h"
#include "http/gzip.h"
#include "support/loopback_server.h"
#include "support/manual_clock.h"

namespace cwlog::test {

using detail::http_header;

struct recorded_request {
  std::string target;
  std::string content_type;
  std::string content_encoding;
  std::string amz_date;
  std::string security_token;
  std::string raw_body;  // as the handler got it (cpp-httplib decompresses gzip)
  nlohmann::json body;   // parsed raw_body (discarded when not JSON)
  bool signature_ok = false;
  std::string verify_error;  // why the signature did not verify
};

struct scripted_response {
  scripted_response(int status_code = 200, std::string json_body = "{}", std::vector<http_header> extra = {})
      : status(status_code), body(std::move(json_body)), headers(std::move(extra)) {}
  int status;
  std::string body;
  std::vector<http_header> headers;
};

class logs_stand_in {
 public:
  // The one access key the stand-in knows, and its secret.
  logs_stand_in(std::string access_key_id, std::string secret) {
    secrets_.emplace(std::move(access_key_id), std::move(secret));
    server_.http().Post("/",
                        [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
    server_.start();
  }

  std::string url() const { return server_.url(); }

  void push(scripted_response response) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(response));
  }
  // Decides the response from the request instead of the queue when set.
  void respond_with(std::function<scripted_response(const recorded_request&)> responder) {
    std::lock_guard lock(mutex_);
    responder_ = std::move(responder);
  }

  std::vector<recorded_request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }

 private:
  void handle(const httplib::Request& req, httplib::Response& res) {
    recorded_request rec;
    rec.target = req.get_header_value("X-Amz-Target");
    rec.content_type = req.get_header_value("Content-Type");
    rec.content_encoding = req.get_header_value("Content-Encoding");
    rec.amz_date = req.get_header_value("X-Amz-Date");
    rec.security_token = req.get_header_value("X-Amz-Security-Token");
    rec.raw_body = req.body;
    rec.body = nlohmann::json::parse(req.body, nullptr, false);
    verify(req, rec);

    scripted_response reply;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(rec);
      if (responder_) {
        reply = responder_(rec);
      } else if (!script_.empty()) {
        reply = std::move(script_.front());
        script_.pop_front();
      }
    }
    res.status = reply.status;
    for (const auto& h : reply.headers) res.set_header(h.name, h.value);
    res.set_content(reply.body, "application/x-amz-json-1.1");
  }

  void verify(const httplib::Request& req, recorded_request& rec) const {
    std::vector<http_header> headers;
    for (const auto& [name, value] : req.headers) headers.push_back({name, value});
    // cpp-httplib hands over a decompressed body; the signature covers the
    // bytes on the wire, which our deterministic gzip reproduces.
    const std::string wire = rec.content_encoding == "gzip" ? detail::gzip_compress(req.body) : req.body;
    const auto q = req.target.find('?');
    const auto input = detail::sigv4::signing_input::from_parts(
        req.method, req.target.substr(0, q), q == std::string::npos ? "" : req.target.substr(q + 1), headers,
        wire);
    const auto auth = detail::sigv4::parse_authorization(req.get_header_value("Authorization"));
    if (!auth) {
      rec.verify_error = auth.error();
      return;
    }
    const auto when = detail::sigv4::parse_amz_date(rec.amz_date);
    const auto secret = secrets_.find(auth->access_key_id);
    if (!when || secret == secrets_.end()) {
      rec.verify_error = "bad X-Amz-Date or unknown access key";
      return;
    }
    if (auth->service != "logs") {
      rec.verify_error = "service is " + auth->service;
      return;
    }
    const auto ok = detail::sigv4::verify_signature(input, secret->second, *auth, *when);
    rec.signature_ok = ok.has_value();
    if (!ok) rec.verify_error = ok.error();
  }

  std::map<std::string, std::string> secrets_;
  mutable std::mutex mutex_;
  std::deque<scripted_response> script_;
  std::function<scripted_response(const recorded_request&)> responder_;
  std::vector<recorded_request> requests_;
  loopback_server server_;  // last: stops (joins) before the members its handler uses go away
};

// Hands out "token-<generation>"; invalidate() moves to the next generation.
class rotating_provider final : public detail::credentials_provider {
 public:
  rotating_provider(std::string key, std::string secret) : key_(std::move(key)), secret_(std::move(secret)) {}
  std::expected<detail::credentials, detail::credentials_error> get() override {
    return detail::credentials{key_, secret_, "token-" + std::to_string(generation_.load()), std::nullopt};
  }
  void invalidate() override {
    ++generation_;
    ++invalidations_;
  }
  int invalidations() const { return invalidations_.load(); }

 private:
  std::string key_, secret_;
  std::atomic<int> generation_{1};
  std::atomic<int> invalidations_{0};
};

}  // namespace cwlog::test
