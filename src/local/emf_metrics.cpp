#include "local/emf_metrics.h"

#include <climits>
#include <cstdint>
#include <set>

#include "rules/emf.h"

namespace cwlog::detail {
namespace {

using nlohmann::json;

// nlohmann reads integers from 2^63 to 2^64-1 as unsigned, and get<int64_t>()
// or get<int>() would wrap them (and any wider integer) into range.
bool is_int64(const json& v) {
  return v.is_number_integer() &&
         !(v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX));
}

bool valid_number(const json& v) {
  return v.is_number() && is_valid_metric_value(v.get<double>());
}

// A metric's target member: a number, an array of at most 100 numbers, or
// the {Values, Counts, Min, Max, Count, Sum} form aws-embedded-metrics'
// histograms send (docs/metrics.md).
std::optional<std::string> read_values(const json& v, emf_datapoint& p) {
  if (valid_number(v)) {
    p.values.push_back(v.get<double>());
    return std::nullopt;
  }
  const auto read_array = [&](const json& a, std::vector<double>& out) -> std::optional<std::string> {
    if (!a.is_array()) return "values are not an array";
    if (a.size() > emf_max_values_per_metric) return "more than 100 values";
    for (const auto& x : a) {
      if (!valid_number(x)) return "a value is not a finite number within +-2^360";
      out.push_back(x.get<double>());
    }
    return std::nullopt;
  };
  if (v.is_array()) return read_array(v, p.values);
  if (v.is_object() && v.contains("Values") && v.contains("Counts")) {
    if (auto e = read_array(v["Values"], p.values)) return e;
    if (auto e = read_array(v["Counts"], p.counts)) return e;
    if (p.values.size() != p.counts.size()) return "Values and Counts differ in length";
    json stats = json::object();
    for (const char* key : {"Min", "Max", "Count", "Sum"}) {
      if (!v.contains(key) || !valid_number(v[key])) return std::string(key) + " is missing or not a number";
      stats[key] = v[key];
    }
    p.statistics = std::move(stats);
    return std::nullopt;
  }
  return "a metric value is not a number, an array of numbers or {Values, Counts, ...}";
}

}  // namespace

