// cwlog._cwlog: the extension module. The keyword names mirror cwlog::options
// (include/cwlog/options.h) and destination_options; durations are seconds,
// as Python code writes them.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cwlog/config.h>
#include <cwlog/error.h>
#include <cwlog/tenant.h>
#include <cwlog/version.h>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "py_metrics.h"
#include "py_shipper.h"

namespace py = pybind11;
using namespace cwlog::python;

namespace {

std::chrono::milliseconds seconds_to_ms(double s, const char* name) {
  if (!(s > 0) || !std::isfinite(s))
    throw cwlog::error(std::string(name) + ": " + std::to_string(s) +
                       " (allowed: a positive number of seconds)");
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(s * 1000.0)));
}

cwlog::spool_sync_policy parse_spool_sync(const std::string& s) {
  if (s == "interval") return cwlog::spool_sync_policy::interval;
  if (s == "none") return cwlog::spool_sync_policy::none;
  throw cwlog::error("spool_sync: \"" + s + "\" (allowed: interval, none)");
}

cwlog::overflow_policy parse_overflow(const std::string& s) {
  if (s == "drop_newest") return cwlog::overflow_policy::drop_newest;
  if (s == "drop_oldest") return cwlog::overflow_policy::drop_oldest;
  if (s == "block") return cwlog::overflow_policy::block;
  throw cwlog::error("overflow: \"" + s + "\" (allowed: drop_newest, drop_oldest, block)");
}

// Wraps a Python callable returning (access_key_id, secret_access_key,
// session_token or None, expiration as epoch seconds or None). It runs on a
// sender thread: it takes the GIL for the call, and the callable itself is
// released with the GIL held, whichever thread drops the last reference.
cwlog::credentials_callback wrap_credentials(py::function fn) {
  std::shared_ptr<py::object> holder(new py::object(std::move(fn)), [](py::object* o) {
    if (!Py_IsInitialized()) return;  // the interpreter is gone: nothing left to release
    py::gil_scoped_acquire locked;
    delete o;
  });
  return [holder]() -> cwlog::aws_credentials {
    if (!Py_IsInitialized()) throw cwlog::error("the Python interpreter is shutting down");
    py::gil_scoped_acquire locked;
    try {
      const py::tuple t = (*holder)();
      if (t.size() != 4) throw cwlog::error("the credentials callback must return 4 values");
      cwlog::aws_credentials c;
      c.access_key_id = t[0].cast<std::string>();
      c.secret_access_key = t[1].cast<std::string>();
      if (!t[2].is_none()) c.session_token = t[2].cast<std::string>();
      if (!t[3].is_none()) {
        const auto secs = t[3].cast<double>();
        c.expiration = std::chrono::system_clock::time_point(
            std::chrono::duration_cast<std::chrono::system_clock::duration>(
                std::chrono::duration<double>(secs)));
      }
      return c;
    } catch (py::error_already_set& e) {
      throw cwlog::error(std::string("credentials callback: ") + e.what());
    } catch (const py::cast_error& e) {
      throw cwlog::error(std::string("credentials callback returned the wrong types: ") + e.what());
    }
  };
}

std::unique_ptr<py_shipper> make_shipper(const std::optional<std::string>& config, const std::string& region,
                                         const std::string& endpoint, const std::string& profile,
                                         const std::optional<py::function>& credentials,
                                         double flush_interval, std::size_t queue_bytes,
                                         std::size_t max_in_flight, std::size_t max_in_flight_per_stream,
                                         double shutdown_deadline, const std::string& overflow, bool gzip,
                                         const std::string& spool_dir, std::uint64_t spool_bytes,
                                         const std::string& spool_sync, double spool_write_interval) {
  cwlog::options o;
  if (config) {
    o = cwlog::load_config(*config);
  } else {
    o.shipping.flush_interval = seconds_to_ms(flush_interval, "flush_interval");
    o.shipping.queue_bytes = queue_bytes;
    o.shipping.max_in_flight = max_in_flight;
    o.shipping.max_in_flight_per_stream = max_in_flight_per_stream;
    o.shipping.shutdown_deadline = seconds_to_ms(shutdown_deadline, "shutdown_deadline");
    o.shipping.overflow = parse_overflow(overflow);
    o.shipping.gzip = gzip;
    o.shipping.spool_dir = spool_dir;
    o.shipping.spool_bytes = spool_bytes;
    o.shipping.spool_sync = parse_spool_sync(spool_sync);
    o.shipping.spool_write_interval = seconds_to_ms(spool_write_interval, "spool_write_interval");
  }
  if (!region.empty()) o.aws.region = region;
  if (!endpoint.empty()) o.aws.endpoint = endpoint;
  if (!profile.empty()) o.aws.profile = profile;
  if (credentials) {
    o.aws.credentials = cwlog::credentials_source::callback;
    o.aws.credentials_fn = wrap_credentials(*credentials);
  }
  return std::make_unique<py_shipper>(o);
}

