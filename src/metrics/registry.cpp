#include "metrics/registry.h"

#include <algorithm>
#include <set>

#include <cwlog/error.h>

#include "route/tenant_encoding.h"
#include "rules/emf.h"

namespace cwlog::detail {
namespace {

// The dimensions cwlog adds from metric_group_options::tenant and ::component.
constexpr std::string_view tenant_dimension = "Tenant";
constexpr std::string_view component_dimension = "Component";

[[noreturn]] void refuse(std::string what, std::string_view value, std::string_view rule) {
  throw error("metrics: " + what + " \"" + std::string(value) +
              "\" is not allowed (allowed: " + std::string(rule) + ")");
}

void append_key_part(std::string& key, std::string_view s) {
  key += std::to_string(s.size());
  key += ':';
  key += s;
}

}  // namespace

std::size_t metrics_registry::make_group(const metric_group_options& o) {
  if (!is_valid_namespace(o.namespace_name)) refuse("namespace", o.namespace_name, emf_namespace_rule());
  auto g = std::make_unique<metric_group_state>();
  g->namespace_name = o.namespace_name;
  g->dimensions = o.dimensions;
  if (o.tenant) {
    // Never the raw id: the injective encoding group names use, so two
    // tenants can never share a dimension value (docs/tenant-names.md).
    g->dimensions.push_back({std::string(tenant_dimension), encode_name_value(*o.tenant)});
    g->tenant = o.tenant;
  }
  if (!o.component.empty()) g->dimensions.push_back({std::string(component_dimension), o.component});
  std::set<std::string_view> names;
  for (const auto& d : g->dimensions) {
    if (!is_valid_dimension_name(d.name)) refuse("dimension name", d.name, emf_dimension_name_rule());
    if (!is_valid_dimension_value(d.value)) refuse("dimension value", d.value, emf_dimension_value_rule());
    if (!names.insert(d.name).second) refuse("dimension name", d.name, "each dimension once per group");
  }
  if (o.dimension_sets.empty()) {
    std::vector<std::string> all;
    for (const auto& d : g->dimensions) all.push_back(d.name);
    g->dimension_sets.push_back(std::move(all));
  } else {
    g->dimension_sets = o.dimension_sets;
  }
  for (const auto& set : g->dimension_sets) {
    if (set.size() > emf_max_dimensions_per_set)
      throw error("metrics: a dimension set of " + std::to_string(set.size()) +
                  " dimensions (allowed: at most " + std::to_string(emf_max_dimensions_per_set) +
                  "; give dimension_sets)");
    std::set<std::string_view> in_set;
    for (const auto& name : set) {
      if (!names.contains(name)) refuse("dimension set member", name, "a dimension of the group");
      if (!in_set.insert(name).second) refuse("dimension set member", name, "each dimension once per set");
    }
  }
  g->properties = o.properties;
  for (const auto& [key, value] : g->properties) {
    if (key.empty() || key == emf_metadata_key || names.contains(key))
      refuse("property", key, "a non-empty name other than _aws and the dimensions");
  }

  std::string key;
  append_key_part(key, g->namespace_name);
  for (const auto& d : g->dimensions) {
    append_key_part(key, d.name);
    append_key_part(key, d.value);
  }
  key += '|';
  for (const auto& set : g->dimension_sets) {
    for (const auto& name : set) append_key_part(key, name);
    key += ';';
  }
  key += '|';
  for (const auto& [k, v] : g->properties) {
    append_key_part(key, k);
    append_key_part(key, v);
  }
  // The tenant's raw id routes the documents: distinct ids stay distinct
  // groups even if a caller adds a Tenant-like dimension of their own.
  if (g->tenant) append_key_part(key, *g->tenant);

  std::lock_guard lk(mu_);
  if (auto it = group_by_key_.find(key); it != group_by_key_.end()) return it->second;
  groups_.push_back(std::move(g));
  series_.emplace_back();
  group_by_key_.emplace(std::move(key), groups_.size() - 1);
  return groups_.size() - 1;
}

metric_series* metrics_registry::make_series(std::size_t group, std::string_view name, metric_kind kind,
                                             metric_unit unit, storage_resolution res) {
  if (!is_valid_metric_name(name)) refuse("metric name", name, emf_metric_name_rule());
  std::lock_guard lk(mu_);
  auto& g = *groups_.at(group);
  for (const auto& d : g.dimensions)
    if (d.name == name) refuse("metric name", name, "a name that is not also a dimension of the group");
  if (name == emf_metadata_key || g.properties.contains(std::string(name)))
    refuse("metric name", name, "a name that is not _aws or a property of the group");
  for (const auto& s : series_[group]) {
    if (s->name != name) continue;
    if (s->kind != kind || s->unit != unit || s->resolution != res)
      refuse("metric name", name, "one kind, unit and storage resolution per name in a group");
    return s.get();
  }
  auto s = std::make_unique<metric_series>();
  s->registry = this;
  s->group = &g;
  s->name = std::string(name);
  s->kind = kind;
  s->unit = unit;
  s->resolution = res;
  series_[group].push_back(std::move(s));
  return series_[group].back().get();
}

bool metrics_registry::admit_slow(metric_group_state& g) noexcept {
  if (closed_.load()) {
    counters_.refused_values.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  const std::uint64_t epoch = epoch_.load();
  if (g.refused_epoch.load(std::memory_order_relaxed) == epoch) {
    counters_.cardinality_dropped.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  std::lock_guard lk(admit_mu_);
  if (epoch != epoch_.load()) return admit(g);  // a new interval began meanwhile: look again
  if (g.admitted_epoch.load() == epoch) return true;
  if (admitted_ >= max_groups_) {
    g.refused_epoch.store(epoch);
    counters_.cardinality_groups.fetch_add(1, std::memory_order_relaxed);
    counters_.cardinality_dropped.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  ++admitted_;
  g.admitted_epoch.store(epoch);
  return true;
}

void metrics_registry::collect(std::vector<group_sample>& out) {
  out.clear();
  {
    // The next interval starts here: its first value per group takes a slot.
    std::lock_guard lk(admit_mu_);
    epoch_.fetch_add(1);
    admitted_ = 0;
  }
  std::lock_guard lk(mu_);
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    group_sample gs;
    gs.group = groups_[gi].get();
    for (const auto& sp : series_[gi]) {
      auto& s = *sp;
      if (!s.touched.exchange(false)) continue;
      metric_sample m;
      m.series = &s;
      switch (s.kind) {
        case metric_kind::counter:
          m.value = s.value.exchange(0.0);
          break;
        case metric_kind::gauge:
          m.value = s.value.load();
          break;
        case metric_kind::distribution: {
          while (s.lock.exchange(true, std::memory_order_acquire)) {
          }
          s.histogram.summarize(m.summary);
          s.histogram.clear();
          s.lock.store(false, std::memory_order_release);
          if (m.summary.count == 0) continue;
          break;
        }
      }
      gs.metrics.push_back(std::move(m));
    }
    if (!gs.metrics.empty()) out.push_back(std::move(gs));
  }
}

namespace {

bool accept(metric_series& s, double v) noexcept {
  if (!is_valid_metric_value(v)) {
    s.registry->counters().refused_values.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  return s.registry->admit(*s.group);
}

void mark_touched(metric_series& s) noexcept {
  // A load first: the common case writes nothing to the shared line.
  if (!s.touched.load(std::memory_order_relaxed)) s.touched.store(true, std::memory_order_release);
}

}  // namespace

bool record_counter(metric_series& s, double v) noexcept {
  if (!accept(s, v)) return false;
  double current = s.value.load(std::memory_order_relaxed);
  while (!s.value.compare_exchange_weak(current, current + v, std::memory_order_relaxed)) {
  }
  mark_touched(s);
  return true;
}

bool set_gauge(metric_series& s, double v) noexcept {
  if (!accept(s, v)) return false;
  s.value.store(v, std::memory_order_relaxed);
  mark_touched(s);
  return true;
}

bool record_distribution(metric_series& s, double v) noexcept {
  if (!accept(s, v)) return false;
  // Test and test-and-set: waiters spin on a read, not on the exchange.
  while (s.lock.exchange(true, std::memory_order_acquire)) {
    while (s.lock.load(std::memory_order_relaxed)) {
    }
  }
  bool ok = true;
  try {
    s.histogram.add(v);
  } catch (...) {  // out of memory for a new bucket
    ok = false;
  }
  s.lock.store(false, std::memory_order_release);
  if (!ok) {
    s.registry->counters().refused_values.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  mark_touched(s);
  return true;
}

}  // namespace cwlog::detail
