#include "py_metrics.h"

#include <pybind11/stl.h>

#include <chrono>
#include <cmath>

#include <cwlog/error.h>

namespace cwlog::python {

py_metrics::py_metrics(const py_shipper& s, const std::optional<std::string>& group,
                       const std::string& stream, std::optional<double> interval,
                       std::optional<std::size_t> max_dimension_sets) {
  cwlog::options opts = s.options();
  if (group) {
    cwlog::destination_options d;
    d.name = "_python_metrics";  // not a name a config can clash with: it is added here only
    d.group = *group;
    d.stream = stream;
    opts.destinations.push_back(std::move(d));
    opts.metrics.destination = "_python_metrics";
  }
  if (interval) {
    if (!(*interval >= 1.0) || !std::isfinite(*interval))
      throw cwlog::error("interval: " + std::to_string(*interval) + " (allowed: 1 second or more)");
    opts.metrics.interval =
        std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(*interval * 1000.0)));
  }
  if (max_dimension_sets) opts.metrics.max_dimension_sets = *max_dimension_sets;
  m_ = std::make_unique<cwlog::metrics>(s.shared(), opts);
}

py_metrics::~py_metrics() {
  // The last interval is sent, and the shipper may shut down if this held it
  // last (its senders may need the GIL for a credentials callback).
  without_gil([this] { m_.reset(); });
}

void py_metrics::emit() {
  py::gil_scoped_release unlocked;
  m_->emit();
}

py::dict py_metrics::stats() const {
  const auto st = m_->stats();
  py::dict out;
  out["refused_values"] = st.refused_values;
  out["cardinality_dropped"] = st.cardinality_dropped;
  out["cardinality_groups"] = st.cardinality_groups;
  out["documents"] = st.documents;
  out["documents_dropped"] = st.documents_dropped;
  out["intervals"] = st.intervals;
  return out;
}

namespace {

cwlog::metric_unit parse_unit(const std::string& name) {
  for (int i = 0; i <= static_cast<int>(cwlog::metric_unit::none); ++i) {
    const auto u = static_cast<cwlog::metric_unit>(i);
    if (cwlog::to_string(u) == name) return u;
  }
  throw cwlog::error("unit: \"" + name +
                     "\" (allowed: an EMF unit such as Count, Milliseconds, Bytes, None)");
}

cwlog::storage_resolution parse_resolution(int seconds) {
  if (seconds == 60) return cwlog::storage_resolution::standard;
  if (seconds == 1) return cwlog::storage_resolution::high;
  throw cwlog::error("storage_resolution: " + std::to_string(seconds) + " (allowed: 1 or 60)");
}

}  // namespace

void add_metrics(py::module_& m) {
  py::class_<cwlog::metric_counter>(m, "Counter")
      .def("add", &cwlog::metric_counter::add, py::arg("value") = 1.0);
  py::class_<cwlog::metric_gauge>(m, "Gauge").def("set", &cwlog::metric_gauge::set, py::arg("value"));
  py::class_<cwlog::metric_distribution>(m, "Distribution")
      .def("record", &cwlog::metric_distribution::record, py::arg("value"));
  py::class_<cwlog::metric_group>(m, "MetricGroup")
      .def(
          "counter",
          [](cwlog::metric_group& g, const std::string& name, const std::string& unit, int res) {
            return g.counter(name, parse_unit(unit), parse_resolution(res));
          },
          py::arg("name"), py::arg("unit") = "Count", py::arg("storage_resolution") = 60)
      .def(
          "gauge",
          [](cwlog::metric_group& g, const std::string& name, const std::string& unit, int res) {
            return g.gauge(name, parse_unit(unit), parse_resolution(res));
          },
          py::arg("name"), py::arg("unit") = "None", py::arg("storage_resolution") = 60)
      .def(
          "distribution",
          [](cwlog::metric_group& g, const std::string& name, const std::string& unit, int res) {
            return g.distribution(name, parse_unit(unit), parse_resolution(res));
          },
          py::arg("name"), py::arg("unit") = "None", py::arg("storage_resolution") = 60);
  py::class_<py_metrics>(m, "Metrics")
      .def(py::init<const py_shipper&, const std::optional<std::string>&, const std::string&,
                    std::optional<double>, std::optional<std::size_t>>(),
           py::arg("shipper"), py::kw_only(), py::arg("group") = py::none(), py::arg("stream") = "{logger}",
           py::arg("interval") = py::none(), py::arg("max_dimension_sets") = py::none(),
           py::keep_alive<1, 2>())
      .def(
          "group",
          [](py_metrics& self, const std::string& namespace_name,
             const std::map<std::string, std::string>& dims, const std::optional<std::string>& tenant,
             const std::string& component, const std::map<std::string, std::string>& properties,
             const std::vector<std::vector<std::string>>& dimension_sets) {
            cwlog::metric_group_options o;
            o.namespace_name = namespace_name;
            for (const auto& [k, v] : dims) o.dimensions.push_back({k, v});
            o.tenant = tenant;
            o.component = component;
            o.properties = properties;
            o.dimension_sets = dimension_sets;
            return self.group(o);
          },
          py::arg("namespace"), py::kw_only(), py::arg("dimensions") = std::map<std::string, std::string>{},
          py::arg("tenant") = py::none(), py::arg("component") = "",
          py::arg("properties") = std::map<std::string, std::string>{},
          py::arg("dimension_sets") = std::vector<std::vector<std::string>>{})
      .def("emit", &py_metrics::emit)
      .def("stats", &py_metrics::stats);
}

}  // namespace cwlog::python
