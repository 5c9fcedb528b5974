// cwlog local ingest throughput (issue 5: at least 200,000 events/s of
// 100-byte events stored). Links the areas: local (+ aws, http, common).
//
//   store_ingest       the SQLite store alone, 10,000-event batches
//   http_ingest        PutLogEvents over loopback HTTP, SigV4 verified, stored
//   http_ingest_*      the same without auth, and with --discard
// Run a Release build for numbers that mean anything:
//   build/rel/bench/local_ingest_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "local/local_server.h"
#include "local/service.h"
#include "local/store.h"

namespace {

using namespace cwlog::detail;

constexpr int batch_size = 10'000;
// 8,000 x (100 + 26) bytes = 1,008,000: the largest round batch under PutLogEvents' 1,048,576-byte limit.
constexpr int http_batch_size = 8'000;
const std::string message(100, 'x');

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void store_ingest(benchmark::State& state) {
  const bool on_disk = state.range(0) != 0;
  const auto path = (std::filesystem::temp_directory_path() / "cwlog-local-bench.db").string();
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  {
    store db(on_disk ? path : ":memory:");
    group_row g;
    g.name = "bench";
    db.create_group(g, {});
    db.create_stream(g.id, "s", 0);
    const auto stream = *db.find_stream(g.id, "s");
    std::vector<event_in> events(batch_size);
    for (auto _ : state) {
      const auto t = now_ms();
      for (auto& e : events) e = {t, message};
      db.append(stream, events, t);
    }
    state.SetItemsProcessed(state.iterations() * batch_size);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}
BENCHMARK(store_ingest)->Arg(0)->Arg(1)->ArgNames({"file"})->Unit(benchmark::kMillisecond)->UseRealTime();

std::string put_body(int n) {
  nlohmann::json events = nlohmann::json::array();
  const auto t = now_ms();
  for (int i = 0; i < n; ++i) events.push_back({{"timestamp", t}, {"message", message}});
  return nlohmann::json{{"logGroupName", "bench"}, {"logStreamName", "s"}, {"logEvents", events}}.dump();
}

// The stages of one PutLogEvents without HTTP: JSON parsing, then the
// operation (model validation, batch rules, the store) on the parsed body.
void json_parse(benchmark::State& state) {
  const auto body = put_body(http_batch_size);
  for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(body));
  state.SetItemsProcessed(state.iterations() * http_batch_size);
}
BENCHMARK(json_parse)->Unit(benchmark::kMillisecond);

void service_put(benchmark::State& state) {
  store db(":memory:");
  system_clock_source clock;
  logs_service service(db, clock, service_config{});
  service.call("CreateLogGroup", {{"logGroupName", "bench"}});
  service.call("CreateLogStream", {{"logGroupName", "bench"}, {"logStreamName", "s"}});
  for (auto _ : state) {
    state.PauseTiming();
    auto input = nlohmann::json::parse(put_body(http_batch_size));
    state.ResumeTiming();
    if (!service.call("PutLogEvents", input)) state.SkipWithError("PutLogEvents failed");
  }
  state.SetItemsProcessed(state.iterations() * http_batch_size);
}
BENCHMARK(service_put)->Unit(benchmark::kMillisecond);

void http_ingest(benchmark::State& state, bool auth, bool discard) {
  ::signal(SIGPIPE, SIG_IGN);
  local_server_options o;
  o.memory = true;
  o.require_auth = auth;
  o.discard = discard;
  local_server server(o);
  const int port = server.start();
  httplib::Client cli("127.0.0.1", port);
  cli.set_keep_alive(true);
  cli.set_tcp_nodelay(true);  // as libcurl does by default
  auto post = [&](const std::string& op, const std::string& body) {
    http_request req;
    req.url = "http://127.0.0.1:" + std::to_string(port) + "/";
    req.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", "Logs_20140328." + op}};
    req.body = body;
    if (auth)
      sigv4::sign(req, {local_default_access_key_id, local_default_secret_access_key, "", std::nullopt},
                  "us-east-1", "logs", std::chrono::system_clock::now());
    httplib::Headers headers;
    for (const auto& h : req.headers)
      if (h.name != "Content-Type") headers.emplace(h.name, h.value);
    return cli.Post("/", headers, req.body, "application/x-amz-json-1.1");
  };
  post("CreateLogGroup", R"({"logGroupName":"bench"})");
  post("CreateLogStream", R"({"logGroupName":"bench","logStreamName":"s"})");
  for (auto _ : state) {
    state.PauseTiming();
    const std::string body = put_body(http_batch_size);
    state.ResumeTiming();
    auto res = post("PutLogEvents", body);
    if (!res || res->status != 200) {
      state.SkipWithError(res ? res->body.c_str() : "PutLogEvents: no response");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * http_batch_size);
  state.counters["stored"] = static_cast<double>(server.stats().events_stored);
}
BENCHMARK_CAPTURE(http_ingest, sigv4_stored, true, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(http_ingest, noauth_stored, false, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(http_ingest, sigv4_discard, true, true)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
