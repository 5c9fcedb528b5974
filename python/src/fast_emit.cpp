// CloudWatchLogHandler's fast path, whole, in C++: for a plain record (a str
// message with %-arguments, no exception or stack, the default formatter) it
// reads the LogRecord's attributes through the CPython API, formats the
// message, takes the tenant from the record or the context variable, finds the
// destination and hands the record to the shipper — no Python frame, no
// attribute lookup by bytecode. Everything that does not change per record
// (the shipper, the destination or the per-logger table, the message limit,
// the tenant variable, the formatter decision) is decided once, in Python, and
// kept in an emit state (handler.py says when it is made and dropped).
//
// _cwlog.emit(state, record) returns True when the record was handed over
// (log() may still have dropped and counted it), False when the record needs
// the general path (handler.py's emit: formatting, warnings, a destination not
// opened yet) and None when the state is stale (made before fork(), or before
// _cwlog.drop_emit_states()).
#include <Python.h>
#include <pthread.h>

#include <atomic>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "py_shipper.h"

namespace cwlog::python {
namespace {

constexpr const char* state_capsule = "cwlog._cwlog.emit_state";

// States made before a fork() hold the parent's shipper: the child's is made
// anew on first use (cwlog/_shipping.py), so the child takes the general path
// once and makes a state of its own. A change of what a state decided once
// that its handler cannot see (a formatter's add_log_record_attrs) drops
// every state the same way.
std::atomic<unsigned> state_generation{0};
void on_fork_child() {
  state_generation.fetch_add(1, std::memory_order_relaxed);
}

PyObject* drop_states(PyObject*, PyObject*) {
  state_generation.fetch_add(1, std::memory_order_relaxed);
  Py_RETURN_NONE;
}

struct emit_state {
  PyObject* shipper_token = nullptr;  // strong: keeps the shipper alive
  py_shipper* shipper = nullptr;
  PyObject* destination_token = nullptr;  // strong, or null when by_logger is used
  const py_destination* destination = nullptr;
  PyObject* by_logger = nullptr;   // strong: {logger name: destination token}, filled by the general path
  PyObject* tenant_var = nullptr;  // strong: the ContextVar of `with cwlog.tenant(...)`
  Py_ssize_t body_limit = 0;       // UTF-8 bytes a message may have
  unsigned generation = 0;
};

void free_state(PyObject* capsule) {
  auto* s = static_cast<emit_state*>(PyCapsule_GetPointer(capsule, state_capsule));
  if (!s) return;
  Py_XDECREF(s->shipper_token);
  Py_XDECREF(s->destination_token);
  Py_XDECREF(s->by_logger);
  Py_XDECREF(s->tenant_var);
  delete s;
}

// A strong reference released at scope exit.
struct ref {
  PyObject* p = nullptr;
  ref() = default;
  explicit ref(PyObject* o) : p(o) {}
  ref(const ref&) = delete;
  ref& operator=(const ref&) = delete;
  ~ref() { Py_XDECREF(p); }
  PyObject* get() const { return p; }
};

// The LogRecord attributes read, interned once.
struct attr_names {
  PyObject *msg, *args, *exc_info, *exc_text, *stack_info, *name, *levelno, *created, *tenant;
};
attr_names names;

// An attribute every LogRecord has; null (no exception set) when this one
// lacks it, so the general path decides what to do with such a record.
PyObject* attr(PyObject* o, PyObject* name) {
  PyObject* v = PyObject_GetAttr(o, name);
  if (!v) PyErr_Clear();
  return v;
}

// An attribute a record may lack (extra={"tenant": ...}) without raising
// AttributeError, which would cost more than the rest of the call. 1: found,
// 0: absent, -1: error.
int optional_attr(PyObject* o, PyObject* name, PyObject** out) {
#if PY_VERSION_HEX >= 0x030D0000
  return PyObject_GetOptionalAttr(o, name, out);
#else
  return _PyObject_LookupAttr(o, name, out);
#endif
}

bool view_of(PyObject* o, std::string_view& out) {
  Py_ssize_t n = 0;
  const char* p = PyUnicode_AsUTF8AndSize(o, &n);
  if (!p) return false;
  out = std::string_view(p, static_cast<std::size_t>(n));
  return true;
}

PyObject* general_path() {
  Py_RETURN_FALSE;
}

PyObject* emit(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 2) {
    PyErr_SetString(PyExc_TypeError, "emit() takes 2 arguments");
    return nullptr;
  }
  auto* s = static_cast<emit_state*>(PyCapsule_GetPointer(args[0], state_capsule));
  if (!s) return nullptr;
  if (s->generation != state_generation.load(std::memory_order_relaxed)) Py_RETURN_NONE;
  PyObject* record = args[1];

  // The formatter's decision, as handler.py's _message() makes it.
  const ref msg(attr(record, names.msg));
  if (!msg.get() || !PyUnicode_CheckExact(msg.get())) return general_path();
  for (PyObject* n : {names.exc_info, names.exc_text, names.stack_info}) {
    const ref v(attr(record, n));
    if (v.get() != Py_None) return general_path();
  }
  const ref fmt_args(attr(record, names.args));
  if (!fmt_args.get()) return general_path();
  const int has_args = PyObject_IsTrue(fmt_args.get());
  if (has_args < 0) return nullptr;
  // msg % args raising is the caller's bug: the exception goes to handleError().
  const ref text(has_args ? PyUnicode_Format(msg.get(), fmt_args.get()) : Py_NewRef(msg.get()));
  if (!text.get()) return nullptr;
  const Py_ssize_t chars = PyUnicode_GET_LENGTH(text.get());
  if (chars == 0) return general_path();  // warned about there
  std::string_view message;
  if (!view_of(text.get(), message)) return nullptr;
  if (chars * 4 > s->body_limit && static_cast<Py_ssize_t>(message.size()) > s->body_limit)
    return general_path();  // truncated with a warning there

