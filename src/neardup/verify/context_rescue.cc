// Copies in context: see context_rescue.h.

#include "neardup/verify/context_rescue.h"

#include <algorithm>
#include <unordered_map>

#include "neardup/verify/matched_in_documents.h"

namespace neardup {
namespace {

uint64_t Key(uint32_t hi, uint32_t lo) { return uint64_t{hi} << 32 | lo; }

}  // namespace

std::vector<uint32_t> RescueInContext(const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                                      std::span<const uint32_t> verified,
                                      std::span<const uint32_t> weak,
                                      std::span<const uint32_t> group_doc,
                                      const WeightedSets& weighted,
                                      const ContextSettings& settings) {
  auto doc_pair = [&](uint32_t i) {
    const uint32_t da = group_doc[candidates[i].first];
    const uint32_t db = group_doc[candidates[i].second];
    return Key(std::min(da, db), std::max(da, db));
  };
  // The document pairs of the weak candidates; the verified pairs only matter inside those.
  std::vector<uint64_t> docs;
  docs.reserve(weak.size());
  for (const uint32_t i : weak) docs.push_back(doc_pair(i));
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  // Verified pairs per such document pair, and the (group, other document) pairs matched there.
  std::vector<uint32_t> pairs_of_docs(docs.size(), 0);
  MatchedInDocuments matched(group_doc);
  for (const uint32_t i : verified) {
    const auto it = std::lower_bound(docs.begin(), docs.end(), doc_pair(i));
    if (it == docs.end() || *it != doc_pair(i)) continue;
    ++pairs_of_docs[static_cast<size_t>(it - docs.begin())];
    matched.Add(candidates[i].first, candidates[i].second);
  }
  matched.Seal();
  // The weak candidates in a document pair of enough verified pairs, and each group's best score
  // with the other document among them (a paragraph matched there still competes).
  std::vector<uint32_t> eligible;
  std::vector<double> score;
  for (const uint32_t i : weak) {
    if (group_doc[candidates[i].first] == group_doc[candidates[i].second]) continue;  // one text
    const size_t d =
        static_cast<size_t>(std::lower_bound(docs.begin(), docs.end(), doc_pair(i)) - docs.begin());
    if (pairs_of_docs[d] < settings.min_pairs) continue;
    eligible.push_back(i);
    score.push_back(weighted.Overlap(candidates[i].first, candidates[i].second).global);
  }
  std::unordered_map<uint64_t, double> best;
  for (size_t k = 0; k < eligible.size(); ++k) {
    const auto [g, h] = candidates[eligible[k]];
    for (const uint64_t key : {Key(g, group_doc[h]), Key(h, group_doc[g])}) {
      double& b = best[key];
      b = std::max(b, score[k]);
    }
  }
  std::vector<uint32_t> out;
  for (size_t k = 0; k < eligible.size(); ++k) {
    const auto [g, h] = candidates[eligible[k]];
    if (matched.Contains(g, group_doc[h]) || matched.Contains(h, group_doc[g])) {
      continue;  // one of the two is matched to another paragraph there
    }
    if (best[Key(g, group_doc[h])] > score[k] || best[Key(h, group_doc[g])] > score[k]) continue;
    if (weighted.DiagonalScore(g, h, settings.band_share, settings.min_band) <
        settings.min_diagonal) {
      continue;
    }
    out.push_back(eligible[k]);
  }
  return out;
}

}  // namespace neardup
