// Longest common subsequence of two sequences of 32-bit symbols (word stems), as the index pairs
// it matches: a bit-parallel solver for the word aligner, and the O(n m) table it is tested
// against. Thread-safety: LcsSolver is thread-compatible (one per thread); LcsByTable is a pure
// function.
#ifndef NEARDUP_LCS_H_
#define NEARDUP_LCS_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace neardup {

using LcsMatches =
    std::vector<std::pair<uint32_t, uint32_t>>;  // (index in a, index in b), ascending

class LcsSolver {
 public:
  // A longest common subsequence of a and b: pairs (i, j) with a[i] == b[j], strictly ascending
  // in both. Of the several there may be, the one the front-to-back walk finds: match the two
  // first symbols when equal, else drop a's first when that keeps the length, else b's — the same
  // walk as LcsByTable, so both return the same pairs. Rows of the dynamic program are bit
  // vectors over b (Hyyrö 2004): O(n * ceil(m / 64)) time and memory words. The result stays
  // valid until the next call.
  const LcsMatches& Solve(std::span<const uint32_t> a, std::span<const uint32_t> b);

 private:
  // L(i, j): length of the LCS of the last i symbols of a and the last j of b (rows_ row i).
  uint32_t Length(size_t i, size_t j) const;

  size_t words_ = 0;                 // 64-bit words per row
  std::vector<uint64_t> rows_;       // (n + 1) rows of words_ words, over the reversed sequences
  std::vector<uint64_t> masks_;      // per distinct symbol of b: where in reversed b it occurs
  std::vector<uint32_t> symbols_;    // open-addressing table: symbol of each slot
  std::vector<uint32_t> slot_mask_;  // slot -> index into masks_ (in units of words_), or ~0
  LcsMatches matches_;
};

// The reference: the full (n + 1) x (m + 1) table, O(n m) time and memory, and the same walk.
LcsMatches LcsByTable(std::span<const uint32_t> a, std::span<const uint32_t> b);

}  // namespace neardup

#endif  // NEARDUP_LCS_H_
