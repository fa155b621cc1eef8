// Document verdicts: for every pair of documents sharing at least one reported paragraph pair, the
// share of each document's words covered by copy found in the other, and whether one derives from
// the other. Thread-safety: pure functions.
#ifndef NEARDUP_DOC_VERDICT_H_
#define NEARDUP_DOC_VERDICT_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "neardup/report.h"
#include "neardup/report/alignment.h"
#include "neardup/scan_result.h"

namespace neardup {

// The classes of studies of newspaper reuse of wire copy (METER corpus, Gaizauskas et al. 2001).
enum class Verdict { kWhollyDerived, kPartiallyDerived, kNonDerived };
const char* VerdictName(Verdict v);  // "wholly-derived", "partially-derived", "non-derived"

struct DocPair {
  uint32_t a = 0, b = 0;  // document indices, a < b
  uint32_t pairs = 0;     // pair records between the two (reworded: one per statement)
  uint64_t words_a = 0, words_b = 0;
  uint64_t covered_a = 0, covered_b = 0;  // words aligned with words of the other document
  // The share of each document's words that are copy found in the other: an aligned word counts
  // 1; a word a reported pair did not align but that lies between its first and last aligned
  // word (its aligned stretch) counts the pair's probability (the largest such share of its
  // pairs), scaled down where that stretch has more unaligned words than the other side's (a
  // reworded word answers a word; what one side adds is its own). So a reworded statement counts
  // as copy in proportion to how sure the scorer is, its changed words included. Lexical pairs
  // have no probability: only their aligned words count.
  double coverage_a = 0, coverage_b = 0;
  Verdict verdict = Verdict::kNonDerived;  // of the more covered document, judged on its coverage
  bool a_derived = false;  // true: the more covered document is a (else b, also on a tie)
  // The whole texts match (ScanResult::doc_matches): their document-level similarity, else 0.
  double doc_similarity = 0;
};

// What the document verdicts read of the alignments, compact: the aligned word runs of each
// pair's two sides (AlignedSide::matched), without the byte ranges. 8 bytes per run and 16 per
// pair.
class MatchedWords {
 public:
  // Appends the runs of the next pair (pairs are added in r.pairs order). O(runs).
  void Add(const Alignment& al);
  // Appends the pairs of `more` after these. O(more).
  void Append(const MatchedWords& more);
  size_t pairs() const { return (offsets_.size() - 1) / 2; }
  // The aligned word runs of pair `pair`'s side a (side 0) or b (side 1). O(1).
  std::span<const WordRun> Side(size_t pair, int side) const {
    const size_t k = 2 * pair + static_cast<size_t>(side);
    return {runs_.data() + offsets_[k], offsets_[k + 1] - offsets_[k]};
  }

 private:
  std::vector<uint64_t> offsets_{0};  // 2 * pairs + 1
  std::vector<WordRun> runs_;
};

// Document pairs in (a, b) order: those with at least one paragraph pair, and those whose whole
// texts match (result.doc_matches). A paragraph's covered words are the union of its aligned words
// (alignments[i] belongs to result.pairs[i]) over its pairs with the other document (site
// furniture, Pair::furniture, left out: counted in `pairs`, covering nothing), and its
// coverage adds the words inside those pairs' aligned stretches at the largest share a pair gives
// them (DocPair::coverage_a); with no alignments (empty vector) a paragraph in a pair counts as
// wholly covered. The verdict follows the coverage; a pair whose whole texts match is at least
// partially derived, the derived side then being the more covered one (by paragraphs, else by
// document-level containment).
// Runs on `threads` cores (0 = all; the result does not depend on their number).
std::vector<DocPair> DocPairs(const ScanResult& result, const std::vector<Alignment>& alignments,
                              const VerdictOptions& options, int threads = 0);
// The same from the pairs' aligned word runs (`matched` holds every pair of result.pairs); null:
// no alignments, as an empty `alignments` above.
std::vector<DocPair> DocPairsFromRuns(const ScanResult& result, const MatchedWords* matched,
                                      const VerdictOptions& options, int threads = 0);

}  // namespace neardup

#endif  // NEARDUP_DOC_VERDICT_H_