std::optional<std::string> parse_emf(std::string_view message, std::vector<emf_datapoint>& out) {
  const json root = json::parse(message, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return "not a JSON object";
  const auto aws = root.find(emf_metadata_key);
  if (aws == root.end() || !aws->is_object()) return "no _aws object";
  const auto ts = aws->find("Timestamp");
  if (ts == aws->end() || !is_int64(*ts)) return "_aws.Timestamp is not an integer of 64 bits";
  const auto directives = aws->find("CloudWatchMetrics");
  if (directives == aws->end() || !directives->is_array()) return "_aws.CloudWatchMetrics is not an array";
  std::vector<emf_datapoint> points;
  for (const auto& d : *directives) {
    if (!d.is_object()) return "a metric directive is not an object";
    if (!d.contains("Namespace") || !d["Namespace"].is_string() ||
        !is_valid_namespace(d["Namespace"].get_ref<const std::string&>()))
      return "bad Namespace";
    if (!d.contains("Dimensions") || !d["Dimensions"].is_array()) return "Dimensions is not an array";
    if (!d.contains("Metrics") || !d["Metrics"].is_array()) return "Metrics is not an array";
    if (d["Metrics"].size() > emf_max_metrics_per_directive) return "more than 100 metrics in a directive";
    std::vector<std::vector<std::pair<std::string, std::string>>> sets;
    for (const auto& set : d["Dimensions"]) {
      if (!set.is_array()) return "a dimension set is not an array";
      if (set.size() > emf_max_dimensions_per_set) return "more than 30 dimensions in a set";
      auto& resolved = sets.emplace_back();
      for (const auto& key : set) {
        if (!key.is_string() || !is_valid_dimension_name(key.get_ref<const std::string&>()))
          return "bad dimension name";
        const auto& name = key.get_ref<const std::string&>();
        const auto member = root.find(name);
        if (member == root.end()) return "dimension " + name + " has no member";
        if (!member->is_string() || !is_valid_dimension_value(member->get_ref<const std::string&>()))
          return "dimension " + name + " is not a valid string value";
        resolved.emplace_back(name, member->get<std::string>());
      }
    }
    std::set<std::string> seen;
    for (const auto& m : d["Metrics"]) {
      if (!m.is_object() || !m.contains("Name") || !m["Name"].is_string()) return "a metric has no Name";
      emf_datapoint p;
      p.timestamp = ts->get<std::int64_t>();
      p.namespace_name = d["Namespace"].get<std::string>();
      p.name = m["Name"].get<std::string>();
      if (!is_valid_metric_name(p.name)) return "bad metric name";
      if (!seen.insert(p.name).second) return "metric " + p.name + " defined twice";
      if (m.contains("Unit")) {
        if (!m["Unit"].is_string() || !is_valid_unit(m["Unit"].get_ref<const std::string&>()))
          return "bad Unit";
        p.unit = m["Unit"].get<std::string>();
      }
      if (m.contains("StorageResolution")) {
        // Read whole before narrowing: 4294967297 is not 1 (0 is never valid).
        const auto& resolution = m["StorageResolution"];
        const std::int64_t seconds = is_int64(resolution) ? resolution.get<std::int64_t>() : 0;
        if (seconds < INT_MIN || seconds > INT_MAX || !is_valid_storage_resolution(static_cast<int>(seconds)))
          return "bad StorageResolution";
        p.storage_resolution = static_cast<int>(seconds);
      }
      const auto member = root.find(p.name);
      if (member == root.end()) return "metric " + p.name + " has no member";
      if (auto e = read_values(*member, p)) return "metric " + p.name + ": " + *e;
      for (const auto& set : sets) {
        auto copy = p;
        copy.dimensions = set;
        points.push_back(std::move(copy));
      }
    }
  }
  for (auto& p : points) out.push_back(std::move(p));
  return std::nullopt;
}

void emf_metric_store::ingest(std::string_view group, std::string_view stream, std::string_view message) {
  std::vector<emf_datapoint> points;
  const auto error = parse_emf(message, points);
  std::lock_guard lk(mu_);
  ++events_;
  if (error) {
    ++malformed_;
    last_error_ = *error;
    return;
  }
  for (auto& p : points) {
    p.group = std::string(group);
    p.stream = std::string(stream);
    points_.push_back(std::move(p));
    if (points_.size() > max_datapoints) points_.pop_front();
  }
}

json emf_metric_store::query(std::string_view namespace_name, std::string_view name,
                             std::string_view group) const {
  std::lock_guard lk(mu_);
  json list = json::array();
  for (const auto& p : points_) {
    if (!namespace_name.empty() && p.namespace_name != namespace_name) continue;
    if (!name.empty() && p.name != name) continue;
    if (!group.empty() && p.group != group) continue;
    json dims = json::object();
    json order = json::array();
    for (const auto& [k, v] : p.dimensions) {
      dims[k] = v;
      order.push_back(k);
    }
    json j = {{"logGroupName", p.group},
              {"logStreamName", p.stream},
              {"timestamp", p.timestamp},
              {"namespace", p.namespace_name},
              {"metricName", p.name},
              {"unit", p.unit},
              {"storageResolution", p.storage_resolution},
              {"dimensions", dims},
              {"dimensionSet", order},
              {"values", p.values}};
    if (!p.counts.empty()) j["counts"] = p.counts;
    if (p.statistics) j["statistics"] = *p.statistics;
    list.push_back(std::move(j));
  }
  return {
      {"emfEvents", events_}, {"emfMalformed", malformed_}, {"lastError", last_error_}, {"datapoints", list}};
}

}  // namespace cwlog::detail
