// Scanner::State: what a Scanner holds between its calls — its options, the fingerprinted corpus
// being built, the read stage's group table, stats and timers. Private to scan/: scanner_read.cc
// fills it (the read pipeline), scanner.cc runs the stages on it. Not thread-safe (one call at a
// time).
#ifndef NEARDUP_SCAN_SCANNER_STATE_H_
#define NEARDUP_SCAN_SCANNER_STATE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "neardup/scan/candidates.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/read_batch.h"
#include "neardup/scan/scanner.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/sketch/lsh.h"
#include "neardup/sketch/minhash.h"

namespace neardup {
namespace scan_internal {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Per-thread scratch space, reused across documents.
struct Worker {
  std::unique_ptr<Fingerprinter> fingerprinter;  // made on first use (it needs the options)
  DocumentPrint print;
};

}  // namespace scan_internal

struct Scanner::State {
  explicit State(const Options& o)
      : options(o),
        threads(ThreadsToUse(o.threads)),
        hasher(o.num_perm, o.seed, o.scheme),
        lsh(CandidateSettings::From(o).Banding()),
        index(lsh) {}

  void Fingerprint(const Document& doc, uint32_t doc_in_batch, scan_internal::Worker& w,
                   Batch* out) const;
  // Appends a batch in two steps, each in input order: AssignGroups (units, documents, group
  // ids: the table's look-ups on every core, shard by shard, then one pass in unit order) and
  // CopyFeatures (the new groups' shingles, band keys, sketches and stems). Append does both.
  // AssignGroups leaves the units and group_first in the batch (Compact turns them into refs,
  // CopyCompacted copies them); AppendUnits appends them to the corpus at once.
  void AssignGroups(Batch* batch);
  void AppendUnits(const Batch& batch);
  void CopyFeatures(const Batch& batch);
  // Copies one compacted batch into its place (CopyCompacted) and frees it.
  void CopyBatch(std::unique_ptr<Batch> b, const BatchBase& at, size_t first_group, uint32_t* keys);
  // Appends the features of compacted batches (Compact), in their order, to the corpus arrays:
  // each batch's place is known from the counts of the batches before it, so the batches are
  // copied on all cores at once (and freed as they are done). O(features / threads).
  void CopyCompacted(std::vector<std::unique_ptr<Batch>>* batches);
  void Append(Batch* batch) {
    AssignGroups(batch);
    AppendUnits(*batch);
    CopyFeatures(*batch);
  }

  Options options;
  int threads;
  MinHasher hasher;
  LshParams lsh;
  LshBatchIndex index;
  FingerprintedCorpus corpus;
  GroupTable group_of_text;
  GroupTable::Times group_times;             // AssignGroups' passes over the table's shards
  uint32_t units_read = 0, groups_read = 0;  // units and groups assigned so far
  ScanStats stats;
  std::vector<ReadWarning> warnings;
  scan_internal::Worker serial_worker;
  scan_internal::Clock::time_point start =
      scan_internal::Clock::now();  // Progress::seconds counts from here
  // --timings: the read stage's two serial steps (cutting the input; assigning ids, less the
  // passes over the table's shards) in wall seconds (blocking reads included) and in CPU seconds
  // of the thread that ran them (its own clock: a busy machine does not inflate them), and the
  // wall seconds of the final copy (on all cores), summed over AddCorpus calls.
  double input_seconds = 0, ids_seconds = 0, copy_seconds = 0;
  double input_cpu = 0, ids_cpu = 0;

  // The counts read so far, as a Progress of `stage`.
  Progress ReadSoFar(const char* stage) const {
    Progress p;
    p.stage = stage;
    p.documents = stats.documents;
    p.units = stats.units;
    p.bytes = stats.bytes;
    p.seconds = scan_internal::SecondsSince(start);
    p.stage_seconds = p.seconds;
    return p;
  }
};

}  // namespace neardup

#endif  // NEARDUP_SCAN_SCANNER_STATE_H_
