// How the Python module reports a failed neardup::Status: a C++ exception carrying the status,
// translated into the neardup.Error subclass for its code (registered in module.cc) with the
// library's message. Thread-safety: values.
#ifndef NEARDUP_PYTHON_STATUS_ERROR_H_
#define NEARDUP_PYTHON_STATUS_ERROR_H_

#include <stdexcept>
#include <utility>

#include "neardup/neardup.h"

namespace neardup::python {

class StatusError : public std::runtime_error {
 public:
  explicit StatusError(Status status)
      : std::runtime_error(status.message()), status_(std::move(status)) {}
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// Throws StatusError unless `s` is OK. Call with the GIL held or released: the translation to a
// Python exception happens when the exception reaches pybind11.
inline void ThrowIfError(const Status& s) {
  if (!s.ok()) throw StatusError(s);
}

}  // namespace neardup::python

#endif  // NEARDUP_PYTHON_STATUS_ERROR_H_
