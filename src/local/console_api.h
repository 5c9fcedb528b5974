#pragma once
// The web console's data, as JSON (documented in src/local/README.md, "Web
// console"): log groups and streams with what the console shows of them, a
// group's events through the FilterLogEvents pattern engine, the live tail
// after a cursor, per-minute ingest volume (per group, or per destination
// template of a config), and the recent-requests ring. Read-only; HTTP,
// access token and origin checks are console_front's.
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "local/emf_metrics.h"
#include "local/local_server.h"
#include "local/request_ring.h"
#include "local/store.h"

namespace cwlog::detail {

struct console_error {
  int status = 400;
  std::string message;
};

using console_result = std::expected<nlohmann::json, console_error>;

struct console_sources {
  store* db = nullptr;
  const request_ring* requests = nullptr;
  const clock_source* clock = nullptr;
  std::string region;
  std::string account_id;
  std::vector<console_template> templates;
  std::function<nlohmann::json()> stats_json;  // the server's counters
  const emf_metric_store* emf = nullptr;       // metrics extracted from EMF events
};

// How the console pages and polls (the UI reads them from /_cwlog/api/info).
inline constexpr int console_poll_interval_ms = 1000;      // live tail and requests: new events within 2 s
inline constexpr int console_max_page = 1000;              // events or groups per response
inline constexpr std::int64_t console_max_scan = 200'000;  // events looked at per events/tail call
inline constexpr std::size_t console_max_message_bytes = 4u << 20;  // event text per response
inline constexpr int console_volume_minutes = 60;
inline constexpr std::size_t console_max_template_groups = 24;  // groups side by side in one chart

class console_api {
 public:
  explicit console_api(console_sources sources) : src_(std::move(sources)) {}

  nlohmann::json info() const;
  // The datapoints cwlog local extracted from EMF events (emf_metrics.h).
  nlohmann::json metrics(std::string_view namespace_name, std::string_view name,
                         std::string_view group) const {
    return src_.emf ? src_.emf->query(namespace_name, name, group) : nlohmann::json::object();
  }
  nlohmann::json groups(std::string_view search, std::int64_t offset, int limit) const;
  console_result group(std::string_view name) const;
  console_result streams(std::string_view group, std::string_view search, std::int64_t offset,
                         int limit) const;

  struct event_query {
    std::string group;
    std::optional<std::string> stream;
    std::string filter;                      // a CloudWatch Logs filter pattern
    std::optional<std::int64_t> start_ms;    // inclusive
    std::optional<std::int64_t> end_ms;      // exclusive
    std::string token;                       // the previous page's nextToken
    std::optional<std::int64_t> tail_after;  // tail: the previous poll's cursor
    int limit = 100;
  };
  console_result events(const event_query& q) const;
  console_result tail(const event_query& q) const;

  console_result volume(std::string_view group) const;
  console_result template_volume(std::string_view name) const;
  nlohmann::json requests(std::int64_t after_seq, int limit) const;

 private:
  std::int64_t now_ms() const;
  nlohmann::json minutes_of(std::int64_t group_id, std::int64_t now) const;

  console_sources src_;
};

// True when `name` is a rendering of a group template: literal text matches
// itself, each {token} one or more characters.
bool matches_template(std::string_view group_template, std::string_view name);

}  // namespace cwlog::detail
