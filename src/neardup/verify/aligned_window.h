// SparseAlignedWindow: BestAlignedWindow (pair_features.h) computed over only the cells an
// alignment can reach, with buffers reused across calls. The result is bit for bit the reference's
// (aligned_window_test compares every field on random sequences). Thread-safety: one
// AlignedWindowScratch per thread; the function itself is pure.
#ifndef NEARDUP_VERIFY_ALIGNED_WINDOW_H_
#define NEARDUP_VERIFY_ALIGNED_WINDOW_H_

#include <cstdint>
#include <span>
#include <vector>

#include "neardup/verify/pair_features.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

// The buffers SparseAlignedWindow reuses (a thread's own).
struct AlignedWindowScratch {
  struct Cell {
    double score = 0, matched = 0, wx = 0, wy = 0;
    uint32_t words = 0, bx = 0, by = 0;  // where the alignment ending here starts
  };
  std::vector<double> ix, iy;
  std::vector<Cell> prev, cur;
};

// BestAlignedWindow(idf, x, y), bit for bit. A cell of the alignment table is non-empty only at a
// match or next to a non-empty cell (every idf is >= 0), so each row is computed from the first to
// the last column such a cell can take, and rows with neither are skipped. Cost: O(n + m) idf
// lookups plus O(n m) word comparisons at most (vectorisable), plus the cells near matches:
// O(n m) when everything aligns, far less for sentences that share a few words.
AlignedWindow SparseAlignedWindow(const WeightedSets& idf, std::span<const uint32_t> x,
                                  std::span<const uint32_t> y, AlignedWindowScratch* scratch);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_ALIGNED_WINDOW_H_
