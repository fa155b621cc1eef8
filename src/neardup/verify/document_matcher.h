// Whole-document evidence for reworded mode: a text rewritten from a source spreads each source
// paragraph over sentences of its own, so no single paragraph pair may carry enough; the two
// documents' whole content-word sets still do. Used by Scanner::Finish for the document verdicts.
// Thread-safety: a pure function of its inputs.
#ifndef NEARDUP_DOCUMENT_MATCHER_H_
#define NEARDUP_DOCUMENT_MATCHER_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/options.h"
#include "neardup/verify/null_sample.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

// What MatchDocuments honours of Options.
struct DocMatchSettings {
  double score_threshold = 0;     // Options::doc_score_threshold; 0 = adaptive
  NullSettings null;              // floor Options::doc_min_score, seed Options::seed ^ "doc"
  uint32_t min_shared_words = 5;  // Options::min_shared_words

  static DocMatchSettings From(const Options& options) {
    DocMatchSettings d;
    d.score_threshold = options.doc_score_threshold;
    d.null = NullSettingsFor(options, ThreadsToUse(options.threads));
    d.null.floor = options.doc_min_score;
    d.null.seed = options.seed ^ 0x646f63;  // "doc"
    d.min_shared_words = options.min_shared_words;
    return d;
  }
};

// Two documents whose whole texts match: a < b (document indices).
struct DocLevelMatch {
  uint32_t a = 0, b = 0;
  double similarity = 0;     // IDF-weighted overlap over the geometric mean of the two weights
  double containment_a = 0;  // share of a's weight found in b
  double containment_b = 0;
};

struct DocLevelStats {
  uint64_t candidates = 0;     // document pairs compared
  uint64_t null_pairs = 0;     // unrelated document pairs sampled
  uint64_t null_outliers = 0;  // of those, set aside as related (NullQuantile)
  double null_score = 0;       // their score at Options::null_quantile
  double threshold = 0;        // what a document pair must score
};

// doc_sets[d]: ascending, duplicate-free content-stem ids of document d (the union of its
// paragraphs' sets). `candidates`: document pairs (a < b, any order, duplicates allowed) worth
// comparing — those with a paragraph-level LSH candidate or a shared paragraph. IDF weights are
// computed over the documents; the threshold is max(options.doc_min_score, the null quantile of
// random document pairs sharing a word + options.null_margin), or options.doc_score_threshold when
// set. Returns the matches at or above it, sorted by (a, b). Cost: O(total set sizes + candidates
// * average set size + null_samples * average set size). Memory: doc_sets is freed once its
// weighted copy is built (pass it with std::move to save the copy).
std::vector<DocLevelMatch> MatchDocuments(std::vector<std::vector<uint32_t>> doc_sets,
                                          std::vector<std::pair<uint32_t, uint32_t>> candidates,
                                          const DocMatchSettings& settings, DocLevelStats* stats);

}  // namespace neardup

#endif  // NEARDUP_DOCUMENT_MATCHER_H_
