// The demo: a small "distributed system" — an api, a worker pool and a
// scheduler — serving three tenants. The api logs through spdlog (with cwlog's
// sink added in one line); the worker and the scheduler log through cwlog
// directly. Where each record lands is decided by the config (cwlog.yaml):
// each tenant's records in the tenant's own group, errors also in app-errors,
// records without a tenant per component.
//
//   swarm CONFIG [--requests N]
// The endpoint, region and credentials come from the config and the standard
// AWS environment (scripts/demo.sh points them at `cwlog local`).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <cwlog/config.h>
#include <cwlog/logger.h>
#include <cwlog/metrics.h>
#include <cwlog/shipper.h>
#include <cwlog/spdlog_sink.h>
#include <cwlog/tenant.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace {

const std::vector<std::string> tenants{"acme", "globex", "initech"};

// The api: spdlog as the program already used it; cwlog's sink was added in main().
void run_api(int requests, std::uint32_t seed) {
  auto log = spdlog::get("api");
  std::mt19937 rng(seed);
  for (int i = 0; i < requests; ++i) {
    const std::string& tenant = tenants[i % tenants.size()];
    cwlog::tenant_scope scope(tenant);  // every record below belongs to this tenant
    const int latency_ms = static_cast<int>(rng() % 250);
    log->info("GET /orders/{} 200 {}ms", 1000 + i, latency_ms);
    if (latency_ms > 230) log->warn("slow request: /orders/{} took {}ms", 1000 + i, latency_ms);
    if (i % 17 == 16) log->error("payment provider timeout for order {}", 1000 + i);
  }
}

// The worker pool: cwlog's own logger, with structured fields (JSON in CloudWatch,
// so Logs Insights discovers them), the worker bound once, and a tenant per
// job through a scope (no logger copy per job). Each tenant's rendered
// invoices and their pages are also metrics (EMF): one document per tenant and
// interval, in the tenant's metrics group.
void run_worker(cwlog::shipper& shipper, cwlog::metrics& metrics, int jobs, int worker_id) {
  const auto log = cwlog::logger(shipper, "worker").bind({{"worker", worker_id}});
  std::vector<cwlog::metric_counter> invoices;
  std::vector<cwlog::metric_distribution> pages;
  for (const auto& t : tenants) {
    auto g = metrics.group({.namespace_name = "swarm", .tenant = t, .component = "worker"});
    invoices.push_back(g.counter("InvoicesRendered"));
    pages.push_back(g.distribution("InvoicePages", cwlog::metric_unit::count));
  }
  for (int job = 0; job < jobs; ++job) {
    const std::size_t tenant = static_cast<std::size_t>(job + worker_id) % tenants.size();
    invoices[tenant].add();
    pages[tenant].record(1 + job % 4);
    const cwlog::tenant_scope scope(tenants[tenant]);
    log.info({{"job", job}, {"pages", 1 + job % 4}, {"cached", job % 2 == 0}}, "invoice {} rendered", job);
    if (job % 23 == 22) log.error({{"job", job}}, "invoice {} rejected by archive", job);
  }
}

// The scheduler serves no tenant: its records go to the platform group of its component.
void run_scheduler(cwlog::shipper& shipper, int ticks) {
  cwlog::logger log(shipper, "scheduler");
  for (int tick = 0; tick < ticks; ++tick) {
    log.info("tick", {{"tick", tick}, {"due_jobs", tick % 5}});
  }
  log.critical("lease lost, re-electing", {{"tick", ticks}});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: swarm CONFIG [--requests N]\n");
    return 2;
  }
  int requests = 300;
  if (argc >= 4 && std::strcmp(argv[2], "--requests") == 0) requests = std::atoi(argv[3]);

  try {
    const cwlog::options opts = cwlog::load_config(argv[1]);
    auto shipper = std::make_shared<cwlog::shipper>(opts);
    cwlog::metrics metrics(shipper, opts);  // the config's metrics: section

    // The one line an existing spdlog program adds:
    auto api = spdlog::stdout_color_mt("api");
    api->sinks().push_back(cwlog::make_spdlog_sink(shipper));
    api->sinks().front()->set_level(spdlog::level::critical);  // the demo shows CloudWatch, not the terminal

    std::vector<std::thread> threads;
    threads.emplace_back(run_api, requests, 42u);
    for (int w = 0; w < 2; ++w)
      threads.emplace_back(run_worker, std::ref(*shipper), std::ref(metrics), requests / 2, w);
    threads.emplace_back(run_scheduler, std::ref(*shipper), requests / 10);
    for (auto& t : threads) t.join();

    const auto flushed = shipper->flush(std::chrono::seconds(20));
    const auto done = shipper->shutdown();
    const auto c = shipper->counters();
    // Counted per copy: a record routed to two destinations (errors also go
    // to app-errors) is two copies, each delivered or dropped on its own.
    std::printf(
        "swarm: %llu records logged, %llu copies routed, %llu delivered in %llu batches, %llu dropped, %s\n",
        static_cast<unsigned long long>(c.enqueued), static_cast<unsigned long long>(c.copies),
        static_cast<unsigned long long>(c.delivered), static_cast<unsigned long long>(c.batches),
        static_cast<unsigned long long>(c.dropped_total()),
        flushed.complete && done.complete ? "all settled" : "NOT all delivered");
    spdlog::shutdown();
    return flushed.complete && done.complete ? 0 : 1;
  } catch (const cwlog::error& e) {
    std::fprintf(stderr, "swarm: %s\n", e.what());
    return 2;
  }
}
