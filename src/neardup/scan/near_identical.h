// Near-identical short texts (reworded mode): texts of few content stems that share their stem
// set are merged into one group as identical texts are (one representative, the group as a
// cluster, its pairs elided past max_group_pairs), and a short text's strong LSH candidates are
// capped, so dense input (a million tiny texts over a small vocabulary) cannot make candidates and
// pairs grow quadratically. Thread-safety: MergeNearIdentical needs exclusive use of its
// arguments; CandidateCap::Offer may be called from many threads at once, the rest may not.
#ifndef NEARDUP_NEAR_IDENTICAL_H_
#define NEARDUP_NEAR_IDENTICAL_H_

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
// A stem set merges only when at least this many distinct texts share it: dense input has many
// such sets, ordinary text next to none (a merge moves every IDF weight a little, so a rare one
// would change the whole report).
inline constexpr uint32_t kMinNearIdenticalTexts = 3;
// A short text (at most kNearIdenticalMaxStems stems) keeps at most this many strong candidates:
// those whose byte sketches agree most, then the lowest ids. A short text offered more is
// "capped": its verified pairs list their first occurrences only, its own members' pairs none
// (expand_pairs.h).
inline constexpr uint32_t kShortTextCandidates = 16;

// Merges the groups of every short stem set held by kMinNearIdenticalTexts groups or more into
// the first of them: the corpus keeps the merged groups' features once, in first-occurrence
// order, and `index` (one item per group) keeps their band keys only. Returns the number of groups
// merged away. Call before SealGroups. Cost: O(units + features).
size_t MergeNearIdentical(FingerprintedCorpus* corpus, LshBatchIndex* index);

// The best `per_item` strong candidates of each short item. Memory: 8 bytes per short item and
// per_item; Offer costs O(per_item) under a striped lock. The result does not depend on the order
// of the offers (best = more byte-sketch positions agreed, then the lower other id).
class CandidateCap {
 public:
  // short_item[i]: item i is short (gets a row). items = short_item.size().
  CandidateCap(const std::vector<char>& short_item, uint32_t per_item);
  bool IsShort(uint32_t item) const { return row_of_[item] != kNoRow; }
  // Offers b to a's row (if a is short) and a to b's row (if b is short). Offering a pair again
  // changes nothing. Thread-safe.
  void Offer(uint32_t a, uint32_t b, uint32_t agreement);
  // Appends every kept pair as (min << 32 | max) (a pair kept by both its items twice).
  void AppendPairs(std::vector<uint64_t>* pairs) const;
  // Per item: 1 when more candidates were offered to its row than it keeps.
  std::vector<char> Capped() const;

 private:
  static constexpr uint32_t kNoRow = UINT32_MAX;
  static constexpr size_t kStripes = 1024;
  void Insert(uint32_t item, uint32_t other, uint32_t agreement);
  uint32_t per_item_;
  std::vector<uint32_t> row_of_;   // per item: its row, or kNoRow
  std::vector<uint32_t> item_of_;  // per row: its item
  std::vector<uint64_t> rows_;     // (agreement + 1) << 32 | (UINT32_MAX - other); 0 = empty
  std::vector<char> overflow_;     // per row
  std::unique_ptr<std::mutex[]> locks_;
};

}  // namespace neardup

#endif  // NEARDUP_NEAR_IDENTICAL_H_
