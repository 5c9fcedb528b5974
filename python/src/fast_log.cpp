// The caller's path of every handler and sink, written against the CPython
// API directly: pybind11's generic dispatch (overload resolution, a caster per
// argument) costs more than the whole C++ log() it leads to, and this call
// is what a logging.info() pays. The shipper and destination are passed as
// capsules made once (tokens), so no pybind11 lookup happens per record.
#include <Python.h>

#include "py_shipper.h"

namespace cwlog::python {
namespace {

constexpr const char* shipper_capsule = "cwlog._cwlog.shipper";
constexpr const char* destination_capsule = "cwlog._cwlog.destination";

// The capsule holds a reference to its owner (the pybind11 object), released
// with the capsule: the pointer stays valid while anyone holds the token.
void release_owner(PyObject* capsule) {
  Py_XDECREF(static_cast<PyObject*>(PyCapsule_GetContext(capsule)));
}

py::object make_token(void* ptr, const char* name, py::object owner) {
  PyObject* cap = PyCapsule_New(ptr, name, release_owner);
  if (!cap) throw py::error_already_set();
  PyCapsule_SetContext(cap, owner.release().ptr());
  return py::reinterpret_steal<py::object>(cap);
}

bool view_of(PyObject* o, std::string_view& out) {
  Py_ssize_t n = 0;
  const char* p = PyUnicode_AsUTF8AndSize(o, &n);  // no copy for compact ASCII strings
  if (!p) return false;
  out = std::string_view(p, static_cast<std::size_t>(n));
  return true;
}

PyObject* fast_log(PyObject*, PyObject* const* args, Py_ssize_t nargs) {
  if (nargs != 8) {
    PyErr_SetString(PyExc_TypeError, "log() takes 8 arguments");
    return nullptr;
  }
  auto* shipper = shipper_from_token(args[0]);
  if (!shipper) return nullptr;
  const py_destination* dest = nullptr;
  if (args[1] != Py_None) {
    dest = destination_from_token(args[1]);
    if (!dest) return nullptr;
  }
  const long levelno = PyLong_AsLong(args[2]);
  if (levelno == -1 && PyErr_Occurred()) return nullptr;
  std::string_view logger, message;
  if (!view_of(args[3], logger) || !view_of(args[4], message)) return nullptr;
  const double created = PyFloat_AsDouble(args[5]);
  if (created == -1.0 && PyErr_Occurred()) return nullptr;
  std::optional<std::string_view> tenant;
  if (args[6] != Py_None) {
    std::string_view t;
    if (!view_of(args[6], t)) return nullptr;
    tenant = t;
  }
  if (args[7] != Py_None && !PyDict_Check(args[7])) {
    PyErr_SetString(PyExc_TypeError, "fields must be a dict or None");
    return nullptr;
  }
  try {
    const bool ok =
        shipper->log(dest, static_cast<int>(levelno), logger, message, created, tenant, py::handle(args[7]));
    return PyBool_FromLong(ok ? 1 : 0);
  } catch (py::error_already_set& e) {
    e.restore();
    return nullptr;
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
    return nullptr;
  }
}

PyMethodDef fast_log_def = {
    "log", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fast_log)), METH_FASTCALL,
    "log(shipper_token, destination_token, levelno, logger, message, created, tenant, "
    "fields) -> bool: hands a record to the shipper; False when it was dropped"};

}  // namespace

py_shipper* shipper_from_token(PyObject* token) {
  return static_cast<py_shipper*>(PyCapsule_GetPointer(token, shipper_capsule));
}

const py_destination* destination_from_token(PyObject* token) {
  return static_cast<const py_destination*>(PyCapsule_GetPointer(token, destination_capsule));
}

py::object py_shipper::token(py::object self) {
  return make_token(self.cast<py_shipper*>(), shipper_capsule, self);
}

py::object py_destination::token(py::object self) {
  return make_token(self.cast<py_destination*>(), destination_capsule, self);
}

void add_fast_log(py::module_& m) {
  PyObject* fn = PyCFunction_NewEx(&fast_log_def, nullptr, m.ptr());
  if (!fn) throw py::error_already_set();
  m.add_object("log", py::reinterpret_steal<py::object>(fn));
}

}  // namespace cwlog::python