  const ref name(attr(record, names.name));
  std::string_view logger;
  if (!name.get() || !PyUnicode_Check(name.get()) || !view_of(name.get(), logger)) return general_path();
  const py_destination* dest = s->destination;
  if (!dest) {
    PyObject* token = PyDict_GetItemWithError(s->by_logger, name.get());  // borrowed
    if (!token) return PyErr_Occurred() ? nullptr : general_path();       // not opened yet
    dest = destination_from_token(token);
    if (!dest) return nullptr;
  }

  // The tenant: the record's own (extra={"tenant": ...}), else the context's.
  PyObject* raw_tenant = nullptr;
  const int found = optional_attr(record, names.tenant, &raw_tenant);
  if (found < 0) return nullptr;
  if (found == 0 && PyContextVar_Get(s->tenant_var, nullptr, &raw_tenant) < 0) return nullptr;
  const ref tenant_obj(raw_tenant);
  ref tenant_str;
  std::optional<std::string_view> tenant;
  if (raw_tenant && raw_tenant != Py_None) {
    PyObject* t = raw_tenant;
    if (!PyUnicode_Check(t)) {
      tenant_str.p = PyObject_Str(t);
      if (!tenant_str.p) return nullptr;
      t = tenant_str.p;
    }
    std::string_view v;
    if (!view_of(t, v)) return nullptr;
    tenant = v;
  }

  const ref levelno(attr(record, names.levelno));
  const ref created(attr(record, names.created));
  if (!levelno.get() || !created.get()) return general_path();
  const long level = PyLong_AsLong(levelno.get());
  if (level == -1 && PyErr_Occurred()) return nullptr;
  const double when = PyFloat_AsDouble(created.get());
  if (when == -1.0 && PyErr_Occurred()) return nullptr;
  try {
    s->shipper->log(dest, static_cast<int>(level), logger, message, when, tenant, py::handle(Py_None));
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
    return nullptr;
  }
  Py_RETURN_TRUE;
}

// _cwlog.emit_state(shipper_token, destination_token or None, by_logger dict
// or None, body_limit, tenant_var): exactly one of destination_token and
// by_logger is given.
PyObject* make_state(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 5) {
    PyErr_SetString(PyExc_TypeError, "emit_state() takes 5 arguments");
    return nullptr;
  }
  auto* shipper = shipper_from_token(args[0]);
  if (!shipper) return nullptr;
  const py_destination* dest = nullptr;
  if (args[1] != Py_None && !(dest = destination_from_token(args[1]))) return nullptr;
  if ((dest == nullptr) == (args[2] == Py_None) || (args[2] != Py_None && !PyDict_CheckExact(args[2]))) {
    PyErr_SetString(PyExc_TypeError, "emit_state(): a destination token or a dict of them, not both");
    return nullptr;
  }
  const Py_ssize_t limit = PyLong_AsSsize_t(args[3]);
  if (limit == -1 && PyErr_Occurred()) return nullptr;
  if (!PyContextVar_CheckExact(args[4])) {
    PyErr_SetString(PyExc_TypeError, "emit_state(): tenant_var must be a ContextVar");
    return nullptr;
  }
  auto* s = new emit_state;
  s->shipper_token = Py_NewRef(args[0]);
  s->shipper = shipper;
  s->destination_token = dest ? Py_NewRef(args[1]) : nullptr;
  s->destination = dest;
  s->by_logger = dest ? nullptr : Py_NewRef(args[2]);
  s->tenant_var = Py_NewRef(args[4]);
  s->body_limit = limit;
  s->generation = state_generation.load(std::memory_order_relaxed);
  PyObject* cap = PyCapsule_New(s, state_capsule, free_state);
  if (!cap) {
    Py_DECREF(s->shipper_token);
    Py_XDECREF(s->destination_token);
    Py_XDECREF(s->by_logger);
    Py_DECREF(s->tenant_var);
    delete s;
  }
  return cap;
}

PyMethodDef drop_def = {"drop_emit_states", drop_states, METH_NOARGS,
                        "drop_emit_states(): every emit state is stale from now on"};
PyMethodDef emit_def = {
    "emit", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(emit)), METH_FASTCALL,
    "emit(state, record) -> True (handed over), False (take the general path) or None (stale state)"};
PyMethodDef state_def = {
    "emit_state", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(make_state)), METH_FASTCALL,
    "emit_state(shipper_token, destination_token, by_logger, body_limit, tenant_var) -> state"};

PyObject* intern(const char* s) {
  PyObject* o = PyUnicode_InternFromString(s);
  if (!o) throw py::error_already_set();
  return o;  // kept for the life of the process
}

}  // namespace

void add_fast_emit(py::module_& m) {
  names = {intern("msg"),  intern("args"),    intern("exc_info"), intern("exc_text"), intern("stack_info"),
           intern("name"), intern("levelno"), intern("created"),  intern("tenant")};
  static const bool registered = pthread_atfork(nullptr, nullptr, on_fork_child) == 0;
  if (!registered) throw std::runtime_error("pthread_atfork failed");
  for (PyMethodDef* def : {&emit_def, &state_def, &drop_def}) {
    PyObject* fn = PyCFunction_NewEx(def, nullptr, m.ptr());
    if (!fn) throw py::error_already_set();
    m.add_object(def->ml_name, py::reinterpret_steal<py::object>(fn));
  }
}

}  // namespace cwlog::python
