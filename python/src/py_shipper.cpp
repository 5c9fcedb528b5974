#include "py_shipper.h"

#include <cmath>
#include <string>
#include <vector>

namespace cwlog::python {
namespace {

const char* severity_name(diagnostic_severity s) noexcept {
  switch (s) {
    case diagnostic_severity::error:
      return "error";
    case diagnostic_severity::warn:
      return "warning";
    default:
      return "info";
  }
}

std::chrono::milliseconds to_ms(double seconds) {
  if (!(seconds > 0)) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(seconds * 1000.0)));
}

// A record's extra fields, converted once on the caller's thread. Strings are
// borrowed from the Python objects (the dict keeps them alive during log());
// anything that is not a str, bool, int or float is rendered with str().
class field_list {
 public:
  explicit field_list(const py::handle& fields) {
    if (fields.is_none()) return;
    const auto dict = py::reinterpret_borrow<py::dict>(fields);
    views_.reserve(dict.size());
    owned_.reserve(dict.size());
    for (const auto& [k, v] : dict) {
      if (!PyUnicode_Check(k.ptr())) continue;
      field_view f;
      f.key = k.cast<std::string_view>();
      if (PyBool_Check(v.ptr())) {
        f.value = v.ptr() == Py_True;
      } else if (PyLong_Check(v.ptr())) {
        int overflow = 0;
        const long long n = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
        if (overflow != 0) {
          owned_.push_back(py::str(v).cast<std::string>());
          f.value = std::string_view(owned_.back());
        } else {
          f.value = static_cast<std::int64_t>(n);
        }
      } else if (PyFloat_Check(v.ptr())) {
        f.value = PyFloat_AS_DOUBLE(v.ptr());
      } else if (PyUnicode_Check(v.ptr())) {
        f.value = v.cast<std::string_view>();
      } else {
        owned_.push_back(py::str(v).cast<std::string>());
        f.value = std::string_view(owned_.back());
      }
      views_.push_back(f);
    }
  }
  std::span<const field_view> span() const noexcept { return views_; }

 private:
  std::vector<field_view> views_;
  std::vector<std::string> owned_;  // reserved up front: views into it stay valid
};

}  // namespace

void diagnostic_buffer::push(const diagnostic& d) {
  std::lock_guard lk(mu_);
  if (items_.size() == max_kept) {
    items_.pop_front();
    ++lost_;
  }
  items_.emplace_back(severity_name(d.severity), std::string(d.message));
}

py::list diagnostic_buffer::take() {
  std::deque<std::pair<std::string, std::string>> items;
  std::uint64_t lost = 0;
  {
    std::lock_guard lk(mu_);
    items.swap(items_);
    std::swap(lost, lost_);
  }
  py::list out;
  if (lost > 0)
    out.append(py::make_tuple("warning", std::to_string(lost) + " earlier cwlog diagnostics were not kept"));
  for (auto& [sev, msg] : items) out.append(py::make_tuple(sev, msg));
  return out;
}

cwlog::level level_from_python(int levelno) noexcept {
  if (levelno < 10) return level::trace;
  if (levelno < 20) return level::debug;
  if (levelno < 30) return level::info;
  if (levelno < 40) return level::warn;
  if (levelno < 50) return level::error;
  return level::critical;
}

py_shipper::py_shipper(const cwlog::options& opts)
    : diagnostics_(std::make_shared<diagnostic_buffer>()), opts_(opts) {
  auto buffer = diagnostics_;
  shipper_ = std::make_shared<cwlog::shipper>(opts, [buffer](const diagnostic& d) { buffer->push(d); });
}

py_shipper::~py_shipper() {
  // A bounded shutdown may wait for the senders, and a sender may need the
  // GIL (a credentials callback into Python): wait without holding it.
  without_gil([this] { shipper_.reset(); });
}

std::shared_ptr<py_destination> py_shipper::open(const cwlog::destination_options& d) {
  return std::make_shared<py_destination>(shipper_->open(d));
}