cwlog::destination_options make_destination(const std::string& group, const std::string& stream,
                                            std::optional<int> retention_days, const std::string& kms_key_id,
                                            const std::map<std::string, std::string>& tags,
                                            const std::string& group_class, bool create_group,
                                            bool create_stream, const std::string& format,
                                            const std::string& pattern, std::size_t max_batch_bytes,
                                            std::size_t max_batch_events) {
  cwlog::destination_options d;
  d.group = group;
  d.stream = stream;
  d.retention_days = retention_days;
  d.kms_key_id = kms_key_id;
  d.tags = tags;
  if (group_class == "STANDARD") {
    d.group_class = cwlog::log_group_class::standard;
  } else if (group_class == "INFREQUENT_ACCESS") {
    d.group_class = cwlog::log_group_class::infrequent_access;
  } else {
    throw cwlog::error("log_group_class: \"" + group_class + "\" (allowed: STANDARD, INFREQUENT_ACCESS)");
  }
  d.create_group = create_group;
  d.create_stream = create_stream;
  if (format == "plain") {
    d.format = cwlog::formatter_kind::plain;
  } else if (format == "json") {
    d.format = cwlog::formatter_kind::json;
  } else {
    throw cwlog::error("format: \"" + format + "\" (allowed: plain, json)");
  }
  d.pattern = pattern;
  d.max_batch_bytes = max_batch_bytes;
  d.max_batch_events = max_batch_events;
  return d;
}

}  // namespace

PYBIND11_MODULE(_cwlog, m) {
  m.doc() = "cwlog's C++ core: the shipper and its fixed destinations (see the cwlog package)";
  m.attr("version") = std::string(cwlog::version());
  static py::exception<cwlog::error> error_type(m, "Error", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const cwlog::error& e) {
      error_type(e.what());
    }
  });

  py::class_<py_destination, std::shared_ptr<py_destination>>(m, "Destination")
      .def_property_readonly("group", [](const py_destination& d) { return d.handle().group(); })
      .def_property_readonly("stream", [](const py_destination& d) { return d.handle().stream(); })
      .def_property_readonly("token", &py_destination::token);

  py::class_<py_shipper>(m, "Shipper")
      .def(py::init(&make_shipper), py::kw_only(), py::arg("config") = py::none(), py::arg("region") = "",
           py::arg("endpoint") = "", py::arg("profile") = "", py::arg("credentials") = py::none(),
           py::arg("flush_interval") = 2.0, py::arg("queue_bytes") = std::size_t{64} << 20,
           py::arg("max_in_flight") = 4, py::arg("max_in_flight_per_stream") = 4,
           py::arg("shutdown_deadline") = 10.0, py::arg("overflow") = "drop_newest", py::arg("gzip") = false,
           py::arg("spool_dir") = "", py::arg("spool_bytes") = std::uint64_t{1} << 30,
           py::arg("spool_sync") = "interval", py::arg("spool_write_interval") = 0.2)
      .def(
          "open",
          [](py_shipper& s, const std::string& group, const std::string& stream,
             std::optional<int> retention_days, const std::string& kms_key_id,
             const std::map<std::string, std::string>& tags, const std::string& group_class,
             bool create_group, bool create_stream, const std::string& format, const std::string& pattern,
             std::size_t max_batch_bytes, std::size_t max_batch_events) {
            return s.open(make_destination(group, stream, retention_days, kms_key_id, tags, group_class,
                                           create_group, create_stream, format, pattern, max_batch_bytes,
                                           max_batch_events));
          },
          py::arg("group"), py::arg("stream"), py::kw_only(), py::arg("retention_days") = py::none(),
          py::arg("kms_key_id") = "", py::arg("tags") = std::map<std::string, std::string>{},
          py::arg("group_class") = "STANDARD", py::arg("create_group") = true,
          py::arg("create_stream") = true, py::arg("format") = "plain", py::arg("pattern") = "{message}",
          py::arg("max_batch_bytes") = std::size_t{0}, py::arg("max_batch_events") = std::size_t{0})
      // (destination or None, levelno, logger, message, created, tenant or
      // None, fields dict or None). The handlers use _cwlog.log with tokens.
      .def("log", &py_shipper::log)
      .def("flush", &py_shipper::flush, py::arg("timeout") = 5.0)
      .def("shutdown", &py_shipper::shutdown, py::arg("deadline") = 10.0)
      .def("counters", &py_shipper::counters)
      .def("diagnostics", &py_shipper::diagnostics)
      .def_property_readonly("is_shut_down", &py_shipper::is_shut_down)
      .def_property_readonly("token", &py_shipper::token);
  add_fast_log(m);
  add_fast_emit(m);
  add_metrics(m);

  m.def("tenant_name",
        [](const std::string& tmpl, const std::string& tenant) { return cwlog::tenant_name(tmpl, tenant); });
}
