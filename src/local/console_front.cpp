#include "local/console_front.h"

#include <charconv>
#include <cstdio>
#include <random>

#include "local/console_assets.h"

namespace cwlog::detail {
namespace {

constexpr const char* json_type = "application/json";

// Scripts, styles and images from this origin only: no inline script or style
// can run, whatever a log event contains.
constexpr const char* csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  return diff == 0;
}

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    const auto end = std::min(rest.find(';'), rest.size());
    auto item = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    while (item.starts_with(' ')) item.remove_prefix(1);
    if (item.size() > name.size() && item.starts_with(name) && item[name.size()] == '=')
      return std::string(item.substr(name.size() + 1));
  }
  return {};
}

// Same-origin or typed by the user: the Origin header (sent by browsers on
// cross-origin and on non-GET requests) must name this server, and Fetch
// Metadata must not say another site asked for anything but a page.
bool same_origin(const httplib::Request& req) {
  if (req.has_header("Origin") && req.get_header_value("Origin") != "http://" + req.get_header_value("Host"))
    return false;
  const auto site = req.get_header_value("Sec-Fetch-Site");
  if (site == "cross-site" || site == "same-site")
    return req.get_header_value("Sec-Fetch-Mode") == "navigate" && req.method == "GET" && req.path == "/";
  return true;
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), json_type);
}

int limit_param(const httplib::Request& req, int fallback) {
  const auto v = console_int_param(req, "limit").value_or(fallback);
  return static_cast<int>(std::clamp<std::int64_t>(v, 1, console_max_page));
}

console_api::event_query event_query_of(const httplib::Request& req) {
  console_api::event_query q;
  q.group = req.get_param_value("group");
  if (req.has_param("stream") && !req.get_param_value("stream").empty())
    q.stream = req.get_param_value("stream");
  q.filter = req.get_param_value("filter");
  q.start_ms = console_int_param(req, "start");
  q.end_ms = console_int_param(req, "end");
  q.token = req.get_param_value("nextToken");
  q.tail_after = console_int_param(req, "cursor");
  q.limit = limit_param(req, 100);
  return q;
}

}  // namespace

std::optional<std::int64_t> console_int_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  const auto v = req.get_param_value(name);
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
  return out;
}

void set_console_headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy", csp);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-store");
  // The browser closes the connection after each response: an open page that
  // polls every second never keeps one of the server's HTTP workers (an idle
  // keep-alive connection holds one for up to 5 s, and polls would keep it busy).
  res.set_header("Connection", "close");
}

std::string console_front::new_token() {
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
    out += buf;
  }
  return out;
}

bool console_front::authorized(const httplib::Request& req) const {
  if (req.has_param("token") && equal_constant_time(req.get_param_value("token"), token_)) return true;
  const auto auth = req.get_header_value("Authorization");
  if (auth.starts_with("Bearer ") && equal_constant_time(std::string_view(auth).substr(7), token_))
    return true;
  const auto cookie = cookie_value(req, cookie_name_);
  return !cookie.empty() && equal_constant_time(cookie, token_);
}

httplib::Server::HandlerResponse console_front::gate(const httplib::Request& req,
                                                     httplib::Response& res) const {
  using enum httplib::Server::HandlerResponse;
  // The CloudWatch Logs API is SigV4's business (and its fault injection must
  // see the request before its body is read).
  if (req.method == "POST" && req.path == "/") return Unhandled;
  set_console_headers(res);
  if (!same_origin(req)) {
    send_json(res, 403, {{"error", "cross-origin request refused"}});
    return Handled;
  }
  if (!authorized(req)) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"cwlog local console\"");
    if (req.path == "/") {
      res.status = 401;
      res.set_content(
          "<!doctype html><title>cwlog local: token needed</title><p>401: open the console with the "
          "address <code>cwlog local</code> printed at start (it ends with <code>?token=...</code>).",
          "text/html; charset=utf-8");
    } else {
      send_json(res, 401, {{"error", "missing or wrong console token"}});
    }
    return Handled;
  }
  if (req.method == "GET" && req.path == "/" && req.has_param("token")) {
    // Keep the token in an HttpOnly cookie and out of the address bar and history.
    res.set_header("Set-Cookie", cookie_name_ + "=" + token_ + "; Path=/; HttpOnly; SameSite=Strict");
    res.set_redirect("/", 303);
    return Handled;
  }
  return Unhandled;
}

void console_front::send(httplib::Response& res, const console_result& result) const {
  if (result)
    send_json(res, 200, *result);
  else
    send_json(res, result.error().status, {{"error", result.error().message}});
}

void console_front::install(httplib::Server& server) {
  server.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { return gate(req, res); });
  for (const auto& asset : console_assets()) {
    const std::string path = asset.name == "index.html" ? "/" : "/console/" + std::string(asset.name);
    server.Get(path, [asset](const httplib::Request&, httplib::Response& res) {
      res.set_content(asset.body.data(), asset.body.size(), std::string(asset.content_type).c_str());
    });
  }
  data_routes(server);
}

void console_front::data_routes(httplib::Server& server) {
  server.Get("/_cwlog/api/info",
             [this](const httplib::Request&, httplib::Response& res) { send_json(res, 200, api_.info()); });
  server.Get("/_cwlog/api/groups", [this](const httplib::Request& req, httplib::Response& res) {
    send_json(res, 200,
              api_.groups(req.get_param_value("search"),
                          std::max<std::int64_t>(0, console_int_param(req, "offset").value_or(0)),
                          limit_param(req, 100)));
  });
  server.Get("/_cwlog/api/group", [this](const httplib::Request& req, httplib::Response& res) {
    send(res, api_.group(req.get_param_value("group")));
  });
  server.Get("/_cwlog/api/streams", [this](const httplib::Request& req, httplib::Response& res) {
    send(res, api_.streams(req.get_param_value("group"), req.get_param_value("search"),
                           std::max<std::int64_t>(0, console_int_param(req, "offset").value_or(0)),
                           limit_param(req, 100)));
  });
  server.Get("/_cwlog/api/events", [this](const httplib::Request& req, httplib::Response& res) {
    send(res, api_.events(event_query_of(req)));
  });
  server.Get("/_cwlog/api/tail", [this](const httplib::Request& req, httplib::Response& res) {
    send(res, api_.tail(event_query_of(req)));
  });
  server.Get("/_cwlog/api/volume", [this](const httplib::Request& req, httplib::Response& res) {
    send(res, req.has_param("template") ? api_.template_volume(req.get_param_value("template"))
                                        : api_.volume(req.get_param_value("group")));
  });
  server.Get("/_cwlog/api/metrics", [this](const httplib::Request& req, httplib::Response& res) {
    send_json(res, 200,
              api_.metrics(req.get_param_value("namespace"), req.get_param_value("name"),
                           req.get_param_value("group")));
  });
  server.Get("/_cwlog/api/requests", [this](const httplib::Request& req, httplib::Response& res) {
    send_json(res, 200, api_.requests(console_int_param(req, "after").value_or(0), limit_param(req, 200)));
  });
}

}  // namespace cwlog::detail
