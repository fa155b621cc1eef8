// MatchDocuments: document-level weighted overlap judged against random document pairs.

#include "neardup/verify/document_matcher.h"

#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <numeric>
#include <span>

#include "neardup/verify/kept_in_order.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

std::vector<DocLevelMatch> MatchDocuments(std::vector<std::vector<uint32_t>> doc_sets,
                                          std::vector<std::pair<uint32_t, uint32_t>> candidates,
                                          const DocMatchSettings& settings, DocLevelStats* stats) {
  *stats = DocLevelStats();
  std::vector<DocLevelMatch> out;
  if (doc_sets.size() < 2) return out;
  const int threads = settings.null.threads;
  std::vector<std::span<const uint32_t>> sets(doc_sets.begin(), doc_sets.end());
  WeightedSets weighted;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    weighted.Build(sets);
    tbb::parallel_sort(candidates.begin(), candidates.end());
  });
  const size_t num_docs = doc_sets.size();
  std::vector<std::span<const uint32_t>>().swap(sets);
  std::vector<std::vector<uint32_t>>().swap(doc_sets);  // the weighted copy is all that is read
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  stats->candidates = candidates.size();

  double threshold = settings.score_threshold;
  if (threshold <= 0) {
    std::vector<uint32_t> item_doc(num_docs);
    std::iota(item_doc.begin(), item_doc.end(), 0u);
    constexpr uint32_t kOneClass[] = {0};
    const NullClass c = AdaptiveThresholds(weighted, item_doc, kOneClass, settings.null)[0];
    stats->null_pairs = c.null_pairs;
    stats->null_score = c.null_score;
    stats->null_outliers = c.null_outliers;
    threshold = c.threshold;
  }
  stats->threshold = threshold;
  // Compared on every core, in candidate order.
  const auto matched = KeptInOrder(candidates.size(), threads, [&](size_t i, WeightedOverlap* o) {
    const auto [a, b] = candidates[i];
    if (a == b) return false;
    *o = weighted.Overlap(a, b);
    return o->shared >= settings.min_shared_words && o->similarity >= threshold;
  });
  for (const auto& [i, o] : matched) {
    const auto [a, b] = candidates[i];
    out.push_back({std::min(a, b), std::max(a, b), o.similarity,
                   a < b ? o.containment_a : o.containment_b,
                   a < b ? o.containment_b : o.containment_a});
  }
  std::sort(out.begin(), out.end(), [](const DocLevelMatch& x, const DocLevelMatch& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return out;
}

}  // namespace neardup
