#pragma once
// An in-memory CloudWatch Logs stand-in for the engine tests: it stores what
// is put, counts calls and follows a script of failures, so each engine rule
// (creation once, retries, ambiguity, missing groups) is driven exactly. The
// integration tests run the same scenarios against cwlog local over HTTP.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "ship/log_service.h"

namespace cwlog::test {

using namespace cwlog::detail;

enum class put_action {
  ok,
  throttle,           // 400 ThrottlingException, nothing stored
  unavailable,        // 503, nothing stored
  reset_after_store,  // stored, then the connection drops (ambiguous)
  delete_group,       // the group disappears before this put (ResourceNotFound)
  reject_oldest,      // stored except the first event, reported as too old
  unreachable,        // no answer at all (connection refused), nothing stored
  expired_token       // 400 ExpiredTokenException: fails until credentials change
};

inline logs_error make_error(logs_errc kind, int status, std::string type) {
  logs_error e;
  e.kind = kind;
  e.http_status = status;
  e.aws_type = std::move(type);
  return e;
}

inline logs_error unreachable_error() {
  auto e = make_error(logs_errc::network, 0, "");
  e.transport_code = transport_errc::connect;
  return e;
}

class memory_service final : public log_service {
 public:
  logs_result<void> create_log_group(const create_log_group_request& r) override {
    std::this_thread::sleep_for(create_delay);
    std::lock_guard lk(mu);
    ++create_group_calls;
    if (unreachable.load()) return std::unexpected(unreachable_error());
    last_group_request = r;
    if (groups.contains(r.log_group_name))
      return std::unexpected(
          make_error(logs_errc::resource_already_exists, 400, "ResourceAlreadyExistsException"));
    groups[r.log_group_name];
    return {};
  }
  logs_result<void> put_retention_policy(const put_retention_policy_request& r) override {
    std::lock_guard lk(mu);
    retention[r.log_group_name] = r.retention_in_days;
    return {};
  }
  logs_result<void> create_log_stream(const create_log_stream_request& r) override {
    std::this_thread::sleep_for(create_delay);
    std::lock_guard lk(mu);
    ++create_stream_calls;
    if (unreachable.load()) return std::unexpected(unreachable_error());
    auto g = groups.find(r.log_group_name);
    if (g == groups.end())
      return std::unexpected(make_error(logs_errc::resource_not_found, 400, "ResourceNotFoundException"));
    if (g->second.contains(r.log_stream_name))
      return std::unexpected(
          make_error(logs_errc::resource_already_exists, 400, "ResourceAlreadyExistsException"));
    g->second[r.log_stream_name];
    return {};
  }
  logs_result<put_log_events_response> put_log_events(const put_events_view& batch) override {
    put_log_events_request r;
    r.log_group_name = batch.group;
    r.log_stream_name = batch.stream;
    // The events' wire forms are what the request carries.
    for (const auto& e : batch.b.events) {
      const auto wire = nlohmann::json::parse(e.wire());
      r.log_events.push_back({wire.at("timestamp"), wire.at("message")});
    }
    // Puts to one stream being answered at once, and the most seen.
    const std::string key = r.log_group_name + "/" + r.log_stream_name;
    {
      std::lock_guard lk(mu);
      const int now = ++puts_in_flight[key];
      max_puts_in_flight[key] = std::max(max_puts_in_flight[key], now);
    }
    struct leave {
      memory_service& s;
      const std::string& key;
      ~leave() {
        std::lock_guard lk(s.mu);
        --s.puts_in_flight[key];
      }
    } const leaving{*this, key};
    if (before_put) before_put(r);
    std::this_thread::sleep_for(put_delay);
    // A held service answers nothing: the test decides when delivery may go on.
    while (hold_puts.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::lock_guard lk(mu);
    ++put_calls;
    put_action action = put_action::ok;
    if (unreachable.load()) {
      action = put_action::unreachable;
    } else if (auto a = always.find(r.log_group_name); a != always.end()) {
      action = a->second;
    } else if (always_throttle.contains(r.log_group_name)) {
      action = put_action::throttle;
    } else if (!script.empty()) {
      action = script.front();
      script.pop_front();
    }
    if (action == put_action::unreachable) return std::unexpected(unreachable_error());
    if (action == put_action::expired_token)
      return std::unexpected(make_error(logs_errc::expired_token, 400, "ExpiredTokenException"));
    if (action == put_action::delete_group) groups.erase(r.log_group_name);
    auto g = groups.find(r.log_group_name);
    if (g == groups.end() || !g->second.contains(r.log_stream_name))
      return std::unexpected(make_error(logs_errc::resource_not_found, 400, "ResourceNotFoundException"));
    for (std::size_t i = 1; i < r.log_events.size(); ++i)
      if (r.log_events[i].timestamp < r.log_events[i - 1].timestamp) ++out_of_order_batches;
    if (action == put_action::throttle)
      return std::unexpected(make_error(logs_errc::throttling, 400, "ThrottlingException"));
    if (action == put_action::unavailable)
      return std::unexpected(make_error(logs_errc::service_unavailable, 503, "ServiceUnavailableException"));
    auto& stored = g->second[r.log_stream_name];
    put_log_events_response resp;
    std::size_t first = 0;
    if (action == put_action::reject_oldest) {
      first = 1;
      resp.rejected_info = rejected_log_events_info{};
      resp.rejected_info->too_old_log_event_end_index = 1;
    }
    stored.insert(stored.end(), r.log_events.begin() + static_cast<std::ptrdiff_t>(first),
                  r.log_events.end());
    if (action == put_action::reset_after_store) {
      auto e = make_error(logs_errc::connection_reset, 0, "");
      e.transport_code = transport_errc::connection_reset;
      return std::unexpected(e);
    }
    return resp;
  }

  std::vector<input_log_event> events(const std::string& group, const std::string& stream) {
    std::lock_guard lk(mu);
    auto g = groups.find(group);
    if (g == groups.end()) return {};
    auto s = g->second.find(stream);
    return s == g->second.end() ? std::vector<input_log_event>{} : s->second;
  }

  std::mutex mu;
  std::map<std::string, std::map<std::string, std::vector<input_log_event>>> groups;
  std::map<std::string, int> retention;
  std::deque<put_action> script;
  std::set<std::string> always_throttle;
  std::map<std::string, put_action> always;  // group -> the answer to every put
  std::atomic<bool> unreachable{false};      // every put: no answer
  create_log_group_request last_group_request;
  std::chrono::milliseconds create_delay{0};
  std::chrono::milliseconds put_delay{0};
  std::atomic<bool> hold_puts{false};
  // Called first by every put, outside `mu` (a test may hold chosen batches);
  // set before the shipper starts.
  std::function<void(const put_log_events_request&)> before_put;
  std::map<std::string, int> puts_in_flight;      // "group/stream" -> puts being answered, under mu
  std::map<std::string, int> max_puts_in_flight;  // the most at once, under mu
  int create_group_calls = 0;
  int create_stream_calls = 0;
  int put_calls = 0;  // under mu
  int out_of_order_batches = 0;
};

}  // namespace cwlog::test
