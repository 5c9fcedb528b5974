// Caller cost of one log call (100-byte message), as a latency histogram:
// (usage: caller_latency_bench [records/s per producer, default 200000])
// median, p90, p99, p99.9 and max, with 1 and 2 producers, through the direct
// API and through the spdlog sink. Each call is timed on its own with
// steady_clock (the timer's own cost, printed as "timer", is included).
// Delivery runs for real in the background to `cwlog local --discard` in a
// process of its own (bench::local_sink), as issue 13 sets it; the queue is
// large enough that nothing is dropped.
//
// Right after the direct log(), spdlog's async logger logs the same 100-byte
// message at the same pacing, and the ratio of the medians is printed (issue
// 13's target: at most 0.4, with cwlog's p99 at most 1 us). Then, in the same
// run, the direct log() again with the system clock injected (so every call
// reads clock_gettime, as before the TSC stamp): the TSC's share of the gain.
//
// Then a format string with two arguments (an int and a short string), in
// the same run and at the same pacing: cwlog::logger (arguments copied,
// formatted in the background) beside spdlog's async logger
// (init_thread_pool(1 << 20, 1), a null sink) doing logger->info("... {} {}", a, b),
// and the ratio of their medians.
#include <spdlog/async.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <cwlog/logger.h>
//
// In the same run, cwlog::metrics' record path (issue 17): a counter
// increment and a distribution value on one metric and dimension set, with 1
// and 2 producers, beside log()'s median (target: at most half of it).
#include <cwlog/metrics.h>
#include <cwlog/spdlog_sink.h>
#include <barrier>
#include <cstdio>
#include <thread>

#include "bench_support.h"

