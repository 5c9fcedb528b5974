// Fuzz target: the web console of `cwlog local` — what it does with a
// request after the TCP read: cpp-httplib's parsing (query string, percent
// decoding, headers), console_front's gate (token as parameter, bearer header
// or cookie; the Origin and Fetch Metadata checks) and the JSON data endpoints'
// parameters (group, stream, search, offset, limit, filter pattern, start,
// end, nextToken, cursor, template, metrics query), answered by console_api
// from a store filled once.
// Input: the raw bytes a client sent on one connection.
//
// The console only reads (its routes are GETs; the API's POST / is not
// installed here), so the store, the request ring and the EMF metrics are
// built once per process and no input can change what another sees.
//
// Properties, checked on every response of a data endpoint: the body is JSON;
// the status is 200, 400 or 404 (401/403 come from the gate); an error has an
// "error" message; an events page lies inside the asked time range, in
// (timestamp, eventId) order, and its nextToken is one the API reads back; a
// tail page and its cursor are at or after the asked cursor; no handler throws.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_input.h"
#include "local/console_api.h"
#include "local/console_front.h"
#include "local/emf_metrics.h"
#include "local/request_ring.h"
#include "local/store.h"
#include "local/tokens.h"
#include "memory_server.h"
#include "support/manual_clock.h"

namespace {

using namespace cwlog::detail;
using cwlog::fuzz::require;
using nlohmann::json;

constexpr const char* console_token = "fuzz-console-token";  // the seeds send it
constexpr int console_port = 4566;                           // names the cookie

std::int64_t now_ms(const cwlog::test::manual_clock& clock) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch()).count();
}

// Groups, streams and events the queries can find: two tenants' groups (one
// with a retention that hides its oldest events), tags, several streams,
// messages for text, JSON and space-delimited filter patterns.
void fill(store& db, emf_metric_store& emf, request_ring& requests, std::int64_t now) {
  struct group_spec {
    const char* name;
    std::optional<int> retention;
  };
  std::int64_t batch = 0;
  for (const auto& [name, retention] :
       {group_spec{"app-customer-acme", 1}, group_spec{"app-customer-globex", {}},
        group_spec{"app-errors", 30}, group_spec{"other", {}}}) {
    group_row g;
    g.name = name;
    g.creation_time = now - 7'200'000;
    g.retention_days = retention;
    db.create_group(g, {{"team", "shop"}, {"tenant", name}});
    for (const char* stream_name : {"api", "worker-1", "worker/2"}) {
      db.create_stream(g.id, stream_name, now - 3'600'000);
      const auto stream = db.find_stream(g.id, stream_name);
      std::vector<std::string> messages;
      std::vector<event_in> events;
      const std::int64_t first = now - 2 * 86'400'000;  // older than the one-day retention
      for (int i = 0; i < 12; ++i) {
        messages.push_back(i % 3 == 0   ? "{\"level\":\"error\",\"latency\":" + std::to_string(i * 7) + "}"
                           : i % 3 == 1 ? "GET /orders/" + std::to_string(i) + " 200 " + std::to_string(i * 3)
                                        : "order placed for " + std::string(name));
      }
      for (int i = 0; i < 12; ++i)
        events.push_back({first + i * (2 * 86'400'000 / 12) + (stream_name[0] == 'w' ? 1 : 0), messages[i]});
      db.append(*stream, events, now - 60'000 * (batch++ % 50));  // the volume chart's hour
      emf.ingest(
          name, stream_name,
          R"({"_aws":{"Timestamp":)" + std::to_string(now) +
              R"(,"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[["Service"]],)"
              R"("Metrics":[{"Name":"Latency","Unit":"Milliseconds"}]}]},"Service":"api","Latency":[1,2.5]})");
    }
  }
  for (int i = 0; i < 5; ++i) {
    request_record r;
    r.time_ms = now - i * 1000;
    r.request_id = "req-" + std::to_string(i);
    r.operation = i % 2 ? "PutLogEvents" : "CreateLogGroup";
    r.resource_arn = "arn:aws:logs:us-east-1:123456789012:log-group:app-customer-acme";
    r.access_key_id = "AKIDLOCAL";
    r.status = i == 3 ? 400 : 200;
    r.outcome = i == 3 ? "ThrottlingException" : "ok";
    r.fault = i == 3 ? "throttle" : "";
    r.latency_ms = 0.5 * i;
    r.remote = "127.0.0.1";
    requests.add(std::move(r));
  }
}

