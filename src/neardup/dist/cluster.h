// Cluster stage: connected components of the verified edges without any task holding them all.
// The nodes (groups) are split over P node partitions; each step of a partition is one task that
// reads its nodes' state and the messages sent to it by the previous step. A node's label starts
// as itself and only falls: min-label propagation (a node whose label fell tells its neighbours)
// sped up by pointer jumping (it also asks its new label's node for that node's label). When a
// step sends no message anywhere, every node holds the smallest group of its component, which is
// the component's first occurrence: the representative one process reports. Then the join step
// routes each group record and edge to the component partition of its label.
// Thread-safety: pure functions of their files; one core each. Memory per task: its nodes'
// adjacency (edges / P on average) and the messages addressed to it.
#ifndef NEARDUP_DIST_CLUSTER_H_
#define NEARDUP_DIST_CLUSTER_H_

#include <cstdint>

#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

struct CcStepStats {
  uint64_t nodes = 0;     // nodes of this partition
  uint64_t edges = 0;     // adjacency entries it holds (each edge is held by both ends)
  uint64_t changed = 0;   // labels that fell in this step
  uint64_t messages = 0;  // messages it sent
};

// Step `step` of node partition `partition`: step 0 builds the partition's adjacency from
// edges-*-Q and rev-*-Q; later steps read cc-(step-1)-Q and ccm-(step-1)-*-Q. Writes cc-step-Q
// and ccm-step-Q-R for every R (never overwrites an earlier step's files, so a rerun task gives
// the same output). The driver runs steps until one where no partition sends a message.
Status CcStep(uint32_t partition, uint32_t step, const StagePlan& plan, CcStepStats* stats);

// Join of node partition `partition`: its group records (groups-*-Q) and edges (edges-*-Q) with
// the labels of cc-`last_step`-Q (last_step < 0: there were no edges) → comp-Q-R by the label's
// partition R. Groups of one occurrence and no edge go nowhere (nothing to report or drop).
Status JoinComponents(uint32_t partition, int64_t last_step, const StagePlan& plan);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_CLUSTER_H_
