// The read stage's pieces (scan/scanner_read.cc): GroupTable finds identical texts; a Batch holds
// the fingerprints of one input chunk from decoding until its features are copied into the corpus.
// Thread-safety: GroupTable is thread-compatible; a Batch is used by one thread at a time.
#ifndef NEARDUP_READ_BATCH_H_
#define NEARDUP_READ_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "neardup/base/memory.h"
#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/scan_result.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/status.h"
#include "neardup/verify/sentence_matcher.h"

namespace neardup {

struct TextKey {
  uint64_t lo, hi;
  bool operator==(const TextKey&) const = default;
};
struct Batch;

// Groups of identical texts: 128-bit text hash -> group id, in kShards tables chosen by the
// hash's high bits, so one batch's lookups run on every core, a shard per task, while group ids
// still number the texts in order of first occurrence (Assign). Each shard is open addressing
// with linear probing on the hash's low bits, grown at 70% load: one probe is one cache line in
// the common case (no node allocations, no pointer chasing). 24 bytes per slot.
class GroupTable {
 public:
  static constexpr int kShardBits = 6;
  static constexpr size_t kShards = size_t{1} << kShardBits;
  static size_t ShardOf(const TextKey& key) {
    return static_cast<size_t>(key.hi >> (64 - kShardBits));
  }
  // What Assign's two passes over the shards took, summed over calls: wall seconds, and the
  // CPU seconds of the calling thread (all of their work when it runs them alone). They run on
  // every core of the current task arena when the batch has at least kParallelUnits units.
  struct Times {
    double shards_wall = 0, shards_cpu = 0;
  };
  static constexpr size_t kParallelUnits = 1024;

  // Gives every unit of `b` its group (b->group) and flags the first unit of each text new
  // (b->new_group[i] == 1); new groups are numbered from *next_group on, in unit order, and
  // *next_group is advanced past them. Batches must come in input order; b->by_shard must be
  // filled (BucketByShard). Three steps: look-ups and inserts per shard in parallel (units of a
  // shard in unit order: a repeat within the batch finds its first occurrence, marked pending), one
  // linear pass in unit order numbering the new texts and resolving repeats, then the new
  // slots' ids written per shard in parallel. Amortized O(units); the serial pass is a few ns
  // per unit.
  void Assign(Batch* b, uint32_t* next_group, Times* times);
  size_t size() const;

 private:
  struct Slot {
    uint64_t lo, hi;
    uint32_t group;  // kEmpty, kPending (inserted by the batch being assigned) or the group id
    uint32_t local;  // when pending: the unit of that batch it was first seen in
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr uint32_t kPending = UINT32_MAX - 1;
  struct Shard {
    std::vector<Slot> slots;
    size_t size = 0;
    // Grows (doubling, rehashing) until `more` inserts stay under 70% load. O(size) if it grows.
    void Reserve(size_t more);
  };
  // Step 1 for shards [s0, s1): look-ups and pending inserts, prefetched kAhead units ahead.
  void Find(Batch* b, size_t s0, size_t s1);
  // Step 3 for shards [s0, s1): the new groups' ids into their slots.
  void Publish(const Batch& b, size_t s0, size_t s1);
  std::vector<Shard> shards_ = std::vector<Shard>(kShards);
};

// Fills b->by_shard and b->shard_start from the units' keys (a counting sort, stable: a
// shard's units stay in unit order). O(units); runs on any thread.
void BucketByShard(Batch* b);

// The fingerprints of a run of documents, produced in parallel and appended in order.
struct Batch {
  std::unique_ptr<ReadChunk> chunk;  // the input, until decoded into docs
  Status status;                     // what decoding the chunk returned
  std::vector<ReadWarning> warnings;
  std::vector<Document> docs;
  std::vector<DocDigest> digests;  // per document, for the second pass
  struct Unit {
    uint32_t doc;  // index into docs
    uint32_t para;
    ByteRange range;
    uint32_t words;
    TextKey key;
    uint32_t shingle_begin, shingle_end;    // into shingles
    uint32_t seq_begin, seq_end;            // into sequences (reworded mode)
    uint32_t sent_begin, sent_end;          // into sentences (reworded mode)
    uint32_t verbatim_begin, verbatim_end;  // into verbatim (reworded mode)
  };
  std::vector<Unit> units;
  // Per unit, set by GroupTable::Assign: the first of its text (1) or not (0), and its group.
  std::vector<uint8_t> new_group;
  std::vector<uint32_t> group;
  // The units' indices bucketed by GroupTable::ShardOf (by_shard; a shard's units in unit
  // order), where each shard's run starts (kShards + 1 entries) and each unit's place in
  // by_shard (BucketByShard). Assign's look-ups leave their answers per place, so the tasks of
  // different shards write to different cache lines.
  std::vector<uint32_t> by_shard, shard_start, place;
  std::vector<uint32_t> found;  // per place: a group id, a unit index or a slot index (found_kind)
  std::vector<uint8_t> found_kind;
  // Set in input order with the groups: the corpus ids of the batch's first document and unit.
  uint32_t first_doc = 0, first_unit = 0;
  bool dropped = false;  // after a fatal error in an earlier chunk: not appended
  std::vector<uint32_t> shingles;
  std::vector<uint32_t> sequences;      // reworded: content stems of each unit in text order
  std::vector<uint8_t> lower;           // reworded: parallel to sequences (DocumentPrint::lower)
  std::vector<SentenceSpan> sentences;  // reworded: relative to the unit's stems and first byte
  std::vector<uint32_t> verbatim;       // reworded: word k-gram shingles (DocumentPrint::verbatim)
  std::vector<uint32_t> band_keys;      // units.size() * bands
  std::vector<uint8_t> byte_sketches;   // reworded: units.size() * kByteSketchSize
  uint64_t empty_units = 0;
  uint64_t bytes = 0;
  // After Compact: the features above hold the new groups' only, and these their ends (one
  // entry per new group, counted from the batch's first new group); the batch's units as the
  // corpus keeps them, and the corpus id of each new group's first unit.
  std::vector<uint32_t> shingle_ends, seq_ends, sent_ends, verbatim_ends;
  std::vector<UnitRef> refs;
  std::vector<uint32_t> group_first;
  size_t NewGroups() const { return shingle_ends.size(); }
};

// Where a compacted batch's features go in the corpus arrays.
struct BatchBase {
  size_t group, shingle, seq, sent, unit, verbatim;
};

// Keeps only the features of the batch's new groups (GroupTable::Assign has flagged them), moved
// to the front of each array, turns the units into refs and group_first (Assign and first_doc,
// first_unit set), and frees the rest: documents, units, the features of repeated texts.
// O(batch); runs on any thread.
void Compact(Batch* b, size_t bands);

}  // namespace neardup

#endif  // NEARDUP_READ_BATCH_H_
