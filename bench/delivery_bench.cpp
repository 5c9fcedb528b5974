// End-to-end delivery: one thread logs N events as fast as it can (block
// policy, so none is dropped) and the shipper formats them as JSON, batches,
// signs (SigV4) and sends them over loopback HTTP to `cwlog local --discard`
// running as a process of its own (it verifies signatures and validates every
// batch), so this process is the shipper alone. Prints events/s and MB/s of
// messages, measured from the first log() to the end of flush(), and the CPU
// seconds per million events of this process (getrusage RUSAGE_SELF: the
// logging thread plus the shipper's threads; the logging thread's share
// beside it) and of the sink (its whole life, from wait4 once it has exited).
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"

namespace {

// shipping.max_in_flight_per_stream for every run (arguments "streams N [MS]":
// only the one- and four-stream rows, with N requests in flight per stream,
// and the sink answering each PutLogEvents MS milliseconds late).
std::size_t per_stream = cwlog::shipping_options{}.max_in_flight_per_stream;
std::string put_latency_fault;
// "message": each event is the record's message alone (pattern "{message}"),
// so a 100-byte record is a 100-byte CloudWatch event; otherwise the default
// JSON object (timestamp, level, logger and message: ≈ 180 bytes).
bool message_only = false;

// tenants > 0: every record has one of that many tenants, each with a log
// group of its own ("bench-{tenant}"), created on first use.
void run(const char* name, std::size_t size, std::size_t n, int streams = 1, std::size_t tenants = 0) {
  using namespace cwlog;
  std::vector<std::string> sink_args;
  if (!put_latency_fault.empty()) sink_args = {"--fault", put_latency_fault};
  bench::local_sink sink(CWLOG_CLI_PATH, sink_args);
  auto o = bench::shipper_options(sink.endpoint(), 256u << 20);
  o.destinations[0].stream = "{logger}";  // one stream per logger name below
  if (message_only) {
    o.destinations[0].format = formatter_kind::plain;
    o.destinations[0].pattern = "{message}";
  }
  if (tenants > 0) {
    o.destinations[0].group = "bench-{tenant}";
    // Each destination sends at most every flush_interval: with 1,000 of them
    // the library's default (2 s) keeps the request rate near 500/s, well
    // inside the PutLogEvents quota (5,000/s per account and region).
    o.shipping.flush_interval = shipping_options{}.flush_interval;
  }
  std::vector<std::string> tenant_ids;
  for (std::size_t t = 0; t < tenants; ++t) tenant_ids.push_back("tenant-" + std::to_string(t));
  o.shipping.overflow = overflow_policy::block;
  o.shipping.block_timeout = std::chrono::seconds(10);
  o.shipping.max_in_flight_per_stream = per_stream;
  auto owned = detail::make_shipper(o, bench::local_deps());
  shipper& s = *owned;
  const std::string message(size, 'e');
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = bench::process_cpu_seconds();
  const double caller_cpu0 = bench::thread_cpu_seconds();
  const long faults0 = bench::process_minor_faults();
  const std::string loggers[] = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};
  for (std::size_t i = 0; i < n; ++i) {
    record_view r;
    r.logger = loggers[i % static_cast<std::size_t>(std::min(streams, 8))];
    r.message = message;
    if (tenants > 0) r.tenant = tenant_ids[i % tenants];
    s.log(r);
  }
  const auto f = s.flush(std::chrono::seconds(300));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double millions = static_cast<double>(n) / 1e6;
  // This process: the logging thread and the shipper's threads.
  const double cpu_per_million = (bench::process_cpu_seconds() - cpu0) / millions;
  const double caller_per_million = (bench::thread_cpu_seconds() - caller_cpu0) / millions;
  const double faults_per_million = static_cast<double>(bench::process_minor_faults() - faults0) / millions;
  const auto c = s.counters();
  const auto accepted = sink.events_accepted();
  s.shutdown(std::chrono::seconds(10));
  const double sink_per_million = sink.stop() / millions;
  std::printf(
      "%-14s events=%zu  %.0f events/s  %.1f MB/s (message bytes)  batches=%llu  delivered=%llu  "
      "dropped=%llu  sink_accepted=%llu  complete=%d  cpu_s_per_M=%.3f (logging thread %.3f)  "
      "sink_cpu_s_per_M=%.3f  page_faults_per_M=%.0f\n",
      name, n, static_cast<double>(n) / secs, static_cast<double>(n * size) / secs / 1e6,
      static_cast<unsigned long long>(c.batches), static_cast<unsigned long long>(c.delivered),
      static_cast<unsigned long long>(c.dropped_total()), static_cast<unsigned long long>(accepted),
      f.complete ? 1 : 0, cpu_per_million, caller_per_million, sink_per_million, faults_per_million);
  for (std::size_t r = 0; r < drop_reason_count; ++r) {
    if (c.dropped[r] == 0) continue;
    const auto reason = to_string(static_cast<drop_reason>(r));
    std::printf("               dropped (%.*s): %llu\n", static_cast<int>(reason.size()), reason.data(),
                static_cast<unsigned long long>(c.dropped[r]));
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t scale = argc > 1 ? std::stoul(argv[1]) : 1;
  const bool only_tenants = argc > 2 && std::string(argv[2]) == "tenants";
  message_only = argc > 2 && std::string(argv[2]) == "message";
  const bool only_streams = message_only || (argc > 3 && std::string(argv[2]) == "streams");
  if (only_streams && !message_only) per_stream = std::stoul(argv[3]);
  if (only_streams && argc > 4) put_latency_fault = std::string("latency:ms=") + argv[4] + ",op=PutLogEvents";
  if (!only_tenants) {
    run("100-byte", 100, 2'000'000 * scale);
    if (!only_streams) run("1 KB", 1024, 400'000 * scale);
    // Up to max_in_flight_per_stream batches of a stream at once; the streams
    // share the max_in_flight senders.
    run("100-byte x4 streams", 100, 2'000'000 * scale, 4);
  }
  if (only_streams) return 0;
  // 1,000 tenants, each in its own log group: 1,000 groups and streams created
  // on first use, batches spread across them.
  const std::size_t tenants = argc > 3 ? std::stoul(argv[3]) : 1000;
  const std::string name = "100-byte x" + std::to_string(tenants) + " tenants";
  run(name.c_str(), 100, 2'000'000 * scale, 1, tenants);
  return 0;
}
