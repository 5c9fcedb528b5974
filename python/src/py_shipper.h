#pragma once
// The Python face of cwlog::shipper (module cwlog._cwlog). Thin on purpose:
// the Python package (python/cwlog/) adapts to logging and loguru; this file
// only converts arguments, releases the GIL while waiting, and keeps the
// shipper's diagnostics for Python to turn into warnings (they are produced on
// the shipper's threads, where calling into Python is not allowed to block).
#include <pybind11/pybind11.h>

#include <cwlog/shipper.h>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::python {

namespace py = pybind11;

// Diagnostics kept until Python collects them (bounded: the oldest go first).
class diagnostic_buffer {
 public:
  void push(const diagnostic& d);
  py::list take();  // [(severity, message), ...] and clears

 private:
  static constexpr std::size_t max_kept = 256;
  std::mutex mu_;
  std::deque<std::pair<std::string, std::string>> items_;
  std::uint64_t lost_ = 0;
};

class py_destination {
 public:
  explicit py_destination(cwlog::destination d) : d_(std::move(d)) {}
  const cwlog::destination& handle() const noexcept { return d_; }
  // A capsule over this object that keeps it alive (see fast_log.cpp).
  static py::object token(py::object self);

 private:
  cwlog::destination d_;
};

class py_shipper {
 public:
  // options come from a YAML file (config_path) or from keyword settings
  // (aws and shipping); see module.cpp for the keywords.
  py_shipper(const cwlog::options& opts);
  ~py_shipper();

  std::shared_ptr<py_destination> open(const cwlog::destination_options& d);
  // The hot path. levelno is Python's (10 debug ... 50 critical); created is
  // record.created (seconds since the epoch); fields may be None.
  bool log(const py_destination* to, int levelno, std::string_view logger, std::string_view message,
           double created, std::optional<std::string_view> tenant, const py::handle& fields);
  py::dict flush(double timeout_s);
  py::dict shutdown(double deadline_s);
  py::dict counters() const;
  py::list diagnostics() { return diagnostics_->take(); }
  bool is_shut_down() const noexcept { return shut_down_; }
  // A capsule over this object that keeps it alive (see fast_log.cpp).
  static py::object token(py::object self);
  // For cwlog.Metrics (py_metrics.h): the shipper and the options it was made with.
  const std::shared_ptr<cwlog::shipper>& shared() const noexcept { return shipper_; }
  const cwlog::options& options() const noexcept { return opts_; }

 private:
  std::shared_ptr<diagnostic_buffer> diagnostics_;
  cwlog::options opts_;
  std::shared_ptr<cwlog::shipper> shipper_;
  bool shut_down_ = false;
};

// Runs f (a wait that may need a shipper thread to take the GIL, e.g. a
// credentials callback) without holding the GIL when this thread holds it.
template <class F>
void without_gil(F&& f) {
  if (Py_IsInitialized() && PyGILState_Check()) {
    py::gil_scoped_release unlocked;
    f();
  } else {
    f();
  }
}

// Python's logging levels to cwlog's.
cwlog::level level_from_python(int levelno) noexcept;

// Adds _cwlog.log(shipper_token, destination_token or None, levelno, logger,
// message, created, tenant or None, fields or None) -> bool: the caller's
// path, as a METH_FASTCALL function (fast_log.cpp).
void add_fast_log(py::module_& m);
// The tokens' objects (null with a Python exception set when it is not one).
py_shipper* shipper_from_token(PyObject* token);
const py_destination* destination_from_token(PyObject* token);

// Adds _cwlog.emit_state(...) and _cwlog.emit(state, record): the whole
// fast path of CloudWatchLogHandler (fast_emit.cpp).
void add_fast_emit(py::module_& m);

}  // namespace cwlog::python
