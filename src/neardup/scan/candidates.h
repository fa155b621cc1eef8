// Candidates stage: the pairs of distinct texts (groups) worth verifying — those sharing an LSH
// band bucket (screened by byte sketches in reworded mode), or with CandidateSettings::exact
// every pair sharing a feature. In: the fingerprinted corpus and its band index. Out: candidate
// group pairs. Thread-safety: a pure function; runs on `threads` cores.
#ifndef NEARDUP_CANDIDATES_H_
#define NEARDUP_CANDIDATES_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/options.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/sketch/lsh.h"
#include "neardup/status.h"

namespace neardup {

struct CandidateSettings {
  bool exact = false;           // Options::exact: no LSH, every pair sharing a feature
  bool screen_bytes = false;    // reworded mode: screen bucket pairs by their byte sketches
  size_t max_bucket = 5000;     // Options::max_bucket
  double lsh_threshold = 0.5;   // Options::threshold (lexical) or reworded_lsh_threshold
  double lsh_fp_weight = 0.05;  // Options::lsh_fp_weight
  double lsh_fn_weight = 0.95;  // Options::lsh_fn_weight
  int num_perm = 128;           // Options::num_perm

  static CandidateSettings From(const Options& options);
  // InvalidArgument naming the bad option, or OK.
  static Status Validate(const Options& options);
  // The bands x rows for lsh_threshold. O(num_perm^2).
  LshParams Banding() const;
};

struct Candidates {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // group pairs g < h, sorted by g
  size_t skipped_buckets = 0;                        // buckets over max_bucket
  // Per group, or empty: its strong candidates were capped (near_identical.h, reworded mode).
  std::vector<char> capped;
};

// Cost: linear in the band keys plus the bucket pairs generated (quadratic in the features shared,
// with exact). Reworded mode: a group of at most kNearIdenticalMaxStems stems keeps at most
// kShortTextCandidates strong candidates (more only where its partner keeps the pair).
Candidates FindCandidates(const FingerprintedCorpus& corpus, const LshBatchIndex& index,
                          const CandidateSettings& settings, int threads);

}  // namespace neardup

#endif  // NEARDUP_CANDIDATES_H_
