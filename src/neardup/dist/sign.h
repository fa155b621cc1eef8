// Sign stage: one shard (a contiguous range of the input's documents) → its units and, per
// band-key partition, its distinct texts with their shingle sets and band keys (what bucket
// verifies and groups on). Thread-safety: a pure function of its inputs and files; runs on one
// core. Memory: the shard's units and distinct texts' shingles, about 600 bytes per paragraph.
#ifndef NEARDUP_DIST_SIGN_H_
#define NEARDUP_DIST_SIGN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

// A shard's counts (sign-S.meta).
struct SignMeta {
  uint64_t doc_begin = 0;  // index of the shard's first document in the whole input
  uint64_t docs = 0;
  uint64_t units = 0;
  uint64_t empty_units = 0;
  uint64_t bytes = 0;
  std::vector<std::string> warnings;  // read warnings met while reading the shard's documents
};

// Fingerprints documents [doc_begin, doc_end) of the input `paths` (read with `reader`; doc_end =
// UINT64_MAX reads to the end, and the last shard must) and writes sign-S.meta, units-S and
// bands-S-P for every partition P under plan.dir. Documents before doc_begin are read and skipped
// (cost linear in them). Returns the reader's failure or a write error.
Status SignShard(const std::vector<std::string>& paths, const ReaderOptions& reader,
                 uint64_t doc_begin, uint64_t doc_end, uint32_t shard, const StagePlan& plan,
                 SignMeta* meta);

// Counts the input's documents (one read of everything). Returns the reader's failure.
Status CountDocuments(const std::vector<std::string>& paths, const ReaderOptions& reader,
                      uint64_t* docs);

Status ReadSignMeta(const StagePlan& plan, uint32_t shard, SignMeta* meta);

// offsets[s] = global number of shard s's first unit; offsets[shards] = all units. Reads every
// sign-S.meta.
Status ReadUnitOffsets(const StagePlan& plan, std::vector<uint64_t>* offsets);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_SIGN_H_
