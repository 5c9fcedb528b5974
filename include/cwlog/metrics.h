#pragma once
// Metrics from the same pipe as the logs: counters, gauges and distributions
// aggregated in the process per interval and shipped as CloudWatch Embedded
// Metric Format (EMF) documents, which CloudWatch Logs turns into metrics.
//
//   cwlog::options opts = cwlog::load_config("cwlog.yaml");  // metrics: section
//   auto shipper = std::make_shared<cwlog::shipper>(opts);
//   cwlog::metrics metrics{shipper, opts};
//   auto g = metrics.group({.namespace_name = "Shop", .tenant = "acme", .component = "api"});
//   auto requests = g.counter("Requests");
//   auto latency = g.distribution("Latency", cwlog::metric_unit::milliseconds);
//   requests.add();          // noexcept, no lock for counters and gauges
//   latency.record(12.5);
//
// Per interval (metrics_options::interval) a counter sends its sum, a gauge its
// last value, a distribution its values: the values themselves while at most
// 100 were recorded, else {Values, Counts, Min, Max, Count, Sum} with at most
// 100 buckets (docs/metrics.md). flush() and shutdown() of the shipper send
// the partial interval; so does the destructor.
//
// Names are checked when a group or metric is made (cwlog::error naming the
// rule); a value that is NaN, infinite or beyond +-2^360 is refused (false)
// and counted, as is a value of a group over the interval's cardinality limit.
// Handles are cheap to copy and stay valid after the metrics object is gone
// (their values are then refused and counted).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/export.h>
#include <cwlog/options.h>

namespace cwlog {

class shipper;

namespace detail {
struct metric_series;
class metrics_registry;
class metrics_emitter;
class health_reporter;
}  // namespace detail

// EMF's units ("Count", "Milliseconds", ...; to_string gives the EMF name).
enum class metric_unit : std::uint8_t {
  seconds,
  microseconds,
  milliseconds,
  bytes,
  kilobytes,
  megabytes,
  gigabytes,
  terabytes,
  bits,
  kilobits,
  megabits,
  gigabits,
  terabits,
  percent,
  count,
  bytes_per_second,
  kilobytes_per_second,
  megabytes_per_second,
  gigabytes_per_second,
  terabytes_per_second,
  bits_per_second,
  kilobits_per_second,
  megabits_per_second,
  gigabits_per_second,
  terabits_per_second,
  count_per_second,
  none
};
CWLOG_API std::string_view to_string(metric_unit unit) noexcept;

// EMF StorageResolution: standard (60 s) or high (1 s).
enum class storage_resolution : std::uint8_t { standard, high };

struct metric_dimension {
  std::string name{};
  std::string value{};
};

// One namespace and one set of dimension values: what EMF calls a metric
// directive, aggregated apart from every other group.
// Every member has a default member initializer, so designated initializers
// may name only some: m.group({.namespace_name = "Shop", .tenant = "acme"}).
struct metric_group_options {
  std::string namespace_name{};
  std::vector<metric_dimension> dimensions{};  // values sent as given (printable ASCII)
  // A tenant id: adds the dimension "Tenant" whose value is the id's
  // injective encoding (docs/tenant-names.md; never the raw bytes), and
  // renders {tenant} in the metrics destination's names.
  std::optional<std::string> tenant{};
  std::string component{};  // non-empty: adds the dimension "Component"
  // The EMF dimension sets (lists of dimension names, "Tenant" and
  // "Component" included). Empty: one set of every dimension.
  std::vector<std::vector<std::string>> dimension_sets{};
  std::map<std::string, std::string> properties{};  // extra members of each document
};

class CWLOG_API metric_counter {
 public:
  metric_counter() = default;
  bool add(double v = 1.0) noexcept;  // summed per interval

 private:
  friend class metric_group;
  std::shared_ptr<detail::metric_series> s_;
};

class CWLOG_API metric_gauge {
 public:
  metric_gauge() = default;
  bool set(double v) noexcept;  // the last value of the interval

 private:
  friend class metric_group;
  std::shared_ptr<detail::metric_series> s_;
};

class CWLOG_API metric_distribution {
 public:
  metric_distribution() = default;
  bool record(double v) noexcept;  // every value (bucketed beyond 100 distinct)

 private:
  friend class metric_group;
  std::shared_ptr<detail::metric_series> s_;
};

class CWLOG_API metric_group {
 public:
  // The same name twice returns the same metric; a name already used with
  // another kind, unit or resolution, a bad name, or a name that is also a
  // dimension or property throws cwlog::error. A group holds any number of
  // metrics: it is sent as documents of at most 100 each.
  metric_counter counter(std::string_view name, metric_unit unit = metric_unit::count,
                         storage_resolution res = storage_resolution::standard);
  metric_gauge gauge(std::string_view name, metric_unit unit = metric_unit::none,
                     storage_resolution res = storage_resolution::standard);
  metric_distribution distribution(std::string_view name, metric_unit unit = metric_unit::none,
                                   storage_resolution res = storage_resolution::standard);

 private:
  friend class metrics;
  std::shared_ptr<detail::metrics_registry> registry_;
  std::size_t group_ = 0;
};

struct metrics_stats {
  std::uint64_t refused_values = 0;       // NaN, infinite, out of range
  std::uint64_t cardinality_dropped = 0;  // values of groups over max_dimension_sets in their interval
  std::uint64_t cardinality_groups = 0;   // distinct groups refused, summed over intervals
  std::uint64_t documents = 0;            // EMF documents handed to the shipper
  std::uint64_t documents_dropped = 0;    // refused by the shipper (queue full, stopped)
  std::uint64_t intervals = 0;            // emissions (timer, flush, shutdown)
};

class CWLOG_API metrics {
 public:
  // Uses opts.metrics (interval, cardinality limit, destination) and
  // opts.destinations (the metrics destination's templates and creation
  // options); throws cwlog::error when a named destination is not found.
  // Starts one thread that emits every interval. With
  // opts.metrics.health_destination, also reports the shipper's own counters
  // there every health_interval, through a shipper of its own (counted apart).
  metrics(std::shared_ptr<shipper> s, const options& opts);
  ~metrics();  // emits the partial interval
  metrics(const metrics&) = delete;
  metrics& operator=(const metrics&) = delete;

  // Throws cwlog::error when a name, a dimension value or a dimension set
  // breaks an EMF rule (the message names the rule), or when
  // opts.metrics.destination was empty.
  metric_group group(const metric_group_options& g);
  // Emits the current (partial) interval now.
  void emit();
  metrics_stats stats() const;

 private:
  std::shared_ptr<detail::metrics_registry> registry_;
  std::unique_ptr<detail::metrics_emitter> emitter_;  // null without metrics.destination
  std::unique_ptr<detail::health_reporter> health_;   // null without metrics.health_destination
};

}  // namespace cwlog
