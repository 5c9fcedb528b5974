#include "metrics/health_reporter.h"

#include <string>

#include "ship/engine.h"

namespace cwlog::detail {

health_reporter::health_reporter(shipper_engine& app, std::shared_ptr<shipper> own,
                                 shipper_engine& own_engine, const options& opts)
    : app_(app) {
  group_ = registry_.make_group(
      {.namespace_name = opts.metrics.health_namespace, .dimensions = {{"Service", "cwlog"}}});
  const auto counter = [&](std::string name) {
    return registry_.make_series(group_, name, metric_kind::counter, metric_unit::count,
                                 storage_resolution::standard);
  };
  counters_ = {{counter("Enqueued"), &delivery_counters::enqueued},
               {counter("Delivered"), &delivery_counters::delivered},
               {counter("Rejected"), &delivery_counters::rejected},
               {counter("Retried"), &delivery_counters::retried},
               {counter("Duplicated"), &delivery_counters::duplicated},
               {counter("Batches"), &delivery_counters::batches}};
  dropped_total_ = counter("Dropped");
  for (std::size_t r = 0; r < drop_reason_count; ++r)
    dropped_.push_back(counter("Dropped." + std::string(to_string(static_cast<drop_reason>(r)))));
  queue_bytes_ = registry_.make_series(group_, "QueueBytes", metric_kind::gauge, metric_unit::bytes,
                                       storage_resolution::standard);
  latency_avg_ = registry_.make_series(group_, "DeliveryLatency", metric_kind::gauge,
                                       metric_unit::milliseconds, storage_resolution::standard);
  latency_max_ = registry_.make_series(group_, "DeliveryLatencyMaxSinceStart", metric_kind::gauge,
                                       metric_unit::milliseconds, storage_resolution::standard);
  last_ = app_.counters();
  emf_destination dest(opts, opts.metrics.health_destination, "metrics.health_destination");
  emitter_ = std::make_unique<metrics_emitter>(std::move(own), own_engine, std::move(dest),
                                               opts.metrics.health_interval,
                                               [this](std::vector<group_sample>& out) { sample(out); });
}

health_reporter::~health_reporter() {
  emitter_.reset();  // a last report, then the reports' shipper shuts down
}

void health_reporter::sample(std::vector<group_sample>& out) {
  const delivery_counters now = app_.counters();
  const auto delta = [](std::uint64_t a, std::uint64_t b) { return static_cast<double>(a >= b ? a - b : 0); };
  for (const auto& c : counters_) record_counter(*c.series, delta(now.*c.field, last_.*c.field));
  record_counter(*dropped_total_, delta(now.dropped_total(), last_.dropped_total()));
  for (std::size_t r = 0; r < drop_reason_count; ++r)
    record_counter(*dropped_[r], delta(now.dropped[r], last_.dropped[r]));
  set_gauge(*queue_bytes_, static_cast<double>(now.queue_bytes));
  const std::uint64_t samples = now.latency_samples - last_.latency_samples;
  if (samples > 0)
    set_gauge(*latency_avg_,
              delta(now.latency_total_us, last_.latency_total_us) / static_cast<double>(samples) / 1000.0);
  set_gauge(*latency_max_, static_cast<double>(now.latency_max_us) / 1000.0);
  last_ = now;
  registry_.collect(out);
}

}  // namespace cwlog::detail
