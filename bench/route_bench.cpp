// Routing cost (links areas: common route). What one record costs the router:
//   * BM_route_50_rules: 50 rules, the record matching only the last one (the
//     worst case: every rule is tried), plus a fan-out rule in front;
//   * BM_route_10000_tenants: one per-tenant destination, records cycling over
//     10,000 tenants, i.e. 10,000 distinct live (group, stream) names;
//   * BM_route_1000_tenants_items: records/s routed over 1,000 tenants with
//     errors fanned out to a shared group (end-to-end delivery events/s with
//     1,000 tenants is measured by the shipping benchmarks);
//   * BM_encode_tenant: the name encoding alone.
// Numbers are for comparison between builds, not assertions.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <cwlog/options.h>

#include "route/router.h"
#include "route/tenant_encoding.h"

namespace {

using namespace cwlog;

std::vector<std::string> make_ids(std::size_t n) {
  std::vector<std::string> ids;
  ids.reserve(n);
  for (std::size_t i = 0; i < n; ++i) ids.push_back("Customer-" + std::to_string(i * 7919));
  return ids;
}

void BM_route_50_rules(benchmark::State& state) {
  options o;
  for (int i = 0; i < 50; ++i) {
    destination_options d;
    d.name = "d" + std::to_string(i);
    d.group = "app-" + std::to_string(i) + "-{component}";
    o.destinations.push_back(d);
    route_rule r;
    // Varied conditions, none matching the benchmark record except the last.
    r.logger = i % 3 == 0 ? "svc" + std::to_string(i) + ".*" : "svc" + std::to_string(i);
    r.logger_match = i % 3 == 0 ? name_match::glob : i % 3 == 1 ? name_match::prefix : name_match::exact;
    if (i % 5 == 0) r.fields.push_back({"kind", "k" + std::to_string(i)});
    r.destinations.push_back(d.name);
    o.routes.push_back(r);
  }
  o.routes.back().logger = "api*";
  o.routes.back().logger_match = name_match::glob;
  const detail::router rt(o, detail::render_context{"host", 1});
  const field_view fields[] = {{"kind", std::string_view("other")}};
  record_view rec;
  rec.logger = "api.http";
  rec.fields = fields;
  std::vector<detail::route_target> out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(rt.route(rec, out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_route_50_rules);

void route_tenants(benchmark::State& state, std::size_t tenants) {
  options o;
  destination_options t;
  t.name = "tenant";
  t.group = "app-customer-{tenant}";
  t.stream = "{component}/{host}-{pid}";
  destination_options e;
  e.name = "errors";
  e.group = "app-errors";
  o.destinations = {t, e};
  route_rule errors;
  errors.min_level = level::error;
  errors.destinations = {"errors"};
  errors.continue_matching = true;
  route_rule per_tenant;
  per_tenant.has_tenant = true;
  per_tenant.destinations = {"tenant"};
  o.routes = {errors, per_tenant};
  const detail::router rt(o, detail::render_context{"ip-10-0-0-1", 4242});
  const auto ids = make_ids(tenants);
  record_view rec;
  rec.logger = "api.http";
  std::vector<detail::route_target> out;
  std::size_t i = 0;
  for (auto _ : state) {
    rec.tenant = ids[i % ids.size()];
    rec.lvl = (i % 10 == 0) ? level::error : level::info;
    ++i;
    out.clear();
    benchmark::DoNotOptimize(rt.route(rec, out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_route_10000_tenants(benchmark::State& state) {
  route_tenants(state, 10'000);
}
BENCHMARK(BM_route_10000_tenants);

void BM_route_1000_tenants_items(benchmark::State& state) {
  route_tenants(state, 1'000);
}
BENCHMARK(BM_route_1000_tenants_items);

void BM_encode_tenant(benchmark::State& state) {
  const auto ids = make_ids(1000);
  std::string out;
  std::size_t i = 0;
  for (auto _ : state) {
    out.clear();
    detail::append_encoded_name_value(out, ids[i++ % ids.size()]);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_encode_tenant);

}  // namespace

// main() comes from benchmark::benchmark_main (bench/CMakeLists.txt).
