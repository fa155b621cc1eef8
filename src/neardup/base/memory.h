// Hints to the C library and the kernel about memory: hand freed heap pages back to the system
// between a run's stages, back a large random-access table with huge pages. Both are no-ops where
// unsupported (non-glibc, no MADV_HUGEPAGE). Thread-safety: safe to call from any thread.
#ifndef NEARDUP_BASE_MEMORY_H_
#define NEARDUP_BASE_MEMORY_H_

#include <cstddef>

namespace neardup {

// Returns the pages of freed heap memory to the system (glibc keeps them otherwise), so a stage's
// peak RSS follows what is alive, not what earlier stages freed. Cost: a walk of the heap
// (about 0.01-0.1 s at 1M paragraphs), serial: call it between stages, not in a loop.
void ReleaseFreedMemory();

// Asks the kernel to back the whole 2 MiB pages of [data, data + bytes) with huge pages (fewer
// TLB misses for a large table read at random); a hint, ignored where unsupported. Call it before
// the pages are first written. Cost: one madvise system call. Meant for a table of tens of MiB or
// more (mmap-backed); on a smaller heap block the hint outlives the table.
void AdviseHugePages(void* data, size_t bytes);

}  // namespace neardup

#endif  // NEARDUP_BASE_MEMORY_H_
