// Bucket and verify stages. Bucket (per band partition: the (band, slice) slots of stage_file.h):
// its bands' key columns of every shard's keys-S, less the keys of texts an earlier shard holds
// (ident's dups files) → LSH buckets → candidate pairs of text ids, sent by pair hash to the
// verify partitions. Verify (per pair partition): its candidates, each pair once → exact Jaccard
// and MinHash estimate by the one-process verification code, over shingle sets read piecewise
// from the shards' shingles files → edges of group numbers by node partition. A pair colliding
// in several bands reaches one verify partition from every bucket that found it and is verified
// once there. Thread-safety: pure functions of their files; one core each. Memory: bucket, one
// slot's keys at a time (16 bytes each plus 16 for sorting: a slot is at most 8/P of a band's
// keys of the whole input), 4 bytes per text repeated from an earlier shard, and its pairs;
// verify, its candidates and their texts' shingle sets.
#ifndef NEARDUP_DIST_BUCKET_H_
#define NEARDUP_DIST_BUCKET_H_

#include <cstdint>

#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

struct BucketMeta {
  uint64_t pairs = 0;            // candidate pairs it sent (before merging across partitions)
  uint64_t skipped_buckets = 0;  // its buckets over Options::max_bucket
};

// Reads its band columns of keys-S of every shard and every dups-P; writes cand-`partition`-V for
// every verify partition V and bucket-`partition`.meta. Cost: sorting its band keys plus its bucket
// pairs.
Status BucketPartition(uint32_t partition, const StagePlan& plan, BucketMeta* meta);

Status ReadBucketMeta(const StagePlan& plan, uint32_t partition, BucketMeta* meta);

struct VerifyMeta {
  uint64_t candidates = 0;  // distinct candidate pairs
  uint64_t verified = 0;    // of those, at or above the threshold
};

// Reads cand-P-`partition` of every bucket partition P; writes edges-`partition`-Q and
// rev-`partition`-Q for every node partition Q and verify-`partition`.meta. Cost: one sorted-set
// intersection (and, for the verified, one MinHash estimate) per candidate.
Status VerifyPartition(uint32_t partition, const StagePlan& plan, VerifyMeta* meta);

Status ReadVerifyMeta(const StagePlan& plan, uint32_t partition, VerifyMeta* meta);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_BUCKET_H_
