// Bucket stage: one band-key partition from every shard → the candidate pairs of its LSH buckets,
// verified by exact Jaccard (the lexical verification and MinHash estimate of one process, called
// on the partition's texts) → edges, plus the group records of the texts it owns. A pair colliding
// in several bands is counted and verified once, by the partition of its lowest band whose bucket
// is not oversized. Thread-safety: a pure function of its files; one core. Memory: the
// partition's texts (shingles and band keys), about 1/P of all distinct texts' times the bands
// that route there, plus its candidates.
#ifndef NEARDUP_DIST_BUCKET_H_
#define NEARDUP_DIST_BUCKET_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

struct BucketMeta {
  uint64_t distinct_texts = 0;                           // texts this partition owns
  uint64_t candidates = 0;                               // candidate group pairs it owns
  uint64_t verified = 0;                                 // of those, at or above the threshold
  uint64_t skipped_buckets = 0;                          // its buckets over Options::max_bucket
  std::vector<std::pair<uint32_t, uint32_t>> oversized;  // (band, key) of those buckets
};

// Reads bands-S-P for every shard S and writes edges-P-Q, rev-P-Q and groups-P-Q for every node
// partition Q and bucket-P.meta. `oversized` lists the oversized buckets of every partition
// (sorted); a first run passes none, and when any partition reports one the driver reruns every
// partition with the union (a pair's lowest usable band can lie in another partition).
// Cost: the partition's bucket pairs plus one sorted-set intersection per owned candidate.
Status BucketPartition(uint32_t partition, const StagePlan& plan,
                       const std::vector<std::pair<uint32_t, uint32_t>>& oversized,
                       BucketMeta* meta);

Status ReadBucketMeta(const StagePlan& plan, uint32_t partition, BucketMeta* meta);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_BUCKET_H_
