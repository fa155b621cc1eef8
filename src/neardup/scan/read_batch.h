// The read stage's pieces (scan/scanner.cc): GroupTable finds identical texts; a Batch holds
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
// Groups of identical texts: 128-bit text hash -> group id, open addressing with linear probing
// on the hash's low bits, grown at 70% load. One probe is one cache line in the common case (no
// node allocations, no pointer chasing: the serial append stage does one lookup per unit).
// 24 bytes per slot.
class GroupTable {
 public:
  // The group of `key` and false, or `next` (now assigned to it) and true. Amortized O(1).
  std::pair<uint32_t, bool> FindOrInsert(const TextKey& key, uint32_t next) {
    if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(key.lo) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.group == kEmpty) {
        slot = {key.lo, key.hi, next};
        ++size_;
        return {next, true};
      }
      if (slot.lo == key.lo && slot.hi == key.hi) return {slot.group, false};
    }
  }
  // Starts loading the slot where a lookup of `key` begins (the table is far larger than the
  // caches: a lookup issued this way some keys ahead finds it loaded). O(1), changes nothing.
  void Prefetch(const TextKey& key) const {
    if (!slots_.empty()) {
      __builtin_prefetch(&slots_[static_cast<size_t>(key.lo) & (slots_.size() - 1)]);
    }
  }

 private:
  struct Slot {
    uint64_t lo, hi;
    uint32_t group;
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);  // slots_ is now empty
    const size_t n = std::max<size_t>(old.size() * 2, 1024);
    slots_.reserve(n);
    AdviseHugePages(slots_.data(), n * sizeof(Slot));  // before the pages are first written
    slots_.assign(n, Slot{0, 0, kEmpty});
    const size_t mask = slots_.size() - 1;
    for (const Slot& o : old) {
      if (o.group == kEmpty) continue;
      size_t i = static_cast<size_t>(o.lo) & mask;
      while (slots_[i].group != kEmpty) i = (i + 1) & mask;
      slots_[i] = o;
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};
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
    uint32_t shingle_begin, shingle_end;  // into shingles
    uint32_t seq_begin, seq_end;          // into sequences (reworded mode)
    uint32_t sent_begin, sent_end;        // into sentences (reworded mode)
  };
  std::vector<Unit> units;
  std::vector<uint8_t> new_group;  // per unit: the first of its text (set by AssignGroups)
  bool dropped = false;            // after a fatal error in an earlier chunk: not appended
  std::vector<uint32_t> shingles;
  std::vector<uint32_t> sequences;      // reworded: content stems of each unit in text order
  std::vector<uint8_t> lower;           // reworded: parallel to sequences (DocumentPrint::lower)
  std::vector<SentenceSpan> sentences;  // reworded: relative to the unit's stems and first byte
  std::vector<uint32_t> band_keys;      // units.size() * bands
  std::vector<uint8_t> byte_sketches;   // reworded: units.size() * kByteSketchSize
  uint64_t empty_units = 0;
  uint64_t bytes = 0;
  // After Compact: the features above hold the new groups' only, and these their ends (one
  // entry per new group, counted from the batch's first new group).
  std::vector<uint32_t> shingle_ends, seq_ends, sent_ends;
  size_t NewGroups() const { return shingle_ends.size(); }
};

// Where a compacted batch's features go in the corpus arrays.
struct BatchBase {
  size_t group, shingle, seq, sent;
};

// Keeps only the features of the batch's new groups (AssignGroups has flagged them), moved to the
// front of each array, and frees the rest: documents, units, the features of repeated texts.
// O(batch); runs on any thread.
void Compact(Batch* b, size_t bands);

}  // namespace neardup

#endif  // NEARDUP_READ_BATCH_H_
