// Clusters stage: connected components of the verified relation over groups, listed by unit,
// each member with its similarity to the component's first group. In: the corpus, the verified
// group pairs, the groups whose pairs were elided, a group-similarity function. Out: the clusters
// sorted by representative. Thread-safety: a pure function; runs on `threads` cores (similarity
// is called concurrently).
#ifndef NEARDUP_CLUSTERS_H_
#define NEARDUP_CLUSTERS_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan_result.h"

namespace neardup {

struct ClusterSettings {
  bool reworded = false;  // reworded mode: clusters of site furniture are labelled
};

// Reworded mode: site furniture. A cluster whose texts all have fewer than kFurnitureWords
// content words and that spans at least kFurnitureDocs documents ("Your email address will not
// be published."), or whose texts are all labels of at most kLabelWords words ("Leave a Reply",
// "Related posts:"). Measured on the sample (data/seeds): its 4 furniture texts, 8 pairs, and no
// other text; on realnews: see docs/reworded.md.
inline constexpr size_t kFurnitureWords = 12;
inline constexpr size_t kFurnitureDocs = 3;
inline constexpr uint32_t kLabelWords = 3;

// similarity(rep, g): the similarity of group g to its component's first group rep. `links`:
// further group pairs joined (those reported on one sentence of each), so every reported pair
// lies in a cluster. Cost: one union-find pass over group_pairs and links, one similarity call per
// group in a component of two or more.
std::vector<Cluster> BuildClusters(const FingerprintedCorpus& corpus, const GroupMembers& members,
                                   const std::vector<GroupPair>& group_pairs,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& links,
                                   const std::vector<bool>& group_elided,
                                   const std::function<double(uint32_t, uint32_t)>& similarity,
                                   const ClusterSettings& settings, int threads);

}  // namespace neardup

#endif  // NEARDUP_CLUSTERS_H_
