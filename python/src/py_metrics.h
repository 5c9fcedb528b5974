#pragma once
// The Python face of cwlog::metrics (cwlog/metrics.h): cwlog.Metrics over a
// cwlog.Shipper, its groups and the counter/gauge/distribution handles. The
// handles' add/set/record are the C++ ones (noexcept, no lock for counters
// and gauges); this file only converts arguments.
#include <pybind11/pybind11.h>

#include <cwlog/metrics.h>
#include <memory>
#include <optional>
#include <string>

#include "py_shipper.h"

namespace cwlog::python {

class py_metrics {
 public:
  // group/stream: the destination templates of the EMF documents ({tenant},
  // {logger} = the namespace); without group, the config's metrics.destination.
  py_metrics(const py_shipper& s, const std::optional<std::string>& group, const std::string& stream,
             std::optional<double> interval, std::optional<std::size_t> max_dimension_sets);
  ~py_metrics();

  cwlog::metric_group group(const cwlog::metric_group_options& g) { return m_->group(g); }
  void emit();
  py::dict stats() const;

 private:
  std::unique_ptr<cwlog::metrics> m_;
};

void add_metrics(py::module_& m);

}  // namespace cwlog::python
