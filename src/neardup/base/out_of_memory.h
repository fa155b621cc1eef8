// Allocation failures at the library's edge: a std::bad_alloc (or a std::length_error from a size
// past what can be allocated) thrown anywhere below a public call — on the calling thread, or
// rethrown there from a worker thread or a TBB task — becomes Status::ResourceExhausted
// "out of memory (while ...)". Thread-safety: stateless.
#ifndef NEARDUP_BASE_OUT_OF_MEMORY_H_
#define NEARDUP_BASE_OUT_OF_MEMORY_H_

#include <new>
#include <stdexcept>
#include <string>

#include "neardup/status.h"

namespace neardup {

inline Status OutOfMemory(const char* during) {
  return Status::ResourceExhausted(std::string("out of memory (while ") + during + ")");
}

// Runs fn (returning a Status or a StatusOr) and returns its result, or OutOfMemory(during) when
// it ran out of memory.
template <typename Fn>
auto CatchOutOfMemory(const char* during, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return OutOfMemory(during);
  } catch (const std::length_error&) {
    return OutOfMemory(during);
  }
}

}  // namespace neardup

#endif  // NEARDUP_BASE_OUT_OF_MEMORY_H_
