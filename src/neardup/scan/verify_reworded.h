// Reworded verification stage: one decision per candidate — the scorer's probability
// (verify/scorer.h) over the pair's features (verify/pair_features.h) against the decision
// threshold. In: the weighted feature sets, the candidates, RewordedVerifySettings.
// A candidate whose texts are near-verbatim (kNearVerbatimJaccard) is kept whatever its
// probability. Out: RewordedVerdicts — the pairs kept, the weak ones the context rescue may look at
// again, the document-level leads. Thread-safety: a pure function; runs on settings.threads cores,
// output independent of their number.
#ifndef NEARDUP_VERIFY_REWORDED_H_
#define NEARDUP_VERIFY_REWORDED_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "neardup/base/stage_timer.h"
#include "neardup/base/work_meter.h"
#include "neardup/options.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/status.h"
#include "neardup/verify/null_sample.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

// Near-verbatim text: a candidate whose two texts' word 3-gram shingle sets (lexical mode's
// fingerprint, FingerprintedCorpus::VerbatimShingles) have a Jaccard similarity of at least
// lexical mode's default threshold is kept whatever the scorer's probability, so that reworded
// mode reports what lexical mode reports at its defaults (a truncated copy, a headline with the
// site's name added). Measured on real news: docs/reworded.md, "Near-verbatim text".
inline constexpr double kNearVerbatimJaccard = 0.5;

// The Jaccard similarity of two ascending, duplicate-free shingle lists when it reaches
// kNearVerbatimJaccard, else 0 (also when either is empty). O(|a| + |b|), O(1) when their sizes
// alone rule it out.
double NearVerbatimJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

struct RewordedVerifySettings {
  double score_threshold = 0;      // Options::score_threshold; 0 = adaptive
  NullSettings null;               // the null sample (floor: Options::min_score)
  uint32_t min_content_words = 6;  // Options::min_content_words
  uint32_t min_shared_words = 5;   // Options::min_shared_words
  uint32_t min_local_words = 6;    // Options::min_local_words
  bool doc_leads = false;          // the document level runs: mark its leads
  double doc_lead_score = 0.2;     // Options::doc_lead_score
  bool context = false;            // the context rescue runs: keep the weak candidates
  double context_min_score = 0.3;  // Options::context_min_score
  double decision_threshold = 0;   // Options::decision_threshold; 0 = the scorer's default
  bool synonyms = true;            // Options::synonyms
  bool record_scored = false;      // Options::record_scored: keep every candidate's features
  uint64_t seed = 0;               // Options::seed (the stem ids' hash seed, for the synonyms)
  int threads = 1;
  WorkMeter* meter = nullptr;  // when set, counts the candidates judged (a progress display's)

  static RewordedVerifySettings From(const Options& options);
  // InvalidArgument naming the bad option, or OK.
  static Status Validate(const Options& options);
};

struct RewordedVerdicts {
  std::vector<std::pair<uint32_t, WeightedOverlap>> kept;  // (candidate, evidence), ascending
  std::vector<uint32_t> weak;  // candidates under their threshold scoring >= context_min_score
  std::vector<char> doc_lead;  // per candidate when doc_leads: leads to its documents' comparison
  std::vector<NullClass> classes;  // unused since the scorer (kept empty)
  double threshold = 0;            // the decision threshold
  // record_scored: the features of every candidate the scorer judged (empty entries, all zero,
  // for those it did not).
  std::vector<PairFeatureVector> recorded;
};

// Builds the IDF-weighted sets of the groups' content stems (and their stems in text order, for
// the local alignment). Cost: O(features) on `threads` cores.
void BuildWeightedSets(const FingerprintedCorpus& corpus, int threads, WeightedSets* out);

// `timer` (may be null) gets the lap "null_sample" (now only the synonym table's first load).
// Cost: one Overlap per candidate, and the scorer's features (bounded, verify/scorer.h) for those
// sharing 2 stems or more.
RewordedVerdicts VerifyReworded(const FingerprintedCorpus& corpus, const WeightedSets& weighted,
                                const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                                const RewordedVerifySettings& settings, StageTimer* timer);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_REWORDED_H_
