// VerifiedPairs: what a verification stage (lexical or reworded) hands on — the candidates that
// passed, in candidate order, with their evidence. Plain value; thread-compatible.
#ifndef NEARDUP_VERIFIED_PAIRS_H_
#define NEARDUP_VERIFIED_PAIRS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/scan_result.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

struct VerifiedPairs {
  std::vector<uint32_t> candidate;  // index into the candidates, ascending
  std::vector<uint32_t> shared;     // shingles or content stems in common
  std::vector<double> similarity;   // the score the pair was judged by
  // Reworded mode only (empty otherwise): the evidence, and whether the pair was kept on its
  // documents' context (context rescue stage).
  std::vector<WeightedOverlap> overlap;
  std::vector<char> in_context;

  size_t size() const { return candidate.size(); }
  // The verified relation as group pairs (g, h, similarity), in candidate order. O(size).
  std::vector<GroupPair> GroupPairs(
      const std::vector<std::pair<uint32_t, uint32_t>>& candidates) const {
    std::vector<GroupPair> out;
    out.reserve(candidate.size());
    for (size_t v = 0; v < candidate.size(); ++v) {
      out.push_back(
          {candidates[candidate[v]].first, candidates[candidate[v]].second, similarity[v]});
    }
    return out;
  }
};

}  // namespace neardup

#endif  // NEARDUP_VERIFIED_PAIRS_H_
