// Estimates stage: the MinHash estimate of each verified pair's Jaccard similarity (reported
// beside the exact score), from signatures recomputed for the groups involved only. In: the
// corpus, the verified candidates. Out: one estimate per verified pair. Thread-safety: a pure
// function; runs on `threads` cores.
#ifndef NEARDUP_ESTIMATES_H_
#define NEARDUP_ESTIMATES_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/sketch/minhash.h"

namespace neardup {

// verified: indices into candidates. Cost: one signature per group involved, one comparison of
// num_perm values per pair; memory involved groups * num_perm * 4 bytes.
std::vector<double> EstimateVerified(const FingerprintedCorpus& corpus, const MinHasher& hasher,
                                     const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                                     const std::vector<uint32_t>& verified, int threads);

}  // namespace neardup

#endif  // NEARDUP_ESTIMATES_H_
