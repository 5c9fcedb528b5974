#pragma once
// `cwlog local` in process for tests: a started server on 127.0.0.1 and an
// ephemeral port (in memory unless the options name a database), and a small
// JSON 1.1 client over a real httplib::Client that signs with the project's
// SigV4 code. The child-process form is support/local_process.h.
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <cwlog/options.h>
#include <nlohmann/json.hpp>

#include "aws/credentials.h"
#include "aws/sigv4.h"
#include "common/clock.h"
#include "local/local_server.h"
#include "support/manual_clock.h"

namespace cwlog::test {

// Shipper options aimed at a cwlog local at `endpoint`, signing with the keys
// it accepts by default.
inline void aim_at_local(options& o, const std::string& endpoint) {
  o.aws.endpoint = endpoint;
  o.aws.region = "us-east-1";
  o.aws.credentials = credentials_source::static_keys;
  o.aws.access_key_id = detail::local_default_access_key_id;
  o.aws.secret_access_key = detail::local_default_secret_access_key;
}

// A credentials provider with those same keys, for clients built in the test.
inline std::shared_ptr<detail::credentials_provider> local_credentials() {
  return std::make_shared<detail::static_credentials_provider>(detail::credentials{
      detail::local_default_access_key_id, detail::local_default_secret_access_key, "", std::nullopt});
}

// Milliseconds since the epoch, the unit of CloudWatch Logs timestamps.
inline std::int64_t ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

struct api_reply {
  bool transport_ok = true;  // false: no HTTP response (reset, EOF)
  httplib::Error error = httplib::Error::Success;
  int status = 0;
  std::string raw;
  nlohmann::json body;  // parsed when the body is JSON
  std::string type;     // __type of an error
  std::string message;
  std::string request_id;
};

class local_client {
 public:
  local_client(int port, std::shared_ptr<detail::clock_source> clock, std::string key_id = "AKIDLOCAL",
               std::string secret = "cwlog-local-secret")
      : port_(port), clock_(std::move(clock)), key_id_(std::move(key_id)), secret_(std::move(secret)) {
    // A server that resets the connection must not kill the test with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
  }

  std::optional<std::chrono::system_clock::time_point> sign_time;  // default: the clock's now
  bool sign = true;
  bool gzip = false;

  api_reply call(const std::string& operation, const nlohmann::json& input) {
    detail::http_request req;
    req.url = "http://127.0.0.1:" + std::to_string(port_) + "/";
    req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                   {"X-Amz-Target", "Logs_20140328." + operation}};
    req.body = input.dump();
    req.gzip_body = gzip;
    if (sign) {
      detail::credentials creds{key_id_, secret_, "", std::nullopt};
      detail::sigv4::sign(req, creds, "us-east-1", "logs", sign_time.value_or(clock_->now()));
    }
    return send(req);
  }

  api_reply send(const detail::http_request& req) {
    httplib::Client cli("127.0.0.1", port_);
    cli.set_read_timeout(10, 0);
    httplib::Headers headers;
    std::string content_type = "application/x-amz-json-1.1";
    for (const auto& h : req.headers) {
      if (h.name == "Content-Type") continue;
      headers.emplace(h.name, h.value);
    }
    auto res = cli.Post("/", headers, req.body, content_type);
    api_reply out;
    if (!res) {
      out.transport_ok = false;
      out.error = res.error();
      return out;
    }
    out.status = res->status;
    out.raw = res->body;
    out.request_id = res->get_header_value("x-amzn-RequestId");
    if (!res->body.empty()) {
      out.body = nlohmann::json::parse(res->body, nullptr, false);
      if (out.body.is_object() && out.body.contains("__type")) {
        out.type = out.body["__type"].get<std::string>();
        out.message = out.body.value("message", "");
      }
    }
    return out;
  }

 private:
  int port_;
  std::shared_ptr<detail::clock_source> clock_;
  std::string key_id_;
  std::string secret_;
};

// A started server. It reads `clock` (a manual clock at fixed_test_time(), so
// stored timestamps and signing windows are exact) unless the options bring
// a clock of their own: tests that ship through the real engine give the
// system clock, since the events they send are stamped with real time.
struct local_fixture {
  std::shared_ptr<manual_clock> clock;
  std::unique_ptr<detail::local_server> server;
  std::unique_ptr<local_client> client;

  explicit local_fixture(detail::local_server_options o = {},
                         std::shared_ptr<manual_clock> c = std::make_shared<manual_clock>())
      : clock(std::move(c)) {
    if (o.db_path.empty()) o.memory = true;
    if (!o.clock) o.clock = clock;
    server = std::make_unique<detail::local_server>(std::move(o));
    const int port = server->start();
    client = std::make_unique<local_client>(port, clock);
  }

  // A server on the system clock, and a client signing with the time it is
  // now: for tests whose events come from the real shipper, stamped with real
  // time (the server would reject them as too new or too old otherwise).
  static local_fixture on_system_clock(detail::local_server_options o = {}) {
    o.clock = std::make_shared<detail::system_clock_source>();
    return local_fixture(std::move(o), std::make_shared<manual_clock>(std::chrono::system_clock::now()));
  }

  int port() const { return server->port(); }
  std::string endpoint() const { return server->endpoint(); }
  api_reply call(const std::string& op, const nlohmann::json& in) { return client->call(op, in); }
};

}  // namespace cwlog::test
