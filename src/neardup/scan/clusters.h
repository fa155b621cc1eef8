// Clusters stage: connected components of the verified relation over groups, listed by unit,
// each member with its similarity to the component's first group. In: the corpus, the verified
// group pairs, the groups whose pairs were elided, a group-similarity function. Out: the clusters
// sorted by representative. Thread-safety: a pure function; runs on `threads` cores (similarity
// is called concurrently).
#ifndef NEARDUP_CLUSTERS_H_
#define NEARDUP_CLUSTERS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan_result.h"

namespace neardup {

struct ClusterSettings {
  bool reworded = false;  // reworded mode: a lone group of site furniture is no cluster
};

// similarity(rep, g): the similarity of group g to its component's first group rep. Cost: one
// union-find pass over group_pairs, one similarity call per group in a component of two or more.
std::vector<Cluster> BuildClusters(const FingerprintedCorpus& corpus, const GroupMembers& members,
                                   const std::vector<GroupPair>& group_pairs,
                                   const std::vector<bool>& group_elided,
                                   const std::function<double(uint32_t, uint32_t)>& similarity,
                                   const ClusterSettings& settings, int threads);

}  // namespace neardup

#endif  // NEARDUP_CLUSTERS_H_
