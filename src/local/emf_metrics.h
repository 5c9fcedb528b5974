#pragma once
// cwlog local's Embedded Metric Format extraction: what CloudWatch Logs does
// with the events of a PutLogEvents request sent with
// "x-amzn-logs-format: json/emf". Each accepted event is checked against the
// EMF rules (rules/emf.h); a valid one yields one datapoint per metric and
// dimension set, a malformed one stays a plain log event (it is stored
// either way) and is counted, as CloudWatch counts EMFValidationErrors.
// The datapoints are served as JSON by the console API (GET
// /_cwlog/api/metrics, src/local/README.md), behind the console token.
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cwlog::detail {

struct emf_datapoint {
  std::string group;
  std::string stream;
  std::int64_t timestamp = 0;  // _aws.Timestamp
  std::string namespace_name;
  std::string name;
  std::string unit = "None";
  int storage_resolution = 60;
  std::vector<std::pair<std::string, std::string>> dimensions;  // one dimension set, in its order
  std::vector<double> values;
  std::vector<double> counts;                // empty: each value counts once
  std::optional<nlohmann::json> statistics;  // Min/Max/Count/Sum of a {Values, Counts, ...} value
};

// Why a message is not valid EMF; nullopt when it is (out gets its datapoints).
std::optional<std::string> parse_emf(std::string_view message, std::vector<emf_datapoint>& out);

class emf_metric_store {
 public:
  // Datapoints kept (the oldest are forgotten beyond it): enough for tests and
  // the demo, bounded for a long-running server.
  static constexpr std::size_t max_datapoints = 100'000;

  void ingest(std::string_view group, std::string_view stream, std::string_view message);
  // {"emfEvents": n, "emfMalformed": n, "lastError": "...", "datapoints": [...]},
  // filtered by namespace / metric name / group when given (empty: any).
  nlohmann::json query(std::string_view namespace_name, std::string_view name, std::string_view group) const;

 private:
  mutable std::mutex mu_;
  std::deque<emf_datapoint> points_;
  std::uint64_t events_ = 0;
  std::uint64_t malformed_ = 0;
  std::string last_error_;
};

}  // namespace cwlog::detail
