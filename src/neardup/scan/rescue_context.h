// Context rescue stage (reworded mode): a weak candidate — under its threshold, scoring at least
// Options::context_min_score — is kept when its two documents copy one story and the pair stands
// in place there (verify/context_rescue.h). In: the reworded verdicts. Out: the VerifiedPairs of
// the reworded path, the rescued ones merged in candidate order and flagged in_context.
// Thread-safety: a pure function; runs on `threads` cores.
#ifndef NEARDUP_RESCUE_CONTEXT_H_
#define NEARDUP_RESCUE_CONTEXT_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/verified_pairs.h"
#include "neardup/scan/verify_reworded.h"
#include "neardup/verify/context_rescue.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

struct ContextRescueSettings {
  bool enabled = false;            // paragraph units and context_min_score > 0
  double context_min_score = 0.3;  // Options::context_min_score: the rescued pairs' threshold
  ContextSettings rules;           // what "in place in one story" means

  static ContextRescueSettings From(const Options& options) {
    ContextRescueSettings c;
    c.enabled = options.unit == Unit::kParagraph && options.context_min_score > 0;
    c.context_min_score = options.context_min_score;
    return c;
  }
};

// *rescued_count: the pairs kept in context. Cost: RescueInContext plus one Overlap per rescued
// pair and a merge.
VerifiedPairs RescueContext(const FingerprintedCorpus& corpus, const WeightedSets& weighted,
                            const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                            RewordedVerdicts verdicts, const ContextRescueSettings& settings,
                            int threads, uint64_t* rescued_count);

}  // namespace neardup

#endif  // NEARDUP_RESCUE_CONTEXT_H_