bool py_shipper::log(const py_destination* to, int levelno, std::string_view logger, std::string_view message,
                     double created, std::optional<std::string_view> tenant, const py::handle& fields) {
  record_view r;
  r.timestamp_ns = created > 0 ? static_cast<std::int64_t>(created * 1e9) : 0;
  r.lvl = level_from_python(levelno);
  r.logger = logger;
  r.message = message;
  r.tenant = tenant;
  if (fields.is_none()) return to ? shipper_->log(to->handle(), r) : shipper_->log(r);
  const field_list list(fields);
  r.fields = list.span();
  return to ? shipper_->log(to->handle(), r) : shipper_->log(r);
}

py::dict py_shipper::flush(double timeout_s) {
  flush_result res;
  {
    py::gil_scoped_release unlocked;
    res = shipper_->flush(to_ms(timeout_s));
  }
  py::dict out;
  out["complete"] = res.complete;
  out["pending"] = res.pending;
  return out;
}

py::dict py_shipper::shutdown(double deadline_s) {
  shutdown_result res;
  {
    py::gil_scoped_release unlocked;
    res = shipper_->shutdown(to_ms(deadline_s));
  }
  shut_down_ = true;
  py::dict out;
  out["complete"] = res.complete;
  out["undelivered"] = res.undelivered;
  out["undelivered_bytes"] = res.undelivered_bytes;
  return out;
}

namespace {

// {"queue_full": n, "evicted": n, ...}
py::dict by_reason(const std::array<std::uint64_t, drop_reason_count>& dropped) {
  py::dict out;
  for (std::size_t i = 0; i < drop_reason_count; ++i)
    out[py::str(std::string(to_string(static_cast<drop_reason>(i))))] = dropped[i];
  return out;
}

// The disk spool's figures (docs/spool.md), all zero when spool_dir is empty.
py::dict spool_dict(const spool_totals& s) {
  py::dict out;
  out["enabled"] = s.enabled;
  out["appended"] = s.appended;
  out["replayed"] = s.replayed;
  out["adopted_dirs"] = s.adopted_dirs;
  out["settled"] = s.settled;
  out["waited_full"] = s.waited_full;
  out["memory_only"] = s.memory_only;
  out["write_errors"] = s.write_errors;
  out["unwritten"] = s.unwritten;
  out["damaged"] = s.damaged;
  out["skipped_bytes"] = s.skipped_bytes;
  out["unreadable_files"] = s.unreadable_files;
  out["bytes"] = s.bytes;
  out["left"] = s.left;
  return out;
}

}  // namespace

py::dict py_shipper::counters() const {
  const delivery_counters c = shipper_->counters();
  py::dict dropped = by_reason(c.dropped);
  py::list per_destination;
  for (const auto& d : c.per_destination) {
    py::dict dd = by_reason(d.dropped);
    py::dict entry;
    entry["name"] = d.name;
    entry["copies"] = d.copies;
    entry["delivered"] = d.delivered;
    entry["rejected"] = d.rejected;
    entry["duplicated"] = d.duplicated;
    entry["dropped"] = dd;
    entry["dropped_total"] = d.dropped_total();
    per_destination.append(entry);
  }
  py::dict out;
  out["enqueued"] = c.enqueued;
  out["routed"] = c.routed;
  out["copies"] = c.copies;
  out["per_destination"] = per_destination;
  out["delivered"] = c.delivered;
  out["rejected"] = c.rejected;
  out["dropped"] = dropped;
  out["dropped_total"] = c.dropped_total();
  out["retried"] = c.retried;
  out["duplicated"] = c.duplicated;
  out["split"] = c.split;
  out["truncated"] = c.truncated;
  out["bytes_delivered"] = c.bytes_delivered;
  out["batches"] = c.batches;
  out["groups_created"] = c.groups_created;
  out["streams_created"] = c.streams_created;
  out["latency_samples"] = c.latency_samples;
  out["latency_total_us"] = c.latency_total_us;
  out["latency_max_us"] = c.latency_max_us;
  out["queue_bytes"] = c.queue_bytes;
  out["queue_capacity"] = c.queue_capacity;
  out["destinations"] = c.destinations;
  out["spool"] = spool_dict(c.spool);
  return out;
}

}  // namespace cwlog::python
