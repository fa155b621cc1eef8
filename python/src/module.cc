// The _neardup extension module: registers the classes and maps neardup::Status codes onto the
// exception classes neardup/__init__.py defines and hands over with _set_errors().

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>

#include "python/src/bindings.h"
#include "python/src/status_error.h"

namespace py = pybind11;

namespace neardup::python {
namespace {

// neardup.Error and its subclasses by Status code, set once by _set_errors (new references kept
// for the life of the process: the module is never unloaded).
PyObject* g_errors[6] = {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

PyObject* ErrorClass(Status::Code code) {
  const auto i = static_cast<size_t>(code);
  if (i < 6 && g_errors[i] != nullptr) return g_errors[i];
  if (g_errors[0] != nullptr) return g_errors[0];  // neardup.Error
  return PyExc_RuntimeError;
}

void SetErrors(const py::dict& classes) {
  const std::pair<const char*, Status::Code> names[] = {
      {"Error", Status::Code::kOk},  // slot 0: the base class
      {"InvalidArgumentError", Status::Code::kInvalidArgument},
      {"NotFoundError", Status::Code::kNotFound},
      {"InputOutputError", Status::Code::kIOError},
      {"CorruptionError", Status::Code::kCorruption},
      {"UnavailableError", Status::Code::kUnavailable},
  };
  for (const auto& [name, code] : names) {
    py::object cls = classes[name];
    g_errors[static_cast<size_t>(code)] = cls.release().ptr();
  }
}

}  // namespace

std::string_view Utf8(py::handle s, const char* what) {
  if (!PyUnicode_Check(s.ptr())) {
    throw StatusError(
        Status::InvalidArgument(std::string(what) + " must be a str, not " +
                                std::string(py::str(py::type::handle_of(s).attr("__name__")))));
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(s.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    throw StatusError(Status::InvalidArgument(std::string(what) +
                                              " is not encodable as UTF-8 (a lone surrogate)"));
  }
  return {data, static_cast<size_t>(size)};
}

py::str Str(std::string_view utf8) {
  PyObject* o = PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

}  // namespace neardup::python

PYBIND11_MODULE(_neardup, m) {
  using neardup::python::StatusError;
  m.doc() = "The compiled core of the neardup package; use the `neardup` package instead.";
  m.def("_set_errors", &neardup::python::SetErrors,
        "Hands over the exception classes, by name, that library failures are raised as.");
  // By value: pybind11's translator type is void (*)(std::exception_ptr).
  // NOLINTNEXTLINE(performance-unnecessary-value-param)
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      PyErr_SetString(neardup::python::ErrorClass(e.status().code()), e.status().message().c_str());
    }
  });
  neardup::python::RegisterScan(m);
  neardup::python::RegisterIndex(m);
  neardup::python::BindStages(m);
}
