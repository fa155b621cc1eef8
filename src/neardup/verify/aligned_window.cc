// SparseAlignedWindow (aligned_window.h): the reference's recurrence, row by row, over the columns
// a non-empty cell can reach.

#include "neardup/verify/aligned_window.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace neardup {

AlignedWindow SparseAlignedWindow(const WeightedSets& idf, std::span<const uint32_t> x,
                                  std::span<const uint32_t> y, AlignedWindowScratch* scratch) {
  using Cell = AlignedWindowScratch::Cell;
  const size_t n = x.size(), m = y.size();
  std::vector<double>&ix = scratch->ix, &iy = scratch->iy;
  ix.resize(n);
  iy.resize(m);
  for (size_t i = 0; i < n; ++i) ix[i] = idf.IdfOf(x[i]);
  for (size_t j = 0; j < m; ++j) iy[j] = idf.IdfOf(y[j]);
  // Cell (i, j) is at index j + 1 of its row; index 0 stays empty.
  std::vector<Cell>*prev = &scratch->prev, *cur = &scratch->cur;
  prev->assign(m + 1, Cell());
  cur->assign(m + 1, Cell());
  constexpr size_t kNone = std::numeric_limits<size_t>::max();
  // Columns of the previous row's non-empty cells: [lo, hi] (lo == kNone: none); columns of
  // `cur` written two rows ago: [written_lo, written_hi) (reset before it is reused).
  size_t lo = kNone, hi = 0;
  size_t prev_written_lo = 0, prev_written_hi = 0, written_lo = 0, written_hi = 0;
  Cell best;
  uint32_t end_x = 0, end_y = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = written_lo; k < written_hi; ++k) (*cur)[k + 1] = Cell();
    const uint32_t word = x[i];
    size_t first_match = kNone, last_match = 0;
    for (size_t j = 0; j < m; ++j) {
      if (y[j] == word) {
        first_match = std::min(first_match, j);
        last_match = j;
      }
    }
    // A non-empty cell needs a match, or a non-empty cell above (same column), diagonally above
    // (column + 1) or to its left.
    const size_t start = std::min(first_match, lo);
    const size_t end = lo == kNone ? last_match : std::max(last_match, hi + 1);
    size_t next_lo = kNone, next_hi = 0, j = start;
    const auto ui = static_cast<uint32_t>(i);
    for (; j < m; ++j) {
      const Cell& left = (*cur)[j];  // skip y[j]
      if (j > end && left.score <= 0) break;
      const auto uj = static_cast<uint32_t>(j);
      const Cell& d = (*prev)[j];
      const bool fresh = d.score <= 0;  // an alignment starting at (i, j)
      const uint32_t bx = fresh ? ui : d.bx, by = fresh ? uj : d.by;
      Cell c;
      if (word == y[j]) {
        c = {d.score + ix[i], d.matched + ix[i], d.wx + ix[i], d.wy + iy[j], d.words + 1, bx, by};
      } else {
        c = {d.score - (ix[i] + iy[j]) / 2, d.matched, d.wx + ix[i], d.wy + iy[j], d.words, bx, by};
      }
      const Cell& up = (*prev)[j + 1];  // skip x[i]
      if (up.score - ix[i] / 2 > c.score) {
        c = {up.score - ix[i] / 2, up.matched, up.wx + ix[i], up.wy, up.words, up.bx, up.by};
      }
      if (left.score - iy[j] / 2 > c.score) {
        c = {left.score - iy[j] / 2,
             left.matched,
             left.wx,
             left.wy + iy[j],
             left.words,
             left.bx,
             left.by};
      }
      if (c.score <= 0) c = Cell();
      (*cur)[j + 1] = c;
      if (c.score > 0) {
        next_lo = std::min(next_lo, j);
        next_hi = j;
      }
      if (c.score > best.score) best = c, end_x = ui + 1, end_y = uj + 1;
    }
    written_lo = start == kNone ? 0 : start;
    written_hi = start == kNone ? 0 : j;
    std::swap(prev, cur);
    std::swap(written_lo, prev_written_lo);
    std::swap(written_hi, prev_written_hi);
    lo = next_lo;
    hi = next_hi;
  }
  if (best.words == 0) return {};
  return {best.matched, best.wx, best.wy, best.words, best.bx, end_x, best.by, end_y};
}

}  // namespace neardup