namespace {

using clk = std::chrono::steady_clock;
constexpr int calls_per_producer = 300'000;

std::uint32_t ns_between(clk::time_point a, clk::time_point b) {
  return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
}

double rate = 200'000;  // records/s per producer (argv[1])

template <class LogOnce>
cwlog::bench::percentiles run(const char* name, int producers, LogOnce&& log_once) {
  std::vector<std::vector<std::uint32_t>> samples(static_cast<std::size_t>(producers));
  std::barrier start(producers);
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p] {
      auto& mine = samples[static_cast<std::size_t>(p)];
      mine.reserve(calls_per_producer);
      start.arrive_and_wait();
      // Producers are independent: their bursts are spread over the period
      // instead of colliding by construction.
      const auto t0 =
          clk::now() + std::chrono::nanoseconds(static_cast<long long>(256e9 / rate * p / producers));
      for (int i = 0; i < calls_per_producer; ++i) {
        const auto a = clk::now();
        log_once(p, i);
        const auto b = clk::now();
        mine.push_back(ns_between(a, b));
        // Paced at `rate` records/s per producer, in bursts of 256 calls.
        if ((i & 255) == 255)
          std::this_thread::sleep_until(
              t0 + std::chrono::nanoseconds(static_cast<long long>((i + 1) * 1e9 / rate)));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<std::uint32_t> all;
  for (auto& s : samples) all.insert(all.end(), s.begin(), s.end());
  const auto p = cwlog::bench::compute(all);
  std::printf(
      "%-28s producers=%d calls=%zu  median=%.0f ns  p90=%.0f ns  p99=%.0f ns  p99.9=%.0f ns  max=%.0f ns\n",
      name, producers, all.size(), p.p50, p.p90, p.p99, p.p999, p.max);
  return p;
}

void print_counters(const cwlog::shipper& s) {
  const auto c = s.counters();
  std::printf("%-28s enqueued=%llu delivered=%llu dropped=%llu\n", "",
              static_cast<unsigned long long>(c.enqueued), static_cast<unsigned long long>(c.delivered),
              static_cast<unsigned long long>(c.dropped_total()));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cwlog;
  if (argc > 1) rate = std::stod(argv[1]);
  std::printf("offered load: %.0f records/s per producer, 100-byte messages\n", rate);
  // The timer's own cost, for reading the numbers below.
  {
    std::vector<std::uint32_t> t;
    for (int i = 0; i < 100'000; ++i) {
      const auto a = clk::now();
      const auto b = clk::now();
      t.push_back(ns_between(a, b));
    }
    const auto p = bench::compute(t);
    std::printf("%-28s median=%.0f ns  p99=%.0f ns\n", "timer (two now() calls)", p.p50, p.p99);
  }
  bench::local_sink server(CWLOG_CLI_PATH);
  const std::string message(100, 'm');
  // spdlog's async logger, the reference for both comparisons (issue 13: the
  // 100-byte record; issue 15: the format string below).
  spdlog::init_thread_pool(1 << 20, 1);
  auto async =
      std::make_shared<spdlog::async_logger>("bench-async", std::make_shared<spdlog::sinks::null_sink_mt>(),
                                             spdlog::thread_pool(), spdlog::async_overflow_policy::block);
  for (int producers : {1, 2}) {
    std::shared_ptr<shipper> s =
        detail::make_shipper(bench::shipper_options(server.endpoint(), 1u << 30), bench::local_deps());
    const auto ours =
        run("direct log()", producers, [&](int, int) { s->log(level::info, logger_name{"bench"}, message); });
    s->flush(std::chrono::seconds(60));
    print_counters(*s);
    const auto theirs = run("spdlog async 100 B", producers, [&](int, int) { async->info(message); });
    std::printf("%-28s producers=%d median ratio cwlog/spdlog-async = %.2f  (cwlog p99 %.0f ns)\n", "",
                producers, ours.p50 / theirs.p50, ours.p99);
    // The clock injected: the engine stamps records with clock_gettime.
    auto deps = bench::local_deps();
    deps.clock = std::make_shared<detail::system_clock_source>();
    std::shared_ptr<shipper> c =
        detail::make_shipper(bench::shipper_options(server.endpoint(), 1u << 30), deps);
    const auto clocked = run("direct log(), clock_gettime", producers,
                             [&](int, int) { c->log(level::info, logger_name{"bench"}, message); });
    c->flush(std::chrono::seconds(60));
    print_counters(*c);
    std::printf("%-28s producers=%d median ratio TSC stamp / clock_gettime stamp = %.2f\n", "", producers,
                ours.p50 / clocked.p50);
  }
  for (int producers : {1, 2}) {
    auto opts = bench::shipper_options(server.endpoint(), 1u << 30);
    opts.metrics.destination = "bench";
    std::shared_ptr<shipper> s = detail::make_shipper(opts, bench::local_deps());
    cwlog::metrics m(s, opts);
    auto g = m.group({.namespace_name = "Bench", .dimensions = {{"Service", "bench"}}, .tenant = "acme"});
    auto counter = g.counter("Requests");
    auto latency = g.distribution("Latency", metric_unit::milliseconds);
    run("metrics counter.add()", producers, [&](int, int) { counter.add(); });
    run("metrics distribution.record()", producers, [&](int, int i) { latency.record((i & 63) * 0.5); });
    m.emit();
    s->flush(std::chrono::seconds(60));
    const auto st = m.stats();
    std::printf("%-28s documents=%llu refused=%llu\n", "", static_cast<unsigned long long>(st.documents),
                static_cast<unsigned long long>(st.refused_values + st.documents_dropped));
  }
  for (int producers : {1, 2}) {
    std::shared_ptr<shipper> s =
        detail::make_shipper(bench::shipper_options(server.endpoint(), 1u << 30), bench::local_deps());
    auto logger = std::make_shared<spdlog::logger>("bench", make_spdlog_sink(s));
    run("spdlog sink", producers, [&](int, int) { logger->info(message); });
    s->flush(std::chrono::seconds(60));
    print_counters(*s);
  }
  // A format string with an int and a short string, both sides paced alike.
  const std::string customer = "acme-corp";
  for (int producers : {1, 2}) {
    std::shared_ptr<shipper> s =
        detail::make_shipper(bench::shipper_options(server.endpoint(), 1u << 30), bench::local_deps());
    {
      const cwlog::logger log(*s, "bench");
      const auto ours = run("cwlog logger format 2 args", producers,
                            [&](int, int i) { log.info("order {} placed for {}", i, customer); });
      s->flush(std::chrono::seconds(60));
      print_counters(*s);
      const auto theirs = run("spdlog async format 2 args", producers,
                              [&](int, int i) { async->info("order {} placed for {}", i, customer); });
      std::printf("%-28s producers=%d median ratio cwlog/spdlog-async = %.2f\n", "", producers,
                  ours.p50 / theirs.p50);
    }
  }
  spdlog::shutdown();
  return 0;
}
