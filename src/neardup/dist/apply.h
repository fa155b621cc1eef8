// Apply stage: one shard plus what the component partitions sent it → that shard's part of the
// output: the deduplicated documents (the records `neardup dedup` writes, through the same
// function), or the pair and cluster records of `neardup scan --format jsonl`. Finish puts the
// shards' parts together, in shard order, into the output file (and a scan report's summary).
// Thread-safety: pure functions of their files; one core. Memory (apply): the shard's units and
// records; finish streams.
#ifndef NEARDUP_DIST_APPLY_H_
#define NEARDUP_DIST_APPLY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

enum class OutputKind { kDedup, kScan };

struct ApplyMeta {
  uint64_t units_kept = 0;    // dedup: units kept
  uint64_t docs_written = 0;  // dedup: documents written
};

// Writes dedup-S.jsonl (kDedup; reads the shard's documents again from `paths`) or pairs-S.jsonl
// and clusters-S.jsonl (kScan; cluster ids continue those of earlier shards), and apply-S.meta.
Status ApplyShard(uint32_t shard, OutputKind kind, const std::vector<std::string>& paths,
                  const ReaderOptions& reader, const StagePlan& plan, ApplyMeta* meta);

struct FinishStats {
  uint64_t units = 0, units_kept = 0, docs = 0, docs_written = 0;
  std::vector<std::string> warnings;  // every shard's read warnings, in input order
};

// Concatenates the shards' parts into `output` (atomically; "-" = standard output), adding the
// summary record for kScan. Reads every stage's meta file.
Status FinishOutput(OutputKind kind, const std::string& output, const StagePlan& plan,
                    FinishStats* stats);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_APPLY_H_
