#include "metrics/emf_encoder.h"

#include <charconv>
#include <iterator>

#include "common/json_string.h"
#include "rules/emf.h"

namespace cwlog {

std::string_view to_string(metric_unit unit) noexcept {
  // metric_unit lists rules/emf.h's units in their order.
  static_assert(std::size(detail::emf_units) == static_cast<std::size_t>(metric_unit::none) + 1);
  const auto i = static_cast<std::size_t>(unit);
  return i < std::size(detail::emf_units) ? detail::emf_units[i] : std::string_view{"None"};
}

}  // namespace cwlog

namespace cwlog::detail {
namespace {

void append_definition(std::string& out, const metric_series& s) {
  out += "{\"Name\":";
  append_json_string(out, s.name);
  out += ",\"Unit\":";
  append_json_string(out, to_string(s.unit));
  if (s.resolution == storage_resolution::high) {
    out += ",\"StorageResolution\":";
    out += std::to_string(emf_high_resolution);
  }
  out += '}';
}

// The root member of one metric: `"Name":value`.
void append_member(std::string& out, const metric_sample& m) {
  out += ',';
  append_json_string(out, m.series->name);
  out += ':';
  if (m.series->kind != metric_kind::distribution) {
    append_json_number(out, m.value);
    return;
  }
  const auto& d = m.summary;
  const auto append_values = [&] {
    out += '[';
    for (std::size_t i = 0; i < d.values.size(); ++i) {
      if (i) out += ',';
      append_json_number(out, d.values[i]);
    }
    out += ']';
  };
  if (d.raw) {
    append_values();
    return;
  }
  out += "{\"Values\":";
  append_values();
  out += ",\"Counts\":[";
  for (std::size_t i = 0; i < d.counts.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(d.counts[i]);
  }
  out += "],\"Min\":";
  append_json_number(out, d.min);
  out += ",\"Max\":";
  append_json_number(out, d.max);
  out += ",\"Count\":";
  out += std::to_string(d.count);
  out += ",\"Sum\":";
  append_json_number(out, d.sum);
  out += '}';
}

}  // namespace

void append_json_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

emf_encode_result encode_emf(const group_sample& g, std::int64_t timestamp_ms, std::vector<std::string>& out,
                             std::size_t max_bytes) {
  const metric_group_state& grp = *g.group;
  // The parts every document of the group repeats.
  std::string head =
      "{\"_aws\":{\"Timestamp\":" + std::to_string(timestamp_ms) + ",\"CloudWatchMetrics\":[{\"Namespace\":";
  append_json_string(head, grp.namespace_name);
  head += ",\"Dimensions\":[";
  for (std::size_t i = 0; i < grp.dimension_sets.size(); ++i) {
    if (i) head += ',';
    head += '[';
    for (std::size_t j = 0; j < grp.dimension_sets[i].size(); ++j) {
      if (j) head += ',';
      append_json_string(head, grp.dimension_sets[i][j]);
    }
    head += ']';
  }
  head += "],\"Metrics\":[";
  std::string tail = "]}]}";  // closes Metrics, the directive, CloudWatchMetrics, _aws
  for (const auto& d : grp.dimensions) {
    tail += ',';
    append_json_string(tail, d.name);
    tail += ':';
    append_json_string(tail, d.value);  // always a string, as the spec requires
  }
  for (const auto& [k, v] : grp.properties) {
    tail += ',';
    append_json_string(tail, k);
    tail += ':';
    append_json_string(tail, v);
  }
  // tail is followed by the metric members and the closing brace.

  emf_encode_result result;
  std::string definitions;
  std::string members;
  std::size_t in_doc = 0;
  const auto finish = [&] {
    if (in_doc == 0) return;
    out.push_back(head + definitions + tail + members + "}");
    ++result.documents;
    definitions.clear();
    members.clear();
    in_doc = 0;
  };
  std::string def;
  std::string member;
  for (const auto& m : g.metrics) {
    def.clear();
    member.clear();
    append_definition(def, *m.series);
    append_member(member, m);
    const auto size_with = [&] {
      return head.size() + definitions.size() + (in_doc ? 1 : 0) + def.size() + tail.size() + members.size() +
             member.size() + 1;
    };
    if (in_doc == emf_max_metrics_per_directive || (in_doc > 0 && size_with() > max_bytes)) finish();
    if (size_with() > max_bytes) {
      ++result.oversize;  // does not fit even alone
      continue;
    }
    if (in_doc) definitions += ',';
    definitions += def;
    members += member;
    ++in_doc;
  }
  finish();
  return result;
}

}  // namespace cwlog::detail
