// Clusters stage (clusters.h).

#include "neardup/scan/clusters.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <limits>

#include "neardup/base/union_find.h"
#include "neardup/scan/expand_pairs.h"

namespace neardup {

std::vector<Cluster> BuildClusters(const FingerprintedCorpus& corpus, const GroupMembers& members,
                                   const std::vector<GroupPair>& group_pairs,
                                   const std::vector<bool>& group_elided,
                                   const std::function<double(uint32_t, uint32_t)>& similarity,
                                   const ClusterSettings& settings, int threads) {
  const size_t num_groups = corpus.num_groups();
  UnionFind uf(num_groups);
  for (const GroupPair& gp : group_pairs) uf.Union(gp.g, gp.h);
  std::vector<std::vector<uint32_t>> comp_groups;
  {
    std::vector<uint32_t> comp_of_root(num_groups, std::numeric_limits<uint32_t>::max());
    // Groups are numbered in order of first occurrence, so visiting them in order numbers the
    // components by their first unit.
    for (uint32_t g = 0; g < num_groups; ++g) {
      uint32_t root = uf.Find(g);
      if (comp_of_root[root] == std::numeric_limits<uint32_t>::max()) {
        comp_of_root[root] = static_cast<uint32_t>(comp_groups.size());
        comp_groups.emplace_back();
      }
      comp_groups[comp_of_root[root]].push_back(g);
    }
  }
  // Each group's similarity to its component's first group, on every core.
  std::vector<double> group_sim(num_groups, 1.0);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, comp_groups.size(), 256),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t comp = r.begin(); comp < r.end(); ++comp) {
                          const std::vector<uint32_t>& gs = comp_groups[comp];
                          for (size_t x = 1; x < gs.size(); ++x) {
                            group_sim[gs[x]] = similarity(gs[0], gs[x]);
                          }
                        }
                      });
  });
  std::vector<Cluster> clusters;
  for (const auto& gs : comp_groups) {
    size_t total = 0;
    for (uint32_t g : gs) total += members.Of(g).size();
    if (total < 2 || (gs.size() == 1 && IsFurniture(corpus, gs[0], settings.reworded))) continue;
    Cluster c;
    c.id = static_cast<uint32_t>(clusters.size());
    for (uint32_t g : gs) {
      const double sim = group_sim[g];
      for (uint32_t u : members.Of(g)) c.members.push_back({u, sim});
      if (group_elided[g]) c.pairs_elided = true;
    }
    std::sort(c.members.begin(), c.members.end(),
              [](const ClusterMember& x, const ClusterMember& y) { return x.unit < y.unit; });
    clusters.push_back(std::move(c));
  }
  return clusters;
}

}  // namespace neardup
