// The pieces of the _neardup extension module, each registered by module.cc. Thread-safety: the
// classes they register guard their own state; the GIL is released while the library works.
#ifndef NEARDUP_PYTHON_BINDINGS_H_
#define NEARDUP_PYTHON_BINDINGS_H_

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>

namespace neardup::python {

// _neardup._Scan: one batch scan (records or paths in, the JSONL report or the dedup texts out).
void RegisterScan(pybind11::module_& m);
// _neardup._Index: the streaming index.
void RegisterIndex(pybind11::module_& m);
// _neardup.stage_*: the distributed stages, one task each (python/src/stages.cc).
void BindStages(pybind11::module_& m);

// The UTF-8 bytes of Python str `s`; StatusError (InvalidArgument, naming `what`) for a lone
// surrogate or anything but a str. Needs the GIL. The view lives as long as `s`.
std::string_view Utf8(pybind11::handle s, const char* what);
// A Python str from UTF-8 bytes; ill-formed sequences become U+FFFD. Needs the GIL.
pybind11::str Str(std::string_view utf8);

}  // namespace neardup::python

#endif  // NEARDUP_PYTHON_BINDINGS_H_
