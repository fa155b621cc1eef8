// Components stage: one component partition (the groups and edges the join routed there, whole
// components) → the report records one process writes for them, sorted out by shard: the pair
// records (identical texts and verified pairs, with Options::max_group_pairs elision), the
// cluster record (members' similarity to the representative by exact Jaccard), and the units a
// dedup run drops (in group order, a group is kept unless a verified neighbour before it is
// kept; only a kept group's first occurrence stays). Thread-safety: a pure function of its files;
// one core. Memory: the partition's components with their shingles; a component is held whole by
// one task (a chain of a million paragraphs: its million group records).
#ifndef NEARDUP_DIST_COMPONENTS_H_
#define NEARDUP_DIST_COMPONENTS_H_

#include <cstdint>
#include <vector>

#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

struct ComponentsMeta {
  uint64_t pairs = 0;
  uint64_t elided_pairs = 0;
  std::vector<uint64_t> clusters;  // per shard: clusters whose representative it holds
};

// Reads comp-Q-`partition` of every node partition Q; writes out-`partition`-S for every shard
// and components-`partition`.meta. `records` false (a dedup run): only the units dropped, no
// pair or cluster records (and no shingle sets read). Corruption when a component lacks its
// representative's record.
Status BuildComponents(uint32_t partition, const StagePlan& plan, bool records,
                       ComponentsMeta* meta);

Status ReadComponentsMeta(const StagePlan& plan, uint32_t partition, ComponentsMeta* meta);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_COMPONENTS_H_
