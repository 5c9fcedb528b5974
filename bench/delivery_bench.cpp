// End-to-end delivery: one process logs N events as fast as it can (block
// policy, so none is dropped) and the shipper formats them as JSON, batches,
// signs (SigV4) and sends them over loopback HTTP to an in-process
// cwlog local --discard (which verifies signatures and validates every batch).
// Prints events/s for 100-byte events and MB/s for 1 KB events, measured from
// the first log() to the end of flush().
#include <cstdio>
#include <thread>

#include "bench_support.h"

namespace {

void run(const char* name, std::size_t size, std::size_t n, int streams = 1) {
  using namespace cwlog;
  auto server = bench::start_local(true);
  auto o = bench::shipper_options(server->endpoint(), 256u << 20);
  o.destinations[0].stream = "{logger}";  // one stream per logger name below
  o.shipping.overflow = overflow_policy::block;
  o.shipping.block_timeout = std::chrono::seconds(10);
  shipper s(o, bench::local_deps());
  const std::string message(size, 'e');
  const auto t0 = std::chrono::steady_clock::now();
  const std::string loggers[] = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};
  for (std::size_t i = 0; i < n; ++i)
    s.log(level::info, loggers[i % static_cast<std::size_t>(std::min(streams, 8))], message);
  const auto f = s.flush(std::chrono::seconds(300));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto c = s.counters();
  const auto st = server->stats();
  std::printf(
      "%-14s events=%zu  %.0f events/s  %.1f MB/s (message bytes)  batches=%llu  delivered=%llu  "
      "dropped=%llu  "
      "server_accepted=%llu  complete=%d\n",
      name, n, static_cast<double>(n) / secs, static_cast<double>(n * size) / secs / 1e6,
      static_cast<unsigned long long>(c.batches), static_cast<unsigned long long>(c.delivered),
      static_cast<unsigned long long>(c.dropped_total()), static_cast<unsigned long long>(st.events_accepted),
      f.complete ? 1 : 0);
  s.shutdown(std::chrono::seconds(10));
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t scale = argc > 1 ? std::stoul(argv[1]) : 1;
  run("100-byte", 100, 2'000'000 * scale);
  run("1 KB", 1024, 400'000 * scale);
  // Batches of one stream go one at a time (so the stream stays in order);
  // several streams are sent in parallel by the max_in_flight senders.
  run("100-byte x4 streams", 100, 2'000'000 * scale, 4);
  return 0;
}
