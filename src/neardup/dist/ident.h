// Ident and route stages: the identity shuffle between sign and bucket. Ident (per hash
// partition) finds, for every distinct text of the whole input, its group — the first unit of its
// first occurrence, as one process numbers it — and tells each shard the groups of its texts.
// Route (per shard) then sends the band keys of the groups first seen in the shard to the band
// partitions, and every text's occurrences (its part of a group record) to the group's node
// partition. Thread-safety: pure functions of their files; one core each. Memory: ident, 24 bytes
// per distinct text of its hash partition (about 1/P of all); route, its shard's texts.
#ifndef NEARDUP_DIST_IDENT_H_
#define NEARDUP_DIST_IDENT_H_

#include <cstdint>

#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

struct IdentMeta {
  uint64_t distinct_texts = 0;  // distinct texts whose hash routes to the partition
};

// Reads ident-S-`partition` of every shard; writes canon-`partition`-S for every shard and
// ident-`partition`.meta.
Status IdentPartition(uint32_t partition, const StagePlan& plan, IdentMeta* meta);

Status ReadIdentMeta(const StagePlan& plan, uint32_t partition, IdentMeta* meta);

// Reads texts-S, units-S and canon-*-S of shard `shard`; writes bands-S-P and groups-S-Q for
// every partition. `records` false (a dedup run, which reports no pairs): group parts carry
// members' units only, units-S is not read, and a part that is only its group's first unit (a
// text seen once here, first here) is not written — join restores it.
Status RouteShard(uint32_t shard, const StagePlan& plan, bool records = true);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_IDENT_H_
