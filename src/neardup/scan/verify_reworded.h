// Reworded verification stage: scores each candidate by IDF-weighted overlap of content stems
// (whole sets, or a local alignment for a sentence rewritten inside a longer paragraph) and judges
// it against the threshold of its size class, adaptive (the null sample of unrelated pairs of the
// corpus) unless fixed. In: the weighted feature sets, the candidates, RewordedVerifySettings.
// Out: RewordedVerdicts — the pairs kept, the weak ones the context rescue may look at again, the
// document-level leads. Thread-safety: a pure function; runs on settings.threads cores, output
// independent of their number.
#ifndef NEARDUP_VERIFY_REWORDED_H_
#define NEARDUP_VERIFY_REWORDED_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/base/stage_timer.h"
#include "neardup/options.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/status.h"
#include "neardup/verify/null_sample.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

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

  static RewordedVerifySettings From(const Options& options);
  // InvalidArgument naming the bad option, or OK.
  static Status Validate(const Options& options);
};

struct RewordedVerdicts {
  std::vector<std::pair<uint32_t, WeightedOverlap>> kept;  // (candidate, evidence), ascending
  std::vector<uint32_t> weak;  // candidates under their threshold scoring >= context_min_score
  std::vector<char> doc_lead;  // per candidate when doc_leads: leads to its documents' comparison
  std::vector<NullClass> classes;  // adaptive: one per size class, ascending
  double threshold = 0;            // the largest size class's threshold
};

// Builds the IDF-weighted sets of the groups' content stems (and their stems in text order, for
// the local alignment). Cost: O(features) on `threads` cores.
void BuildWeightedSets(const FingerprintedCorpus& corpus, int threads, WeightedSets* out);

// `timer` (may be null) gets the lap "null_sample" once the thresholds are known. Cost: the null
// sample (about null.samples * 20 intersections per size class) plus one Overlap per candidate.
RewordedVerdicts VerifyReworded(const FingerprintedCorpus& corpus, const WeightedSets& weighted,
                                const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                                const RewordedVerifySettings& settings, StageTimer* timer);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_REWORDED_H_
