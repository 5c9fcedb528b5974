#pragma once
// The shipper's own health as EMF (opt-in: metrics_options::health_destination):
// every health_interval, the application shipper's counters — what changed
// since the last report for enqueued, delivered, rejected, retried,
// duplicated and dropped (in total and per reason), the queue's bytes and the
// delivery latency — as one document in namespace health_namespace.
//
// The documents travel through a shipper of their own (one sender, a 1 MiB
// queue, the same AWS settings and destinations), so they are counted apart:
// they never inflate the application shipper's counters they report.
#include <memory>
#include <vector>

#include <cwlog/counters.h>
#include <cwlog/options.h>
#include <cwlog/shipper.h>

#include "metrics/metrics_emitter.h"
#include "metrics/registry.h"

namespace cwlog::detail {

class health_reporter {
 public:
  // `app` is the engine whose counters are reported; `own` the shipper the
  // reports travel through (made by the caller from the same options).
  health_reporter(shipper_engine& app, std::shared_ptr<shipper> own, shipper_engine& own_engine,
                  const options& opts);
  ~health_reporter();  // sends a last report
  void report() { emitter_->emit(); }

 private:
  void sample(std::vector<group_sample>& out);

  shipper_engine& app_;
  metrics_registry registry_{1};
  std::size_t group_ = 0;
  delivery_counters last_{};
  struct named_series {
    metric_series* series;
    std::uint64_t delivery_counters::*field;  // null: computed in sample()
  };
  std::vector<named_series> counters_;
  std::vector<metric_series*> dropped_;  // per drop_reason
  metric_series* dropped_total_ = nullptr;
  metric_series* queue_bytes_ = nullptr;
  metric_series* latency_avg_ = nullptr;
  metric_series* latency_max_ = nullptr;
  std::unique_ptr<metrics_emitter> emitter_;
};

}  // namespace cwlog::detail