// An events page: inside [start, end), in (timestamp, eventId) order, and a
// nextToken the API accepts.
void check_events_page(const httplib::Request& req, const json& body) {
  require(body.contains("events") && body["events"].is_array(), "an events page has an events array");
  const auto start = console_int_param(req, "start");
  const auto end = console_int_param(req, "end");
  std::int64_t last_ts = std::numeric_limits<std::int64_t>::min();
  std::int64_t last_id = std::numeric_limits<std::int64_t>::min();
  for (const auto& e : body["events"]) {
    const auto ts = e.at("timestamp").get<std::int64_t>();
    const auto id = std::stoll(e.at("eventId").get<std::string>());
    require(!start || ts >= *start, "an event before the asked start");
    require(!end || ts < *end, "an event at or after the asked end");
    require(ts > last_ts || (ts == last_ts && id > last_id), "events out of (timestamp, eventId) order");
    last_ts = ts;
    last_id = id;
  }
  if (body.contains("nextToken"))
    require(decode_event_token('n', body["nextToken"].get<std::string>()).has_value(),
            "a nextToken the API does not read back");
}

// A live-tail page never goes back: its events are at or after the asked
// cursor, and so is the cursor it returns.
void check_tail_page(const httplib::Request& req, const json& body) {
  require(body.contains("cursor") && body["cursor"].is_number_integer(), "a tail page without its cursor");
  const auto asked = console_int_param(req, "cursor");
  if (!asked) return;  // a live tail starting now
  require(body["cursor"].get<std::int64_t>() >= *asked, "a tail cursor that went back");
  for (const auto& e : body.at("events"))
    require(std::stoll(e.at("eventId").get<std::string>()) >= *asked, "a tail event before the cursor");
}

bool data_route(const std::string& path) {
  for (const char* route :
       {"info", "groups", "group", "streams", "events", "tail", "volume", "metrics", "requests"})
    if (path == std::string("/_cwlog/api/") + route) return true;
  return false;
}

void check_response(const httplib::Request& req, const httplib::Response& res) {
  // httplib's own refusals (a malformed request, no such route) are not JSON;
  // everything console_front answers is.
  if (!data_route(req.path) || res.get_header_value("Content-Type") != "application/json") return;
  const auto body = json::parse(res.body, nullptr, false);
  require(!body.is_discarded(), "a console data response that is not JSON");
  if (res.status == 401 || res.status == 403) return;  // the gate's refusals
  require(res.status == 200 || res.status == 400 || res.status == 404,
          "a console data response with an unexpected status");
  if (res.status != 200) {
    require(body.contains("error") && body["error"].is_string(), "an error response without its message");
    return;
  }
  if (req.path == "/_cwlog/api/events") check_events_page(req, body);
  if (req.path == "/_cwlog/api/tail") check_tail_page(req, body);
}

// A handler that throws would be a 500 for a bad parameter: a finding, with its message.
void on_exception(const httplib::Request& req, httplib::Response&, std::exception_ptr ep) {
  std::string what = "unknown";
  try {
    std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  std::fprintf(stderr, "console handler for %s threw: %s\n", req.path.c_str(), what.c_str());
  require(false, "a console handler threw");
}

struct console_stack {
  console_stack() {
    fill(db, emf, requests, now_ms(clock));
    console_sources sources;
    sources.db = &db;
    sources.requests = &requests;
    sources.clock = &clock;
    sources.region = "us-east-1";
    sources.account_id = "123456789012";
    sources.templates = {
        {"tenants", "app-customer-{tenant}"}, {"errors", "app-errors"}, {"pairs", "{a}-{b}"}};
    sources.stats_json = [] { return json{{"requests", 5}}; };
    sources.emf = &emf;
    api.emplace(std::move(sources));
    front.emplace(*api, console_token, console_port);
    front->install(server);
    server.set_post_routing_handler(check_response);
    server.set_exception_handler(on_exception);
  }

  const cwlog::test::manual_clock clock;
  store db{":memory:"};
  emf_metric_store emf;
  request_ring requests;
  std::optional<console_api> api;
  std::optional<console_front> front;
  cwlog::fuzz::memory_server server;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static console_stack stack;
  stack.server.serve(cwlog::fuzz::as_text(data, size));
  return 0;
}
