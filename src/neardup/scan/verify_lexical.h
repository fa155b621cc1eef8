// Lexical verification stage: each candidate's exact Jaccard similarity of shingle sets, kept at
// LexicalVerifySettings::threshold. In: the corpus, the candidates. Out: VerifiedPairs.
// Thread-safety: a pure function; runs on `threads` cores, output independent of their number.
#ifndef NEARDUP_VERIFY_LEXICAL_H_
#define NEARDUP_VERIFY_LEXICAL_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/options.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/verified_pairs.h"
#include "neardup/status.h"

namespace neardup {

struct LexicalVerifySettings {
  double threshold = 0.5;  // Options::threshold: Jaccard similarity >= this, in (0, 1]

  static LexicalVerifySettings From(const Options& options) { return {options.threshold}; }
  // InvalidArgument naming the bad option, or OK.
  static Status Validate(const Options& options);
};

// Cost: one sorted-set intersection per candidate.
VerifiedPairs VerifyLexical(const FingerprintedCorpus& corpus,
                            const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                            const LexicalVerifySettings& settings, int threads);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_LEXICAL_H_
