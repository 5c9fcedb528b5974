// cwlog local ingest throughput (issue 5: at least 200,000 events/s of
// 100-byte events stored). Links the areas: local (+ aws, http, common).
//
//   store_ingest       the SQLite store alone, 10,000-event batches
//   json_parse, fast_read/*, service_put   the stages of one PutLogEvents body
//   http_ingest        PutLogEvents over loopback HTTP, SigV4 verified, stored
//   http_ingest_*      the same without auth, with --discard, and with --discard
//                      and the client's signing outside the timed part
// Run a Release build for numbers that mean anything:
//   build/rel/bench/local_ingest_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "bench_support.h"
#include "local/local_server.h"
#include "local/put_request.h"
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

// A JSON log record (153 bytes), like the structured messages the shipper sends,
// which the body carries escaped: 28 backslashes.
const std::string json_message =
    nlohmann::json{{"level", "INFO"},  {"logger", "api"},      {"msg", "order 42 placed for acme"},
                   {"tenant", "acme"}, {"thread", "worker-3"}, {"file", "src/orders.cpp"},
                   {"line", 118},      {"latency_ms", 12.5}}
        .dump();

std::string put_body(int n, const std::string& m = message) {
  nlohmann::json events = nlohmann::json::array();
  const auto t = now_ms();
  for (int i = 0; i < n; ++i) events.push_back({{"timestamp", t}, {"message", m}});
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

// The fast reader of PutLogEvents bodies (simdjson on-demand, with the model's
// checks), which cwlog local uses instead of the two stages above: messages
// unescaped (content), or only measured (sizes_only: --discard without EMF);
// 100-byte plain messages, or JSON records (_json).
void fast_read(benchmark::State& state, put_messages messages, const std::string* m) {
  auto body = put_body(http_batch_size, *m);
  for (auto _ : state) {
    put_request r;
    if (!read_put_body(body, r, messages)) state.SkipWithError("the fast reader refused the body");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * http_batch_size);
}
BENCHMARK_CAPTURE(fast_read, content, put_messages::content, &message)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fast_read, sizes_only, put_messages::sizes_only, &message)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fast_read, content_json, put_messages::content, &json_message)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fast_read, sizes_only_json, put_messages::sizes_only, &json_message)
    ->Unit(benchmark::kMillisecond);

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

// presigned: the client's signing (SHA-256 of the body, as the server's check
// does it once more) happens with the clock paused, so the figure is what the
// server takes over one connection, not the client and the server in turn.
void http_ingest(benchmark::State& state, bool auth, bool discard, bool presigned = false) {
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
  struct signed_request {
    httplib::Headers headers;
    std::string body;
  };
  auto make = [&](const std::string& op, const std::string& body) {
    http_request req;
    req.url = "http://127.0.0.1:" + std::to_string(port) + "/";
    req.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", "Logs_20140328." + op}};
    req.body = body;
    if (auth)
      sigv4::sign(req, {local_default_access_key_id, local_default_secret_access_key, "", std::nullopt},
                  "us-east-1", "logs", std::chrono::system_clock::now());
    signed_request out;
    for (const auto& h : req.headers)
      if (h.name != "Content-Type") out.headers.emplace(h.name, h.value);
    out.body = std::move(req.body);
    return out;
  };
  auto send = [&](const signed_request& r) {
    return cli.Post("/", r.headers, r.body, "application/x-amz-json-1.1");
  };
  send(make("CreateLogGroup", R"({"logGroupName":"bench"})"));
  send(make("CreateLogStream", R"({"logGroupName":"bench","logStreamName":"s"})"));
  // The server's threads' CPU time: the process's minus this (client) thread's,
  // which also does the untimed body building. Machine load inflates the real
  // time of a run; it barely changes this.
  const double process0 = cwlog::bench::process_cpu_seconds(), client0 = cwlog::bench::thread_cpu_seconds();
  for (auto _ : state) {
    state.PauseTiming();
    const std::string body = put_body(http_batch_size);
    std::optional<signed_request> ready;
    if (presigned) ready = make("PutLogEvents", body);
    state.ResumeTiming();
    auto res = send(ready ? *ready : make("PutLogEvents", body));
    if (!res || res->status != 200) {
      state.SkipWithError(res ? res->body.c_str() : "PutLogEvents: no response");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * http_batch_size);
  state.counters["stored"] = static_cast<double>(server.stats().events_stored);
  const double server_cpu =
      (cwlog::bench::process_cpu_seconds() - process0) - (cwlog::bench::thread_cpu_seconds() - client0);
  state.counters["server_cpu_s_per_M"] =
      server_cpu / (static_cast<double>(state.iterations()) * http_batch_size / 1e6);
}
BENCHMARK_CAPTURE(http_ingest, sigv4_stored, true, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(http_ingest, noauth_stored, false, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(http_ingest, sigv4_discard, true, true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(http_ingest, sigv4_discard_presigned, true, true, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
