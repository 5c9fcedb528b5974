// Fuzz target: cwlog local's Embedded Metric Format extraction
// (src/local/emf_metrics.cpp, parse_emf and emf_metric_store), which reads the
// message of every event a client sends with x-amzn-logs-format: json/emf.
// Input: one log event's message.
//
// Properties, checked against the document itself (read again here with
// nlohmann::json) and the EMF rules (src/rules/emf.h):
// - a malformed document yields no datapoint and a reason;
// - every datapoint satisfies the rules: namespace, metric name, unit,
//   storage resolution 1 or 60, each dimension's name and value, at most 100
//   finite values within +-2^360, counts as many as values when present;
// - every datapoint says what the document says: the timestamp and the
//   storage resolution are the document's numbers (not a wrapped conversion),
//   each dimension's value is the root member of that name, the namespace is
//   one of the directives';
// - parsing again gives the same datapoints; the store counts the event once
//   and serves what it kept.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_input.h"
#include "local/emf_metrics.h"
#include "rules/emf.h"

namespace {

using cwlog::fuzz::require;
using nlohmann::json;

// `v` is exactly the integer `n` (nlohmann compares signed with unsigned
// after a cast, so 2^64-1 would "equal" -1).
bool same_integer(const json& v, std::int64_t n) {
  if (v.is_number_unsigned()) return n >= 0 && v.get<std::uint64_t>() == static_cast<std::uint64_t>(n);
  return v.is_number_integer() && v.get<std::int64_t>() == n;
}

void check_point(const json& root, const cwlog::detail::emf_datapoint& p) {
  using namespace cwlog::detail;
  const auto& aws = root.at(std::string(emf_metadata_key));
  require(same_integer(aws.at("Timestamp"), p.timestamp), "the datapoint's timestamp is the document's");
  require(is_valid_namespace(p.namespace_name), "valid namespace");
  require(is_valid_metric_name(p.name), "valid metric name");
  require(is_valid_unit(p.unit), "valid unit");
  require(is_valid_storage_resolution(p.storage_resolution), "storage resolution 1 or 60");
  require(p.values.size() <= emf_max_values_per_metric, "at most 100 values");
  for (double v : p.values) require(is_valid_metric_value(v), "values finite and within +-2^360");
  require(p.counts.empty() || p.counts.size() == p.values.size(), "as many counts as values");
  require(p.dimensions.size() <= emf_max_dimensions_per_set, "at most 30 dimensions");
  for (const auto& [name, value] : p.dimensions) {
    require(is_valid_dimension_name(name) && is_valid_dimension_value(value), "valid dimension");
    const auto member = root.find(name);
    require(member != root.end() && member->is_string() && member->get_ref<const std::string&>() == value,
            "a dimension's value is the root member of its name");
  }
  bool directive_found = false;
  for (const auto& d : aws.at("CloudWatchMetrics")) {
    if (d.at("Namespace") != p.namespace_name) continue;
    for (const auto& m : d.at("Metrics")) {
      if (m.at("Name") != p.name) continue;
      directive_found = true;
      if (m.contains("StorageResolution"))
        require(same_integer(m["StorageResolution"], p.storage_resolution),
                "the storage resolution is the document's");
    }
  }
  require(directive_found, "a datapoint comes from a directive of the document");
}

bool same_points(const std::vector<cwlog::detail::emf_datapoint>& a,
                 const std::vector<cwlog::detail::emf_datapoint>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].namespace_name != b[i].namespace_name ||
        a[i].timestamp != b[i].timestamp || a[i].dimensions != b[i].dimensions || a[i].values != b[i].values)
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cwlog::detail;
  const std::string_view message = cwlog::fuzz::as_text(data, size);
  std::vector<emf_datapoint> points;
  const auto error = parse_emf(message, points);
  if (error) {
    require(points.empty(), "a malformed document yields no datapoint");
    require(!error->empty(), "a malformed document says why");
  } else {
    const json root = json::parse(message);  // parse_emf accepted it: JSON
    for (const auto& p : points) check_point(root, p);
    std::vector<emf_datapoint> again;
    require(!parse_emf(message, again) && same_points(points, again), "parsing is deterministic");
  }

  emf_metric_store store;
  store.ingest("g", "s", message);
  const json served = store.query("", "", "");
  require(served["emfEvents"] == 1, "the store counts the event once");
  require(served["emfMalformed"] == (error ? 1 : 0), "the store counts a malformed event");
  require(served["datapoints"].size() == std::min(points.size(), emf_metric_store::max_datapoints),
          "the store keeps the datapoints");
  return 0;
}
