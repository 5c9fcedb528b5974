// The web console's data endpoints over loopback HTTP, as the page calls them
// (issue 18's targets):
//
//   console_events_first_page   a group of 1,000,000 events in 10 streams, the
//                               term "needle" in 1% of them: the first page of
//                               100 matching events, all time      (≤ 200 ms warm)
//   console_groups_page         10,000 groups (2 tags each): the groups page's
//                               request (100 rows + total), and the largest page
//                               (1,000 rows)                       (≤ 300 ms)
//   console_events_no_match     the same with a term in no event: one call's bounded scan
//   console_tail_poll           one live-tail poll with nothing new, on the big group
//
// The server is filled once per benchmark through PutLogEvents/CreateLogGroup
// (no SigV4: signing is not what is measured). Run a Release build:
//   build/rel/bench/console_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "local/local_server.h"

namespace {

using namespace cwlog::detail;

constexpr int total_events = 1'000'000;
constexpr int streams = 10;
constexpr int batch = 8'000;
constexpr int total_groups = 10'000;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct filled_server {
  std::unique_ptr<local_server> server;
  std::unique_ptr<httplib::Client> client;
  std::string bearer;

  filled_server() {
    ::signal(SIGPIPE, SIG_IGN);
    local_server_options o;
    o.memory = true;
    o.require_auth = false;
    server = std::make_unique<local_server>(o);
    const int port = server->start();
    client = std::make_unique<httplib::Client>("127.0.0.1", port);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);  // else Nagle and delayed ACKs add 40 ms to each small request
    client->set_read_timeout(60, 0);
    bearer = "Bearer " + server->console_token();
  }
  void call(const std::string& op, const nlohmann::json& body) {
    auto res = client->Post("/", {{"X-Amz-Target", "Logs_20140328." + op}}, body.dump(),
                            "application/x-amz-json-1.1");
    if (!res || res->status != 200) throw std::runtime_error(op + " failed");
  }
  // Status and body size of one console request.
  std::size_t get(const std::string& path) {
    auto res = client->Get(path, {{"Authorization", bearer}});
    if (!res || res->status != 200) throw std::runtime_error(path + " failed");
    return res->body.size();
  }
};

// One event in 100 holds the term; timestamps spread over the last ten hours,
// interleaved across the streams.
filled_server& big_group() {
  static filled_server server = [] {
    filled_server f;
    f.call("CreateLogGroup", {{"logGroupName", "big"}});
    for (int i = 0; i < streams; ++i)
      f.call("CreateLogStream", {{"logGroupName", "big"}, {"logStreamName", "s" + std::to_string(i)}});
    const std::int64_t t0 = now_ms() - 10 * 3'600'000LL;
    const std::int64_t step = 10 * 3'600'000LL / total_events;
    for (int first = 0; first < total_events; first += batch * streams) {
      for (int s = 0; s < streams; ++s) {
        nlohmann::json events = nlohmann::json::array();
        for (int k = 0; k < batch; ++k) {
          const int n = first + k * streams + s;
          events.push_back({{"timestamp", t0 + n * step},
                            {"message", (n % 100 == 37 ? "GET /orders needle status=200 n="
                                                       : "GET /orders status=200 n=") +
                                            std::to_string(n)}});
        }
        f.call("PutLogEvents",
               {{"logGroupName", "big"}, {"logStreamName", "s" + std::to_string(s)}, {"logEvents", events}});
      }
    }
    return f;
  }();
  return server;
}

filled_server& many_groups() {
  static filled_server server = [] {
    filled_server f;
    for (int i = 0; i < total_groups; ++i) {
      char name[64];
      std::snprintf(name, sizeof name, "app-customer-tenant%05d", i);
      f.call("CreateLogGroup",
             {{"logGroupName", name}, {"tags", {{"app", "bench"}, {"tenant", std::to_string(i)}}}});
    }
    return f;
  }();
  return server;
}

void console_events_first_page(benchmark::State& state) {
  auto& f = big_group();
  std::size_t bytes = 0;
  for (auto _ : state) bytes = f.get("/_cwlog/api/events?group=big&filter=needle&limit=100");
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(console_events_first_page)->Unit(benchmark::kMillisecond)->UseRealTime()->MinWarmUpTime(0.2);

// The bound of a search that matches nothing: one call looks at 200,000
// events at most, then returns an empty page with a nextToken.
void console_events_no_match(benchmark::State& state) {
  auto& f = big_group();
  for (auto _ : state) f.get("/_cwlog/api/events?group=big&filter=absent&limit=100");
}
BENCHMARK(console_events_no_match)->Unit(benchmark::kMillisecond)->UseRealTime();

void console_tail_poll(benchmark::State& state) {
  auto& f = big_group();
  auto res = f.client->Get("/_cwlog/api/tail?group=big", {{"Authorization", f.bearer}});
  const auto cursor = nlohmann::json::parse(res->body)["cursor"].get<std::int64_t>();
  const std::string path = "/_cwlog/api/tail?group=big&cursor=" + std::to_string(cursor);
  for (auto _ : state) f.get(path);
}
BENCHMARK(console_tail_poll)->Unit(benchmark::kMillisecond)->UseRealTime();

void console_groups_page(benchmark::State& state) {
  auto& f = many_groups();
  const std::string path = "/_cwlog/api/groups?limit=" + std::to_string(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) bytes = f.get(path);
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(console_groups_page)
    ->Arg(100)
    ->Arg(1000)
    ->ArgNames({"rows"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinWarmUpTime(0.2);

}  // namespace
