// Disk spool throughput: records/s appended with a given sync policy, the
// way the engine's dispatcher uses it — append each accepted record, tick()
// every 10 ms of real time (writes every write interval, fdatasync with the
// default policy), and settle records as a delivery lagging one tick behind
// would, so settled segments are deleted as they go. Compare with the
// in-memory delivery rate of delivery_bench (the target: the spool
// keeps at least 50% of it).
//
//   spool_bench [records (2000000)] [record bytes (100)] [sync: interval|none] [dir (/var/tmp)]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/clock.h"
#include "spool/spool.h"

int main(int argc, char** argv) {
  using namespace std::chrono;
  const long records = argc > 1 ? std::atol(argv[1]) : 2'000'000;
  const std::size_t size = argc > 2 ? static_cast<std::size_t>(std::atol(argv[2])) : 100;
  const std::string sync = argc > 3 ? argv[3] : "interval";
  const std::filesystem::path base = argc > 4 ? argv[4] : "/var/tmp";
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
  return 0;
}
