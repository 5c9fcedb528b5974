#pragma once
// The in-process aggregator behind cwlog::metrics: groups (a namespace and its
// dimension values), their metrics, the per-interval cardinality guard, and
// collect(), which hands one interval's values to the encoder and starts the
// next interval.
//
// The record path (record_counter/set_gauge/record_distribution) takes no
// lock for counters and gauges (atomics on the metric's own cache line) and
// a per-metric spin lock for distributions; the registry's mutex is taken
// only when a group is made, by the first value of a group in an interval
// (the cardinality guard), and by collect().
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <cwlog/metrics.h>

#include "metrics/value_histogram.h"

namespace cwlog::detail {

enum class metric_kind : std::uint8_t { counter, gauge, distribution };

struct metric_group_state {
  std::string namespace_name;
  std::vector<metric_dimension> dimensions;  // tenant and component included
  std::vector<std::vector<std::string>> dimension_sets;
  std::map<std::string, std::string> properties;
  std::optional<std::string> tenant;  // the raw id: routing only, never sent
  // The interval (registry epoch) in which the guard admitted or refused it.
  std::atomic<std::uint64_t> admitted_epoch{0};
  std::atomic<std::uint64_t> refused_epoch{0};
};

struct metric_series {
  metrics_registry* registry = nullptr;
  metric_group_state* group = nullptr;
  std::string name;
  metric_kind kind = metric_kind::counter;
  metric_unit unit = metric_unit::none;
  storage_resolution resolution = storage_resolution::standard;
  // Hot fields on their own cache line: threads recording into different
  // metrics do not share it.
  alignas(64) std::atomic<double> value{0};
  std::atomic<bool> touched{false};
  std::atomic<bool> lock{false};  // distributions
  value_histogram histogram;      // under lock
};

struct metric_sample {
  const metric_series* series = nullptr;
  double value = 0;              // counter, gauge
  distribution_summary summary;  // distribution
};

struct group_sample {
  const metric_group_state* group = nullptr;
  std::vector<metric_sample> metrics;  // in the order they were made
};

struct registry_counters {
  std::atomic<std::uint64_t> refused_values{0};
  std::atomic<std::uint64_t> cardinality_dropped{0};
  std::atomic<std::uint64_t> cardinality_groups{0};
};

class metrics_registry {
 public:
  explicit metrics_registry(std::size_t max_dimension_sets) : max_groups_(max_dimension_sets) {}

  // Throws cwlog::error when a rule of rules/emf.h is broken. The same
  // options give the same group.
  std::size_t make_group(const metric_group_options& g);
  // Throws cwlog::error for a bad name, a name used by a dimension or a
  // property, or a name already used with another kind/unit/resolution.
  metric_series* make_series(std::size_t group, std::string_view name, metric_kind kind, metric_unit unit,
                             storage_resolution res);

  // One interval's values; starts the next interval (the guard's count
  // restarts). Only groups and metrics that received values appear.
  void collect(std::vector<group_sample>& out);
  // After close(), every value is refused (the metrics object is gone).
  void close() noexcept { closed_.store(true); }

  bool admit(metric_group_state& g) noexcept {
    return g.admitted_epoch.load(std::memory_order_relaxed) == epoch_.load(std::memory_order_relaxed) ||
           admit_slow(g);
  }
  registry_counters& counters() noexcept { return counters_; }
  const registry_counters& counters() const noexcept { return counters_; }

 private:
  bool admit_slow(metric_group_state& g) noexcept;

  std::size_t max_groups_;
  std::atomic<std::uint64_t> epoch_{1};
  std::atomic<bool> closed_{false};
  registry_counters counters_;
  std::mutex admit_mu_;
  std::size_t admitted_ = 0;  // groups admitted in this interval, under admit_mu_

  std::mutex mu_;  // groups and their series lists
  std::vector<std::unique_ptr<metric_group_state>> groups_;
  std::vector<std::vector<std::unique_ptr<metric_series>>> series_;  // per group
  std::unordered_map<std::string, std::size_t> group_by_key_;
};

// The record path. False (and counted) for a refused value.
bool record_counter(metric_series& s, double v) noexcept;
bool set_gauge(metric_series& s, double v) noexcept;
bool record_distribution(metric_series& s, double v) noexcept;

}  // namespace cwlog::detail
