// Ident stage: the identity shuffle between sign and bucket. Ident (per hash partition) finds,
// for every distinct text of the whole input whose hash routes to it, its group — the first unit
// of its first occurrence, as one process numbers it — and its every occurrence over all shards;
// it sends each group's record to the group's node partition and tells each shard which of its
// texts an earlier shard already holds (bucket leaves their band keys out, so each group's keys
// are bucketed once). Thread-safety: a pure function of its files; one core. Memory: its
// partition's ident files (about 1/P of all texts' identity records) plus 70 bytes per distinct
// text of the partition and its groups' records.
#ifndef NEARDUP_DIST_IDENT_H_
#define NEARDUP_DIST_IDENT_H_

#include <cstdint>

#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

struct IdentMeta {
  uint64_t distinct_texts = 0;  // distinct texts whose hash routes to the partition
};

// Reads ident-S-`partition` of every shard; writes groups-`partition`-Q for every node partition
// Q, dups-`partition` (every shard's texts an earlier shard holds) and ident-`partition`.meta.
// Group records are whole (a scan's) or units only (a dedup run's, as sign wrote them: then a group
// of one occurrence is left out — join makes its record when it has an edge).
Status IdentPartition(uint32_t partition, const StagePlan& plan, IdentMeta* meta);

Status ReadIdentMeta(const StagePlan& plan, uint32_t partition, IdentMeta* meta);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_IDENT_H_
