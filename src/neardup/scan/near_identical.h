// Near-identical short texts (reworded mode), for dense input only (a million tiny texts over a
// small vocabulary): texts of few content stems that share their stem set are merged into one
// group as identical texts are, and short texts' strong LSH candidates are capped, so candidates
// and pairs cannot grow quadratically. Both engage only past a density real text does not reach,
// so ordinary input is scanned exactly as without them. Thread-safety: MergeNearIdentical needs
// exclusive use of its arguments; CandidateCap::Offer may be called from many threads at once,
// the rest may not.
#ifndef NEARDUP_NEAR_IDENTICAL_H_
#define NEARDUP_NEAR_IDENTICAL_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/sketch/lsh.h"

namespace neardup {

// Texts of 1..kNearIdenticalMaxStems distinct content stems may merge by their stem set (word
// order, stop words and word forms aside, the scorer sees the same evidence in them).
inline constexpr size_t kNearIdenticalMaxStems = 8;
// A stem set can merge only when at least this many distinct texts share it.
inline constexpr uint32_t kMinNearIdenticalTexts = 3;
// ... and only when the corpus is dense: merging would remove at least 1/kDenseGroupShare of its
// groups. Real news (data/realnews/helsinki-2018.jsonl) would lose 22 of 8,238 (1/374); 25,000
// dense tiny texts (scripts/gen_dense_tiny.py) lose 4,173 of 18,394 (1/4.4). A merge moves every
// IDF weight a little, so a rare one would change the whole report.
inline constexpr uint32_t kDenseGroupShare = 10;
// A short text (at most kNearIdenticalMaxStems stems) keeps at most this many strong candidates
// when the cap engages: those whose byte sketches agree most, then the lowest ids. A short text
// offered more is "capped": its verified pairs list their first occurrences only, its own
// members' pairs none (expand_pairs.h).
inline constexpr uint32_t kShortTextCandidates = 16;
// The cap engages only when short texts are offered more than this many strong candidates per
// group of the corpus, all together (offers counted once per short side and shared band). Real
// news: 107,150 offers for 8,238 groups (13 per group); 25,000 dense tiny texts: 48.4M for 14,221
// groups (3,404 per group).
inline constexpr uint64_t kShortOffersPerGroup = 128;

// When the corpus is dense (kDenseGroupShare), merges the groups of every short stem set held by
// kMinNearIdenticalTexts groups or more into the first of them: the corpus keeps the merged
// groups' features once, in first-occurrence order, and `index` (one item per group) keeps their
// band keys only. Returns the number of groups merged away (0: not dense, nothing changed). Call
// before SealGroups. Cost: O(units + features).
size_t MergeNearIdentical(FingerprintedCorpus* corpus, LshBatchIndex* index);

// Strong candidates of short items: every one offered while their number stays within `budget`
// (then nothing is capped), else the best `per_item` of each short item. Memory: 8 bytes per short
// item and per_item, plus up to 16 bytes per offer within the budget (freed once over it); Offer
// costs O(per_item) under a striped lock. The result does not depend on the order of the offers
// (best = more byte-sketch positions agreed, then the lower other id).
class CandidateCap {
 public:
  // short_item[i]: item i is short (gets a row). items = short_item.size().
  CandidateCap(const std::vector<char>& short_item, uint32_t per_item, uint64_t budget);
  bool IsShort(uint32_t item) const { return row_of_[item] != kNoRow; }
  // Offers b to a's row (if a is short) and a to b's row (if b is short). Offering a pair again
  // changes only the count against the budget. Thread-safe.
  void Offer(uint32_t a, uint32_t b, uint32_t agreement);
  // True when more offers were made than the budget: the rows judge.
  bool Engaged() const { return offers_.load(std::memory_order_relaxed) > budget_; }
  // Appends every kept pair as (min << 32 | max), some more than once: every pair offered, or
  // when Engaged() the rows' pairs.
  void AppendPairs(std::vector<uint64_t>* pairs) const;
  // Empty unless Engaged(); then per item 1 when more candidates were offered to its row than it
  // keeps.
  std::vector<char> Capped() const;

 private:
  static constexpr uint32_t kNoRow = UINT32_MAX;
  static constexpr size_t kStripes = 1024;
  void Insert(uint32_t item, uint32_t other, uint32_t agreement);
  uint32_t per_item_;
  uint64_t budget_;
  std::atomic<uint64_t> offers_{0};
  std::vector<std::vector<uint64_t>> offered_;  // per stripe: the pairs offered within the budget
  std::vector<uint32_t> row_of_;                // per item: its row, or kNoRow
  std::vector<uint32_t> item_of_;               // per row: its item
  std::vector<uint64_t> rows_;  // (agreement + 1) << 32 | (UINT32_MAX - other); 0 = empty
  std::vector<char> overflow_;  // per row
  std::unique_ptr<std::mutex[]> locks_;
};

}  // namespace neardup

#endif  // NEARDUP_NEAR_IDENTICAL_H_
