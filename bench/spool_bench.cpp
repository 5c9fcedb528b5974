// Disk spool throughput, in two parts of one run.
//
// 1. The spool alone: records/s appended with a given sync policy, the way
//    the engine's dispatcher uses it — append each accepted record, tick()
//    every 10 ms of real time (writes every write interval, fdatasync with the
//    default policy), and settle records as a delivery lagging one tick behind
//    would, so settled segments are deleted as they go.
// 2. Delivery with and without it: one thread logs N records (block policy,
//    none dropped) to a shipper delivering over loopback HTTP to `cwlog local
//    --discard` in another process, as JSON, signed; records/s from the first
//    log() to the end of flush(). Rounds alternate memory only and spool on
//    (default sync policy), so load from elsewhere hits both alike; the
//    issue's target is a spool/memory ratio of medians >= 0.5.
//
//   spool_bench [records (2000000)] [record bytes (100)] [sync: interval|none] [dir (/var/tmp)]
//               [delivery records (1000000)] [rounds (3)]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_support.h"
#include "common/clock.h"
#include "spool/spool.h"

namespace {

// Records/s of one delivery run; spool_dir empty: memory only.
double delivery_run(const std::string& endpoint, long n, std::size_t size, const std::string& spool_dir) {
  using namespace cwlog;
  auto o = bench::shipper_options(endpoint, 256u << 20);
  o.shipping.overflow = overflow_policy::block;
  o.shipping.block_timeout = std::chrono::seconds(10);
  o.shipping.spool_dir = spool_dir;
  auto s = detail::make_shipper(o, bench::local_deps());
  const std::string message(size, 'e');
  const auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    record_view r;
    r.logger = "bench";
    r.message = message;
    s->log(r);
  }
  const auto f = s->flush(std::chrono::seconds(300));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto c = s->counters();
  if (!f.complete || c.delivered != static_cast<std::uint64_t>(n))
    std::fprintf(stderr, "spool_bench: incomplete run (%llu of %ld delivered)\n",
                 static_cast<unsigned long long>(c.delivered), n);
  s->shutdown(std::chrono::seconds(10));
  return static_cast<double>(n) / secs;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void delivery_comparison(long n, std::size_t size, const std::filesystem::path& base, int rounds) {
  cwlog::bench::local_sink sink(CWLOG_CLI_PATH);
  std::vector<double> memory, spooled;
  for (int round = 0; round < rounds; ++round) {
    memory.push_back(delivery_run(sink.endpoint(), n, size, ""));
    const auto dir = base / ("cwlog-spool-delivery-" + std::to_string(::getpid()));
    spooled.push_back(delivery_run(sink.endpoint(), n, size, dir.string()));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::printf(
        "delivery round %d: %ld records of %zu bytes: memory only %.0f records/s, spool on %.0f records/s\n",
        round + 1, n, size, memory.back(), spooled.back());
  }
  const double m = median(memory), sp = median(spooled);
  std::printf(
      "delivery medians of %d: memory only %.0f records/s, spool on (default sync) %.0f records/s, "
      "ratio %.2f\n",
      rounds, m, sp, sp / m);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace std::chrono;
  const long records = argc > 1 ? std::atol(argv[1]) : 2'000'000;
  const std::size_t size = argc > 2 ? static_cast<std::size_t>(std::atol(argv[2])) : 100;
  const std::string sync = argc > 3 ? argv[3] : "interval";
  const std::filesystem::path base = argc > 4 ? argv[4] : "/var/tmp";
  const long delivery_records = argc > 5 ? std::atol(argv[5]) : 1'000'000;
  const int rounds = argc > 6 ? std::atoi(argv[6]) : 3;
  const auto dir = base / ("cwlog-spool-bench-" + std::to_string(::getpid()));

  cwlog::detail::system_clock_source clock;
  cwlog::shipping_options o;  // the defaults: 1 GiB, interval sync, 200 ms
  o.spool_dir = dir.string();
  o.spool_sync = sync == "none" ? cwlog::spool_sync_policy::none : cwlog::spool_sync_policy::interval;
  std::string record(size, 'r');

  std::uint64_t refused = 0;
  const auto start = steady_clock::now();
  {
    cwlog::detail::spool s(cwlog::detail::spool_settings_for(o), clock);
    std::vector<cwlog::detail::spool_seq> previous_tick, this_tick;
    auto next_tick = steady_clock::now() + milliseconds(10);
    for (long i = 0; i < records; ++i) {
      record[i % size] ^= 1;  // not the same bytes every time
      const auto r = s.append(record);
      if (r.status == cwlog::detail::spool_append_status::stored) {
        this_tick.push_back(r.seq);
      } else {
        ++refused;
      }
      if ((i & 255) == 0 && steady_clock::now() >= next_tick) {
        for (const auto seq : previous_tick) s.settle(seq);
        previous_tick.swap(this_tick);
        this_tick.clear();
        s.tick();
        next_tick += milliseconds(10);
      }
    }
    s.write_now();
    const auto c = s.counters();
    const double secs = duration<double>(steady_clock::now() - start).count();
    std::printf(
        "spool_bench: %ld records of %zu bytes, sync %s: %.0f records/s (%.1f MB/s of records), "
        "%.2f s, %llu refused (full), %llu segments deleted, %llu write errors\n",
        records, size, sync.c_str(), static_cast<double>(records) / secs,
        static_cast<double>(records) * static_cast<double>(size) / secs / 1e6, secs,
        static_cast<unsigned long long>(refused), static_cast<unsigned long long>(c.segments_deleted),
        static_cast<unsigned long long>(c.write_errors));
    for (const auto seq : previous_tick) s.settle(seq);
    for (const auto seq : this_tick) s.settle(seq);
    s.tick();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  delivery_comparison(delivery_records, size, base, rounds);
  return 0;
}
