// Context rescue stage (rescue_context.h).

#include "neardup/scan/rescue_context.h"

#include <tbb/task_arena.h>

namespace neardup {

VerifiedPairs RescueContext(const FingerprintedCorpus& corpus, const WeightedSets& weighted,
                            const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                            RewordedVerdicts verdicts, const ContextRescueSettings& settings,
                            int threads, uint64_t* rescued_count) {
  std::vector<std::pair<uint32_t, WeightedOverlap>>& verified = verdicts.kept;
  *rescued_count = 0;
  std::vector<std::pair<uint32_t, WeightedOverlap>> extra;  // the rescued pairs, ascending
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
    extra.reserve(rescued.size());
    for (const uint32_t i : rescued) {
      WeightedOverlap o = weighted.Overlap(candidates[i].first, candidates[i].second);
      o.threshold = settings.context_min_score;
      extra.emplace_back(i, o);
    }
  }
  // The rescued pairs merged into the verified ones, ascending by candidate (a rescued pair was
  // weak, so never kept: the two are disjoint), straight into the exactly sized columns — the
  // verified list (128 bytes per pair) is not copied first.
  const size_t n = verified.size() + extra.size();
  VerifiedPairs out;
  out.candidate.reserve(n);
  out.shared.reserve(n);
  out.similarity.reserve(n);
  out.overlap.reserve(n);
  out.in_context.reserve(n);
  auto add = [&](const std::pair<uint32_t, WeightedOverlap>& p, char in_context) {
    out.candidate.push_back(p.first);
    out.shared.push_back(p.second.shared);
    out.similarity.push_back(p.second.similarity);
    out.overlap.push_back(p.second);
    out.in_context.push_back(in_context);
  };
  for (size_t v = 0, e = 0; v < verified.size() || e < extra.size();) {
    if (e == extra.size() || (v < verified.size() && verified[v].first < extra[e].first)) {
      add(verified[v++], 0);
    } else {
      add(extra[e++], 1);
    }
  }
  return out;
}

}  // namespace neardup
