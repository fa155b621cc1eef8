// --memory-limit: replaces the global operator new and delete with counting ones (memory_limit.h).

#include "cli/memory_limit.h"

#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>

#include "cli/cli_options.h"

namespace neardup::cli {
namespace {

std::atomic<int64_t> g_heap{0};   // bytes held (folded per-thread deltas)
std::atomic<int64_t> g_limit{0};  // 0: no limit
std::atomic<bool> g_hit{false};
thread_local int64_t t_delta = 0;  // this thread's bytes not yet folded into g_heap
constexpr int64_t kFold = int64_t{1} << 18;

// Counts `size` more bytes held; false when that passes the limit (nothing counted then).
bool Take(int64_t size) {
  t_delta += size;
  if (t_delta < kFold) return true;
  const int64_t delta = t_delta;
  t_delta = 0;
  const int64_t now = g_heap.fetch_add(delta, std::memory_order_relaxed) + delta;
  const int64_t limit = g_limit.load(std::memory_order_relaxed);
  if (limit > 0 && now > limit) {
    g_heap.fetch_sub(size, std::memory_order_relaxed);
    t_delta = delta - size;  // the rest was allocated and is held
    g_hit.store(true, std::memory_order_relaxed);
    return false;
  }
  return true;
}

void Give(void* p) {
  t_delta -= static_cast<int64_t>(malloc_usable_size(p));
  if (t_delta <= -kFold) {
    g_heap.fetch_add(t_delta, std::memory_order_relaxed);
    t_delta = 0;
  }
}

void* Allocate(size_t n, size_t align) {
  if (n == 0) n = 1;
  void* p = align <= alignof(std::max_align_t)
                ? std::malloc(n)
                : std::aligned_alloc(align, (n + align - 1) / align * align);
  if (p == nullptr) return nullptr;
  if (!Take(static_cast<int64_t>(malloc_usable_size(p)))) {
    std::free(p);
    return nullptr;
  }
  return p;
}

void Release(void* p) {
  if (p == nullptr) return;
  Give(p);
  std::free(p);
}

void* AllocateOrThrow(size_t n, size_t align) {
  void* p = Allocate(n, align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

uint64_t DefaultLimit() {
  const int64_t pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  uint64_t total =
      pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) : 0;
  std::ifstream cg("/sys/fs/cgroup/memory.max");
  uint64_t cap = 0;
  if (cg >> cap && cap > 0 && (total == 0 || cap < total)) total = cap;
  return total / 10 * 8;
}

}  // namespace

boost::program_options::options_description MemoryOptions(std::string* limit) {
  boost::program_options::options_description d("memory");
  d.add_options()(
      "memory-limit", boost::program_options::value(limit),
      "fail (exit 1) rather than hold more than this on the heap, e.g. 2G, 500M; 0 = none "
      "(default: 80% of the machine's memory)");
  return d;
}

int ApplyMemoryLimit(const char* command, const std::string& limit) {
  uint64_t bytes = 0;
  if (limit.empty()) {
    bytes = DefaultLimit();
  } else if (limit != "none") {
    char* end = nullptr;
    const double v = std::strtod(limit.c_str(), &end);
    double scale = 1;
    switch (std::toupper(static_cast<unsigned char>(*end))) {
      case 'K':
        scale = 1024.0;
        ++end;
        break;
      case 'M':
        scale = 1024.0 * 1024;
        ++end;
        break;
      case 'G':
        scale = 1024.0 * 1024 * 1024;
        ++end;
        break;
      case 'T':
        scale = 1024.0 * 1024 * 1024 * 1024;
        ++end;
        break;
      default:
        break;
    }
    if (*end == 'B' || *end == 'b') ++end;
    if (end == limit.c_str() || *end != '\0' || !(v >= 0) || v * scale > 1e18) {
      return UsageError(
          command,
          "--memory-limit must be a size such as 2G or 500M (0 = none), got '" + limit + "'");
    }
    bytes = static_cast<uint64_t>(v * scale);
  }
  g_limit.store(static_cast<int64_t>(bytes), std::memory_order_relaxed);
  return -1;
}

uint64_t MemoryLimit() { return static_cast<uint64_t>(g_limit.load(std::memory_order_relaxed)); }
bool MemoryLimitHit() { return g_hit.load(std::memory_order_relaxed); }

}  // namespace neardup::cli

// The replaceable global allocation functions ([new.delete]): every form routes through the
// counting pair above.
void* operator new(size_t n) { return neardup::cli::AllocateOrThrow(n, 0); }
void* operator new[](size_t n) { return neardup::cli::AllocateOrThrow(n, 0); }
void* operator new(size_t n, std::align_val_t a) {
  return neardup::cli::AllocateOrThrow(n, static_cast<size_t>(a));
}
void* operator new[](size_t n, std::align_val_t a) {
  return neardup::cli::AllocateOrThrow(n, static_cast<size_t>(a));
}
void* operator new(size_t n, const std::nothrow_t& /*tag*/) noexcept {
  return neardup::cli::Allocate(n, 0);
}
void* operator new[](size_t n, const std::nothrow_t& /*tag*/) noexcept {
  return neardup::cli::Allocate(n, 0);
}
void* operator new(size_t n, std::align_val_t a, const std::nothrow_t& /*tag*/) noexcept {
  return neardup::cli::Allocate(n, static_cast<size_t>(a));
}
void* operator new[](size_t n, std::align_val_t a, const std::nothrow_t& /*tag*/) noexcept {
  return neardup::cli::Allocate(n, static_cast<size_t>(a));
}
void operator delete(void* p) noexcept { neardup::cli::Release(p); }
void operator delete[](void* p) noexcept { neardup::cli::Release(p); }
void operator delete(void* p, size_t /*size*/) noexcept { neardup::cli::Release(p); }
void operator delete[](void* p, size_t /*size*/) noexcept { neardup::cli::Release(p); }
void operator delete(void* p, std::align_val_t /*align*/) noexcept { neardup::cli::Release(p); }
void operator delete[](void* p, std::align_val_t /*align*/) noexcept { neardup::cli::Release(p); }
void operator delete(void* p, size_t /*size*/, std::align_val_t /*align*/) noexcept {
  neardup::cli::Release(p);
}
void operator delete[](void* p, size_t /*size*/, std::align_val_t /*align*/) noexcept {
  neardup::cli::Release(p);
}
void operator delete(void* p, const std::nothrow_t& /*tag*/) noexcept { neardup::cli::Release(p); }
void operator delete[](void* p, const std::nothrow_t& /*tag*/) noexcept {
  neardup::cli::Release(p);
}
