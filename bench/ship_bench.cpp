// Google Benchmark micro-benchmarks of the shipping pieces: the caller's
// encode+enqueue (shared queue) and encode into its ring, JSON formatting,
// UTF-8 repair and batch cutting.
#include <benchmark/benchmark.h>

#include "common/utf8.h"
#include "ship/batcher.h"
#include "ship/drop_counters.h"
#include "ship/format_json.h"
#include "ship/record_codec.h"
#include "ship/record_queue.h"
#include "ship/thread_ring.h"

namespace {

using namespace cwlog;
using namespace cwlog::detail;

const std::string message(100, 'm');

record_view sample() {
  static const field_view fields[] = {{"user", std::string_view("bob")}, {"n", std::int64_t{7}}};
  record_view r;
  r.timestamp_ns = 1'764'028'147'123'456'789;
  r.logger = "api.http";
  r.message = message;
  r.fields = fields;
  return r;
}

void BM_encode_and_enqueue(benchmark::State& state) {
  drop_counters drops;
  system_clock_source clock;
  record_queue q(1u << 30, overflow_policy::drop_newest, std::chrono::milliseconds(0), clock, drops);
  std::vector<queued_record> out;
  const record_view r = sample();
  std::size_t i = 0;
  for (auto _ : state) {
    std::string blob;
    encode_record(r, blob);
    q.push(std::nullopt, std::move(blob), 0);
    if (++i % 4096 == 0) {
      state.PauseTiming();
      q.drain(out, std::chrono::milliseconds(0));
      for (auto& x : out) q.release(x.lane, x.accounted);
      out.clear();
      state.ResumeTiming();
    }
  }
}
BENCHMARK(BM_encode_and_enqueue);

// The caller's path since issue 13: encode into the thread's own ring (no
// lock, no allocation); the consumer's side runs outside the timing.
void BM_encode_into_ring(benchmark::State& state) {
  thread_ring ring(1u << 20);
  const record_view r = sample();
  const std::size_t size = encoded_size(r);
  std::size_t i = 0;
  for (auto _ : state) {
    char* at = ring.try_reserve(size);
    benchmark::DoNotOptimize(encode_record_into(r, r.timestamp_ns, r.tenant, at));
    ring.commit();
    if (++i % 4096 == 0) {
      state.PauseTiming();
      ring.consume([](std::string_view) { return true; });
      state.ResumeTiming();
    }
  }
}
BENCHMARK(BM_encode_into_ring);

void BM_format_json(benchmark::State& state) {
  const record_view r = sample();
  std::string out;
  for (auto _ : state) {
    out.clear();
    format_json(r, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(message.size()));
}
BENCHMARK(BM_format_json);

void BM_utf8_validate_1k(benchmark::State& state) {
  const std::string s(1024, 'a');
  for (auto _ : state) benchmark::DoNotOptimize(is_valid_utf8(s));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 1024);
}
BENCHMARK(BM_utf8_validate_1k);

// 10,000 events into a builder, out of order (the sort and the body written
// again when the batch closes), and the batch taken.
void BM_batch_cut_10000(benchmark::State& state) {
  wire_buffer wire;
  std::vector<pending_event> events;
  for (std::uint64_t i = 0; i < 10'000; ++i) {
    pending_event proto;
    proto.timestamp_ms = static_cast<std::int64_t>(i % 7);
    proto.seq = i;
    make_events(message, proto, oversize_policy::split, max_event_message_bytes, wire, events);
  }
  for (auto _ : state) {
    batch_builder b;
    for (const auto& e : events) b.add(e);
    benchmark::DoNotOptimize(b.cut().events.size());
  }
}
BENCHMARK(BM_batch_cut_10000);

}  // namespace
