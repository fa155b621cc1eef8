// A budget for weak LSH candidates: each item keeps only its best few weakly similar candidates,
// chosen while the candidates are generated, so the others never take memory.
// Thread-safety: Offer may be called from many threads at once (rows are locked in stripes); the
// result does not depend on the order of the offers. Merge and AppendPairs need exclusive use.
#ifndef NEARDUP_CANDIDATE_BUDGET_H_
#define NEARDUP_CANDIDATE_BUDGET_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace neardup {

// Paragraphs on one topic share much of their vocabulary, so in a large corpus each collides in
// some LSH band with thousands of others, nearly all far apart, and the number of such pairs
// grows with the square of the topic's size. A pair whose byte sketches (byte_sketch.h) agree on
// at least `strong` positions is always a candidate; a weaker one only when it is among the
// `per_item` best weak candidates of one of its two items, best meaning more positions agreed,
// then the lower id of the other item. In a corpus of moderate size few items have more than
// per_item weak candidates and nothing changes. strong = 0: no budget.
struct CandidateBudget {
  uint32_t strong = 0;
  uint32_t per_item = 0;
};

// The budget reworded mode screens paragraph candidates with (measured on a 300,000-paragraph
// generated corpus: 6.2M screened candidates become 0.95M, recall unchanged, 0.9992).
inline constexpr CandidateBudget kParagraphBudget{24, 8};

// The per_item best weak candidates of every item among those offered. Memory: 8 bytes per item
// and per_item, and 1 per item, shared by all threads (one table per thread cost 64 bytes per
// paragraph and thread, and a serial merge); Offer costs O(per_item), O(1) when the pair cannot
// enter.
class BestWeakCandidates {
 public:
  BestWeakCandidates(size_t items, uint32_t per_item);

  // Offers b as a weak candidate of a, and a of b, with their sketches' agreement. Offering the
  // same pair again changes nothing. a, b < items. Thread-safe.
  void Offer(uint32_t a, uint32_t b, uint32_t agreement) {
    // A full row whose worst entry agrees on more positions keeps it out without being read (a
    // cache miss in a large table, where most offers come after the rows have filled). The floor
    // only rises, so a stale read lets an offer in to be judged under the lock, never keeps one
    // out wrongly.
    if (agreement + 1 >= floor_[a].load(std::memory_order_relaxed)) LockedInsert(a, b, agreement);
    if (agreement + 1 >= floor_[b].load(std::memory_order_relaxed)) LockedInsert(b, a, agreement);
  }
  // Hints the memory system that Offer(a, b, ...) comes soon. No effect on any result.
  void Prefetch(uint32_t a, uint32_t b) const {
    __builtin_prefetch(&floor_[a]);
    __builtin_prefetch(&floor_[b]);
    __builtin_prefetch(rows_.data() + size_t{a} * per_item_);
    __builtin_prefetch(rows_.data() + size_t{b} * per_item_);
  }
  // Adds the candidates kept by `other` (a table of the same size and per_item), so the result is
  // the table one Offer of every pair offered to either would have given.
  void Merge(const BestWeakCandidates& other);
  // Appends every kept pair as (min << 32 | max); a pair kept by both its items appears twice.
  void AppendPairs(std::vector<uint64_t>* pairs) const;

 private:
  void Insert(uint32_t item, uint32_t other, uint32_t agreement);
  void LockedInsert(uint32_t item, uint32_t other, uint32_t agreement);
  static constexpr size_t kStripes = 4096;  // row locks: row i uses stripe i % kStripes
  // Row of `item`: per_item entries (agreement + 1) << 32 | (UINT32_MAX - other), larger is
  // better, 0 = empty; unordered.
  uint32_t per_item_;
  std::vector<uint64_t> rows_;
  // Per item: agreement + 1 of its row's worst entry once the row is full, else 0.
  std::vector<std::atomic<uint8_t>> floor_;
  std::unique_ptr<std::atomic<bool>[]> locks_;
};

}  // namespace neardup

#endif  // NEARDUP_CANDIDATE_BUDGET_H_
