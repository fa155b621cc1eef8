// Context rescue stage (rescue_context.h).

#include "neardup/scan/rescue_context.h"

#include <tbb/task_arena.h>

#include <algorithm>

namespace neardup {

VerifiedPairs RescueContext(const FingerprintedCorpus& corpus, const WeightedSets& weighted,
                            const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                            RewordedVerdicts verdicts, const ContextRescueSettings& settings,
                            int threads, uint64_t* rescued_count) {
  std::vector<std::pair<uint32_t, WeightedOverlap>>& verified = verdicts.kept;
  std::vector<char> in_context(verified.size(), 0);
  *rescued_count = 0;
  if (settings.enabled) {
    std::vector<uint32_t> kept;
    kept.reserve(verified.size());
    for (const auto& [i, o] : verified) kept.push_back(i);
    std::vector<uint32_t> rescued;
    tbb::task_arena arena(threads);
    arena.execute([&] {
      rescued = RescueInContext(candidates, kept, verdicts.weak, corpus.first_doc, weighted,
                                settings.rules);
    });
    *rescued_count = rescued.size();
    // Merged into the verified list, which stays ascending by candidate.
    std::vector<std::pair<uint32_t, WeightedOverlap>> extra;
    for (const uint32_t i : rescued) {
      WeightedOverlap o = weighted.Overlap(candidates[i].first, candidates[i].second);
      o.threshold = settings.context_min_score;
      extra.emplace_back(i, o);
    }
    std::vector<std::pair<uint32_t, WeightedOverlap>> merged(verified.size() + extra.size());
    std::merge(verified.begin(), verified.end(), extra.begin(), extra.end(), merged.begin(),
               [](const auto& x, const auto& y) { return x.first < y.first; });
    verified = std::move(merged);
    in_context.resize(verified.size());
    for (size_t k = 0; k < verified.size(); ++k) {
      in_context[k] = std::binary_search(rescued.begin(), rescued.end(), verified[k].first) ? 1 : 0;
    }
  }
  VerifiedPairs out;
  for (const auto& [i, o] : verified) {
    out.candidate.push_back(i);
    out.shared.push_back(o.shared);
    out.similarity.push_back(o.similarity);
    out.overlap.push_back(o);
  }
  out.in_context = std::move(in_context);
  return out;
}

}  // namespace neardup
