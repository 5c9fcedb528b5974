// cwlog::metrics, its groups and handles (cwlog/metrics.h): the public face of
// the registry (registry.h) and the emitter (metrics_emitter.h).
#include <cwlog/metrics.h>

#include <cwlog/error.h>
#include <cwlog/shipper.h>

#include "metrics/health_reporter.h"
#include "metrics/metrics_emitter.h"
#include "metrics/registry.h"
#include "route/validate_options.h"
#include "ship/engine.h"
#include "ship/shipper_factory.h"

namespace cwlog {

bool metric_counter::add(double v) noexcept {
  return s_ && detail::record_counter(*s_, v);
}

bool metric_gauge::set(double v) noexcept {
  return s_ && detail::set_gauge(*s_, v);
}

bool metric_distribution::record(double v) noexcept {
  return s_ && detail::record_distribution(*s_, v);
}

namespace {

// A handle shares ownership of the registry and points at its series.
std::shared_ptr<detail::metric_series> handle(const std::shared_ptr<detail::metrics_registry>& r,
                                              detail::metric_series* s) {
  return std::shared_ptr<detail::metric_series>(r, s);
}

}  // namespace

metric_counter metric_group::counter(std::string_view name, metric_unit unit, storage_resolution res) {
  metric_counter c;
  c.s_ = handle(registry_, registry_->make_series(group_, name, detail::metric_kind::counter, unit, res));
  return c;
}

metric_gauge metric_group::gauge(std::string_view name, metric_unit unit, storage_resolution res) {
  metric_gauge g;
  g.s_ = handle(registry_, registry_->make_series(group_, name, detail::metric_kind::gauge, unit, res));
  return g;
}

metric_distribution metric_group::distribution(std::string_view name, metric_unit unit,
                                               storage_resolution res) {
  metric_distribution d;
  d.s_ =
      handle(registry_, registry_->make_series(group_, name, detail::metric_kind::distribution, unit, res));
  return d;
}

metrics::metrics(std::shared_ptr<shipper> s, const options& opts)
    : registry_(std::make_shared<detail::metrics_registry>(opts.metrics.max_dimension_sets)) {
  if (!s) throw error("metrics: the shipper is null");
  detail::throw_if_invalid(opts);
  detail::shipper_engine& engine = *s->engine_;
  if (!opts.metrics.health_destination.empty()) {
    // The reports' own shipper: same AWS settings and destinations, no routes,
    // one sender, a small queue.
    options own = opts;
    own.routes.clear();
    own.default_destination.clear();
    own.shipping.max_in_flight = 1;
    own.shipping.queue_bytes = 1u << 20;
    // Over the application shipper's dependencies: what a program (or a test)
    // injected there, its reports use too.
    std::shared_ptr<shipper> reports = detail::make_shipper(own, engine.dependencies());
    detail::shipper_engine& reports_engine = *reports->engine_;
    health_ = std::make_unique<detail::health_reporter>(engine, std::move(reports), reports_engine, opts);
  }
  if (!opts.metrics.destination.empty()) {
    detail::emf_destination dest(opts, opts.metrics.destination, "metrics.destination");
    emitter_ = std::make_unique<detail::metrics_emitter>(
        std::move(s), engine, std::move(dest), opts.metrics.interval,
        [r = registry_](std::vector<detail::group_sample>& out) { r->collect(out); });
  }
}

metrics::~metrics() {
  emitter_.reset();  // sends the partial interval
  health_.reset();   // a last health report
  registry_->close();
}

metric_group metrics::group(const metric_group_options& g) {
  if (!emitter_) throw error("metrics: no metrics.destination is set (allowed: a name in destinations)");
  metric_group out;
  out.registry_ = registry_;
  out.group_ = registry_->make_group(g);
  return out;
}

void metrics::emit() {
  if (emitter_) emitter_->emit();
  if (health_) health_->report();
}

metrics_stats metrics::stats() const {
  metrics_stats st;
  const auto& c = registry_->counters();
  st.refused_values = c.refused_values.load();
  st.cardinality_dropped = c.cardinality_dropped.load();
  st.cardinality_groups = c.cardinality_groups.load();
  if (emitter_) {
    st.documents = emitter_->documents();
    st.documents_dropped = emitter_->documents_dropped();
    st.intervals = emitter_->intervals();
  }
  return st;
}

}  // namespace cwlog
