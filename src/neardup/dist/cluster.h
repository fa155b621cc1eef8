// Cluster stage: connected components of the verified edges without any task holding them all.
// The nodes (groups) are split over P node partitions by hash; each step of a partition is one
// task that reads its nodes' state (labels, adjacency) and the messages the previous step sent
// it. A node's label starts as itself and only falls, Shiloach-Vishkin style over messages: a
// node whose label fell tells its neighbours (min-label propagation) and hooks the node it left
// onto the smaller label (tree hooking); every node not its own label asks its label's node for
// that node's label (pointer jumping). After two steps in a row where no label fell anywhere,
// every node holds the smallest group of its component: its first occurrence, the representative
// one process reports. Then the join routes each group record and edge to the component
// partition of its label. Thread-safety: pure functions of their files; one core each. Memory
// per task: its nodes' adjacency (2 x edges / P on average; a node's own edges are never split)
// and the messages addressed to it — a component's root answers one request per member per
// step, 16 bytes each.
#ifndef NEARDUP_DIST_CLUSTER_H_
#define NEARDUP_DIST_CLUSTER_H_

#include <cstdint>
#include <vector>

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
// the same output). The driver runs steps until two in a row change no label (stats->changed
// summed over partitions is 0); the second one's state is final.
Status CcStep(uint32_t q, uint32_t step, const StagePlan& plan, CcStepStats* stats);

// The whole connected-components computation in one task, for an edge set small enough to hold
// (the driver decides, by the verified count): reads every rev-V-Q, writes ccl-Q for every node
// partition Q — the labels the steps would end with (each node's smallest group in its
// component). Memory: 16 bytes per edge plus 12 per node. Cost: a sort of the nodes and a
// union-find, O(E log E).
Status CcLocal(const StagePlan& plan, CcStepStats* stats);

// JoinComponents' last_step when the labels come from CcLocal.
inline constexpr int64_t kCcLocalStep = -2;

// The nodes of partition `q` after step `step` and their labels (parallel, nodes
// ascending).
Status ReadCcLabels(uint32_t q, uint32_t step, const StagePlan& plan, std::vector<uint64_t>* nodes,
                    std::vector<uint64_t>* labels);

// Join of node partition `q`: its group records (groups-P-Q of every ident partition P) and edges
// (edges-*-Q) with the labels of cc-`last_step`-Q (kCcLocalStep: of ccl-Q; -1: there were no
// edges) → comp-Q-R by the label's partition R. Groups of one occurrence and no edge go nowhere
// (nothing to report or drop).
// `records` false (a dedup run): group records of members' units only (IdentPartition's, which
// leaves out groups of one occurrence); a node of an edge without a record gets one of its own
// unit.
Status JoinComponents(uint32_t q, int64_t last_step, const StagePlan& plan, bool records = true);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_CLUSTER_H_
