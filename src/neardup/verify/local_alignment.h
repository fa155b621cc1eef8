// LocalAligner: the best local alignment of two word sequences (Smith-Waterman as
// BestAlignedWindow in pair_features.h defines it: a match adds its word's weight, a mismatch or
// a gap subtracts half the weight of each word skipped), computed over only the cells that may
// lie on a best alignment and traced back once: the same window and the same doubles as the full
// table. Thread-safety: an object is one thread's scratch; use one per thread.
#ifndef NEARDUP_VERIFY_LOCAL_ALIGNMENT_H_
#define NEARDUP_VERIFY_LOCAL_ALIGNMENT_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace neardup {

// The best window: x[begin_x, end_x) aligned with y[begin_y, end_y), matching `words` words of
// weight `matched`; weight_x and weight_y are the two windows' weights. words == 0: nothing
// aligns (every field 0).
struct LocalWindow {
  double matched = 0, weight_x = 0, weight_y = 0;
  uint32_t words = 0;
  uint32_t begin_x = 0, end_x = 0, begin_y = 0, end_y = 0;
};

class LocalAligner {
 public:
  // Tables of at most this many cells are computed whole: the floor costs more than it saves.
  static constexpr size_t kSmallTable = 256;

  // Indexes the words of x, the first sequence of the Align calls that follow (until the next
  // SetFirst); Align needs it only for tables over kSmallTable cells. O(n log n).
  void SetFirst(std::span<const uint32_t> x);

  // The (word, position) entries of `word` in the x of SetFirst, positions ascending (empty when
  // x lacks it). O(1) expected.
  std::span<const std::pair<uint32_t, uint32_t>> EntriesOf(uint32_t word) const;

  // The best local alignment of x (the sequence given to SetFirst) and y; ix[i] and iy[j] are the
  // weights of x[i] and y[j] (equal words weigh the same on both sides). The first cell, row by
  // row, of the highest score ends it; ties between moves go to the diagonal, then to skipping
  // x's word, as the reference breaks them. `prune` false: every cell of the n x m table
  // (benchmarks, tests). Cost: above kSmallTable cells O(r log m) for the r matching cells, plus
  // the cells that may lie on a best alignment (all n m of them at worst); otherwise the n m
  // cells; n m bytes of scratch.
  LocalWindow Align(std::span<const uint32_t> x, std::span<const uint32_t> y,
                    std::span<const double> ix, std::span<const double> iy, bool prune = true);

 private:
  struct Best {  // the best cell so far: the first (row by row) of the highest score
    double score = 0;
    size_t i = 0, j = 0;
  };
  void FindMatches(std::span<const uint32_t> y);
  double ChainBest();
  void AlignPruned(std::span<const uint32_t> x, std::span<const uint32_t> y, double floor,
                   Best* best);
  template <size_t K>
  void AlignStrip(std::span<const uint32_t> x, std::span<const uint32_t> y, size_t i0, Best* best);

  std::vector<std::pair<uint32_t, uint32_t>> at_;  // (word, position) of x, sorted
  std::vector<uint64_t> slots_;                    // word << 32 | its first entry in at_
  std::vector<double> ix_, iy_, half_y_, prev_, cur_, keep_y_;
  std::vector<uint8_t> step_;  // the move into each cell (0: the alignment starts after it)
  // The matching cells, row by row: row i's columns (ascending) are
  // match_col_[match_begin_[i], match_begin_[i + 1]); per column its range of x's entries.
  std::vector<uint32_t> match_begin_, match_col_, match_cursor_;
  std::vector<std::pair<uint32_t, uint32_t>> col_entries_;
  std::vector<double> gain_x_, gain_y_;  // weight of the matching words after a row / a column
  std::vector<double> chain_, prefix_y_, row_chain_;
  double total_x_ = 0, total_y_ = 0;
  std::vector<std::pair<uint32_t, uint32_t>> cells_;  // the best alignment's cells, last first
};

}  // namespace neardup

#endif  // NEARDUP_VERIFY_LOCAL_ALIGNMENT_H_
