// Links areas: aws, http (plus common through them), benchmark::benchmark and
// benchmark::benchmark_main (no main() here). Fragment for bench/CMakeLists.txt:
//   cwlog_add_bench(sign_bench SOURCES sign_bench.cpp AREAS aws http)
//
// The cost of SigV4-signing a typical PutLogEvents request: ~100 KB of JSON
// (about 500 events of ~200 bytes), hashed once for the payload and once per
// canonical request, plus five HMACs for the key and signature.
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "aws/sigv4.h"

namespace {

using namespace cwlog::detail;

http_request put_log_events_request() {
  std::string body = R"({"logGroupName":"/app/web","logStreamName":"host-1","logEvents":[)";
  for (int i = 0; body.size() < 100 * 1024; ++i) {
    if (i > 0) body += ',';
    body +=
        R"({"timestamp":)" + std::to_string(1767268800000 + i) +
        R"(,"message":"GET /api/v1/items?page=3 200 12ms user=alice request_id=4f1c2a9e-0b7d-4e55-9a61-)" +
        std::to_string(100000 + i) + R"( agent=Mozilla/5.0 X11 Linux x86_64"})";
  }
  body += "]}";
  http_request r;
  r.method = "POST";
  r.url = "https://logs.us-east-1.amazonaws.com/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", "Logs_20140328.PutLogEvents"}};
  r.body = std::move(body);
  return r;
}

void bm_sign_put_log_events(benchmark::State& state) {
  const credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token",
                          std::nullopt};
  const auto request = put_log_events_request();
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1767268800));
  for (auto _ : state) {
    auto copy = request;
    sigv4::sign(copy, creds, "us-east-1", "logs", when);
    benchmark::DoNotOptimize(copy.headers.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(request.body.size()));
}
BENCHMARK(bm_sign_put_log_events);

void bm_sign_put_log_events_gzip(benchmark::State& state) {
  const credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt};
  auto request = put_log_events_request();
  request.gzip_body = true;
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1767268800));
  for (auto _ : state) {
    auto copy = request;
    sigv4::sign(copy, creds, "us-east-1", "logs", when);
    benchmark::DoNotOptimize(copy.body.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(request.body.size()));
}
BENCHMARK(bm_sign_put_log_events_gzip);

// The fixed part: key derivation and the final HMAC, without the payload hash.
void bm_signing_key(benchmark::State& state) {
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1767268800));
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        sigv4::signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", when, "us-east-1", "logs"));
  }
}
BENCHMARK(bm_signing_key);

}  // namespace
