#pragma once
// The web console on cpp-httplib, on the API's port: the page and its assets
// (compiled in from src/local/console/, see console_assets.h) and the JSON data
// endpoints under /_cwlog/api/ (console_api.h).
//
// Everything but the API (POST /, SigV4) needs the access token — the console,
// its assets, its data and the /_cwlog admin endpoints — given as
// `?token=`, `Authorization: Bearer`, or the cookie that opening
// `/?token=TOKEN` sets (then redirects to `/`, so the token leaves the address
// bar). Without it: 401. A request from another origin (an Origin header other
// than the server's, or a cross-site fetch) gets 403. Every console response
// carries a Content-Security-Policy without inline script, nosniff, no framing,
// no caching and Connection: close (an open, polling page holds no HTTP worker).
#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>

#include "local/console_api.h"

namespace cwlog::detail {

class console_front {
 public:
  console_front(console_api& api, std::string token, int port)
      : api_(api), token_(std::move(token)), cookie_name_("cwlog_console_" + std::to_string(port)) {}
  // Installs the token/origin gate (before routing) and the console's routes.
  void install(httplib::Server& server);

  // A random 128-bit token, hex.
  static std::string new_token();

 private:
  // Unhandled: the request may go on to its route. Handled: res holds the refusal or redirect.
  httplib::Server::HandlerResponse gate(const httplib::Request& req, httplib::Response& res) const;
  bool authorized(const httplib::Request& req) const;
  void send(httplib::Response& res, const console_result& result) const;
  void data_routes(httplib::Server& server);

  console_api& api_;
  std::string token_;
  std::string cookie_name_;  // per port: cookies do not separate ports, two servers on one host would clash
};

// Console response headers (CSP without inline script, nosniff, no framing, no-store, close).
void set_console_headers(httplib::Response& res);

// A number parameter as the data endpoints read it: the whole value, decimal,
// in int64 range; nullopt when absent or anything else (the fuzz target's
// properties read the request the same way).
std::optional<std::int64_t> console_int_param(const httplib::Request& req, const char* name);

}  // namespace cwlog::detail
