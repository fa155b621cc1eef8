// BandMap: the streaming index's LSH buckets, in memory, journaled per write transaction.
// Thread-safety: a BandMap belongs to one Index and so to one thread at a time.
#ifndef NEARDUP_BAND_MAP_H_
#define NEARDUP_BAND_MAP_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "neardup/index/index_records.h"

namespace neardup::internal {

// The LSH buckets of an index, in memory: (band, key) -> the ids of the representative units
// (the smallest live unit id of each normalized text) whose band key `band` is `key`, ascending.
// Not stored: rebuilt from the units and texts tables when an index is opened (IndexStore::Open
// keeps it in step with the transaction's snapshot). Changes made inside a write transaction are
// journaled: Commit() keeps them, Rollback() undoes them (an aborted or failed commit).
// Memory: per band, one 12-byte open-addressing slot per entry at a load of 0.6-0.9 (about 16 bytes
// per entry, so ~bands * 16 bytes per representative paragraph); a bucket of more than kInline
// units moves to a sorted vector of ids (8 bytes each) behind one slot.
class BandMap {
 public:
  // Empties the map for `bands` bands, making room for `expected_units` units.
  void Reset(size_t bands, size_t expected_units);
  size_t bands() const { return tables_.size(); }
  // Entries (band, key, unit) in the map.
  uint64_t entries() const { return entries_; }
  // An entry of the committed snapshot (rebuilding): not journaled.
  void Load(size_t band, uint32_t key, uint64_t uid) { DoInsert(band, key, uid); }
  // Journaled changes. Insert of a present entry and Erase of an absent one do nothing.
  void Insert(size_t band, uint32_t key, uint64_t uid);
  void Erase(size_t band, uint32_t key, uint64_t uid);
  // Keeps the journaled changes / undoes them, newest first.
  void Commit() { journal_.clear(); }
  void Rollback();
  bool journaled() const { return !journal_.empty(); }
  // How many units bucket (band, key) holds; appends them (ascending) to *out unless more than
  // `max`.
  size_t Get(size_t band, uint32_t key, size_t max, std::vector<uint64_t>* out) const;
  bool Contains(size_t band, uint32_t key, uint64_t uid) const;
  // Heap bytes held (slots, bucket lists, journal).
  size_t MemoryBytes() const;
  // The counters of the committed snapshot the map reflects (valid only when built()).
  bool built() const { return built_; }
  const IndexCounters& snapshot() const { return snapshot_; }
  void set_snapshot(const IndexCounters& c) {
    snapshot_ = c;
    built_ = true;
  }
  void Invalidate() { built_ = false; }

 private:
  // A slot: empty (lo == hi == 0; unit ids start at 1), one entry of bucket `key` (unit id
  // hi << 32 | lo, hi < kMulti), or the whole bucket (hi == kMulti, lo = index into lists_; then
  // the only slot of `key`).
  struct Slot {
    uint32_t key = 0;
    uint32_t lo = 0;
    uint32_t hi = 0;
  };
  static constexpr uint32_t kMulti = 0x80000000u;
  static constexpr size_t kInline = 16;  // larger buckets move to lists_
  // One band's buckets: Robin Hood linear probing (the entries of a key share its home, so one
  // probe run finds them all), backward-shift deletion.
  struct Table {
    std::vector<Slot> slots;
    size_t used = 0;
  };
  struct Change {
    uint64_t uid;
    uint32_t band;
    uint32_t key;
    bool inserted;
  };
  static bool Empty(const Slot& s) { return s.lo == 0 && s.hi == 0; }
  static uint64_t Uid(const Slot& s) { return uint64_t{s.hi} << 32 | s.lo; }
  static size_t Home(const Table& t, uint32_t key);
  static size_t Distance(const Table& t, size_t pos, uint32_t key);
  // Calls fn(pos) for every slot of `key`, in probe order, until fn returns false.
  template <typename Fn>
  static void ForKey(const Table& t, uint32_t key, Fn&& fn);
  static void Place(Table* t, Slot s);
  static void Resize(Table* t, size_t capacity);
  static void EraseSlot(Table* t, size_t pos);
  // Unjournaled changes; true when the map changed.
  bool DoInsert(size_t band, uint32_t key, uint64_t uid);
  bool DoErase(size_t band, uint32_t key, uint64_t uid);
  uint32_t NewList();

  std::vector<Table> tables_;
  std::vector<std::vector<uint64_t>> lists_;
  std::vector<uint32_t> free_lists_;
  std::vector<Change> journal_;
  uint64_t entries_ = 0;
  IndexCounters snapshot_;
  bool built_ = false;
};

}  // namespace neardup::internal

#endif  // NEARDUP_BAND_MAP_H_
