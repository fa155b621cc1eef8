// Clusters stage (clusters.h).

#include "neardup/scan/clusters.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <limits>
#include <span>
#include <utility>

#include "neardup/base/union_find.h"

namespace neardup {
namespace {

// Whether the cluster of groups `gs` is site furniture (kFurnitureWords).
bool IsFurniture(const FingerprintedCorpus& corpus, const GroupMembers& members,
                 std::span<const uint32_t> gs) {
  bool short_texts = true, labels = true;
  std::vector<uint32_t> docs;
  for (const uint32_t g : gs) {
    short_texts &= corpus.seq_offsets[g + 1] - corpus.seq_offsets[g] < kFurnitureWords;
    for (const uint32_t u : members.Of(g)) {
      labels &= corpus.units[u].words <= kLabelWords;
      docs.push_back(corpus.units[u].doc);
    }
  }
  std::sort(docs.begin(), docs.end());
  const auto distinct = static_cast<size_t>(std::unique(docs.begin(), docs.end()) - docs.begin());
  return labels || (short_texts && distinct >= kFurnitureDocs);
}

}  // namespace

std::vector<Cluster> BuildClusters(const FingerprintedCorpus& corpus, const GroupMembers& members,
                                   const std::vector<GroupPair>& group_pairs,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& links,
                                   const std::vector<bool>& group_elided,
                                   const std::function<double(uint32_t, uint32_t)>& similarity,
                                   const ClusterSettings& settings, int threads) {
  const size_t num_groups = corpus.num_groups();
  UnionFind uf(num_groups);
  for (const GroupPair& gp : group_pairs) uf.Union(gp.g, gp.h);
  for (const auto& [g, h] : links) uf.Union(g, h);
  // Components as one array (CSR): comp_start[c] .. comp_start[c + 1] in comp_list, each
  // component's groups in increasing order. Groups are numbered in order of first occurrence, so
  // visiting them in order numbers the components by their first unit.
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> comp_of(num_groups);
  std::vector<uint32_t> comp_start;
  {
    std::vector<uint32_t> comp_of_root(num_groups, kNone);
    for (uint32_t g = 0; g < num_groups; ++g) {
      const uint32_t root = uf.Find(g);
      if (comp_of_root[root] == kNone) {
        comp_of_root[root] = static_cast<uint32_t>(comp_start.size());
        comp_start.push_back(0);
      }
      comp_of[g] = comp_of_root[root];
      ++comp_start[comp_of[g]];
    }
  }
  const size_t comps = comp_start.size();
  comp_start.push_back(0);
  uint32_t at = 0;
  for (uint32_t& c : comp_start) at += std::exchange(c, at);
  std::vector<uint32_t> comp_list(num_groups);
  {
    std::vector<uint32_t> fill(comp_start.begin(), comp_start.end() - 1);
    for (uint32_t g = 0; g < num_groups; ++g) comp_list[fill[comp_of[g]]++] = g;
  }
  auto groups_of = [&](size_t c) {
    return std::span<const uint32_t>(comp_list.data() + comp_start[c],
                                     comp_start[c + 1] - comp_start[c]);
  };
  // Each group's similarity to its component's first group, and each component's cluster id
  // (components of one unit make none), on every core; the clusters are then built in place.
  std::vector<double> group_sim(num_groups, 1.0);
  std::vector<uint32_t> cluster_of(comps + 1, 0);  // 1 if kept, then (prefix sum) the id
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, comps, 256),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t comp = r.begin(); comp < r.end(); ++comp) {
                          const std::span<const uint32_t> gs = groups_of(comp);
                          size_t total = 0;
                          for (uint32_t g : gs) total += members.Of(g).size();
                          cluster_of[comp] = total >= 2 ? 1 : 0;
                          for (size_t x = 1; x < gs.size(); ++x) {
                            group_sim[gs[x]] = similarity(gs[0], gs[x]);
                          }
                        }
                      });
  });
  uint32_t kept = 0;
  for (uint32_t& c : cluster_of) kept += std::exchange(c, kept);
  std::vector<Cluster> clusters(kept);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, comps, 256), [&](const tbb::blocked_range<size_t>& r) {
          for (size_t comp = r.begin(); comp < r.end(); ++comp) {
            if (cluster_of[comp + 1] == cluster_of[comp]) continue;  // not kept
            const std::span<const uint32_t> gs = groups_of(comp);
            Cluster& c = clusters[cluster_of[comp]];
            c.id = cluster_of[comp];
            c.furniture = settings.reworded && IsFurniture(corpus, members, gs);
            for (uint32_t g : gs) {
              const double sim = group_sim[g];
              for (uint32_t u : members.Of(g)) c.members.push_back({u, sim});
              if (group_elided[g]) c.pairs_elided = true;
            }
            std::sort(
                c.members.begin(), c.members.end(),
                [](const ClusterMember& x, const ClusterMember& y) { return x.unit < y.unit; });
          }
        });
  });
  return clusters;
}

}  // namespace neardup
