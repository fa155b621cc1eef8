// DefaultInitAllocator: std::allocator whose value-initialization (resize, vector(n)) leaves
// trivial elements uninitialized, so a large array sized up front costs no memory until its pages
// are written (and can then be filled from several threads). Thread-safety: as std::allocator.
#ifndef NEARDUP_DEFAULT_INIT_ALLOCATOR_H_
#define NEARDUP_DEFAULT_INIT_ALLOCATOR_H_

#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace neardup {

template <typename T>
class DefaultInitAllocator : public std::allocator<T> {
 public:
  template <typename U>
  struct rebind {  // NOLINT(readability-identifier-naming): the allocator interface's name
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  explicit DefaultInitAllocator(const DefaultInitAllocator<U>& /*other*/) noexcept {}
  // No arguments: default-initialized (trivial types: left as they are). O(1).
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    std::allocator_traits<std::allocator<T>>::construct(static_cast<std::allocator<T>&>(*this), p,
                                                        std::forward<Args>(args)...);
  }
};

// A vector whose resize does not write its new trivial elements.
template <typename T>
using UninitVector = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace neardup

#endif  // NEARDUP_DEFAULT_INIT_ALLOCATOR_H_
