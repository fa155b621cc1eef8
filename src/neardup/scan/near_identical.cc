// Near-identical short texts (near_identical.h).

#include "neardup/scan/near_identical.h"

#include <xxhash.h>

#include <algorithm>
#include <cstddef>
#include <span>
#include <unordered_map>
#include <utility>

#include "neardup/base/default_init_allocator.h"
#include "neardup/sketch/byte_sketch.h"

namespace neardup {
namespace {

// Copies the ranges of the kept groups of a per-group array with offsets (groups + 1).
template <typename Values>
void CompactRanges(const std::vector<uint32_t>& kept, std::vector<uint64_t>* offsets,
                   Values* values) {
  std::vector<uint64_t> new_offsets{0};
  new_offsets.reserve(kept.size() + 1);
  Values new_values;
  for (const uint32_t g : kept) {
    new_values.insert(new_values.end(),
                      values->begin() + static_cast<std::ptrdiff_t>((*offsets)[g]),
                      values->begin() + static_cast<std::ptrdiff_t>((*offsets)[g + 1]));
    new_offsets.push_back(new_values.size());
  }
  *offsets = std::move(new_offsets);
  *values = std::move(new_values);
}

}  // namespace

size_t MergeNearIdentical(FingerprintedCorpus* corpus, LshBatchIndex* index) {
  FingerprintedCorpus& c = *corpus;
  const auto groups = static_cast<uint32_t>(c.num_groups());
  // The first group of each short stem set, and how many groups share it.
  std::vector<uint32_t> first(groups);
  std::vector<uint32_t> count(groups, 0);
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_hash;  // set hash -> first groups
  for (uint32_t g = 0; g < groups; ++g) {
    first[g] = g;
    const std::span<const uint32_t> set = c.GroupShingles(g);
    if (set.empty() || set.size() > kNearIdenticalMaxStems) continue;
    std::vector<uint32_t>& firsts = by_hash[XXH3_64bits(set.data(), set.size_bytes())];
    for (const uint32_t f : firsts) {
      const std::span<const uint32_t> other = c.GroupShingles(f);
      if (std::equal(set.begin(), set.end(), other.begin(), other.end())) {
        first[g] = f;
        break;
      }
    }
    if (first[g] == g) firsts.push_back(g);
    ++count[first[g]];
  }
  by_hash.clear();
  size_t merged = 0;
  for (uint32_t g = 0; g < groups; ++g) {
    if (first[g] == g && count[g] >= kMinNearIdenticalTexts) merged += count[g] - 1;
  }
  if (merged == 0 || merged * kDenseGroupShare < groups) return 0;  // not dense
  std::vector<uint32_t> new_id(groups);
  std::vector<uint32_t> kept;  // old ids of the groups that stay, ascending
  for (uint32_t g = 0; g < groups; ++g) {
    const uint32_t into = count[first[g]] >= kMinNearIdenticalTexts ? first[g] : g;
    if (into == g) {
      new_id[g] = static_cast<uint32_t>(kept.size());
      kept.push_back(g);
    } else {
      new_id[g] = new_id[into];  // into < g: numbered already
    }
  }
  if (kept.size() == groups) return 0;
  for (UnitRef& u : c.units) u.group = new_id[u.group];
  std::vector<uint32_t> group_first;
  UninitVector<uint8_t> sketches;
  std::vector<uint32_t> keys;
  const size_t bands = static_cast<size_t>(index->params().bands);
  group_first.reserve(kept.size());
  keys.reserve(kept.size() * bands);
  for (const uint32_t g : kept) {
    group_first.push_back(c.group_first[g]);  // the merged group's first unit is its first's
    if (!c.byte_sketches.empty()) {
      const auto at =
          c.byte_sketches.begin() + static_cast<std::ptrdiff_t>(size_t{g} * kByteSketchSize);
      sketches.insert(sketches.end(), at, at + kByteSketchSize);
    }
    keys.insert(keys.end(), index->Keys(g), index->Keys(g) + bands);
  }
  c.group_first = std::move(group_first);
  c.byte_sketches = std::move(sketches);
  *index = LshBatchIndex(index->params(), std::move(keys));
  CompactRanges(kept, &c.shingle_offsets, &c.shingles);
  std::vector<uint64_t> seq_offsets = c.seq_offsets;
  CompactRanges(kept, &c.seq_offsets, &c.sequences);
  CompactRanges(kept, &seq_offsets, &c.seq_lower);
  CompactRanges(kept, &c.sent_offsets, &c.sentences);
  CompactRanges(kept, &c.verbatim_offsets, &c.verbatim);
  return groups - kept.size();
}

CandidateCap::CandidateCap(const std::vector<char>& short_item, uint32_t per_item, uint64_t budget)
    : per_item_(per_item),
      budget_(budget),
      offered_(kStripes),
      row_of_(short_item.size(), kNoRow),
      locks_(std::make_unique<std::mutex[]>(kStripes)) {
  for (uint32_t i = 0; i < short_item.size(); ++i) {
    if (short_item[i] == 0) continue;
    row_of_[i] = static_cast<uint32_t>(item_of_.size());
    item_of_.push_back(i);
  }
  rows_.assign(item_of_.size() * per_item_, 0);
  overflow_.assign(item_of_.size(), 0);
}

void CandidateCap::Offer(uint32_t a, uint32_t b, uint32_t agreement) {
  if (IsShort(a)) Insert(a, b, agreement);
  if (IsShort(b)) Insert(b, a, agreement);
}

void CandidateCap::Insert(uint32_t item, uint32_t other, uint32_t agreement) {
  const uint32_t row = row_of_[item];
  const uint64_t entry = (static_cast<uint64_t>(agreement) + 1) << 32 | (UINT32_MAX - other);
  const std::lock_guard<std::mutex> lock(locks_[row % kStripes]);
  std::vector<uint64_t>& offered = offered_[row % kStripes];
  if (offers_.fetch_add(1, std::memory_order_relaxed) < budget_) {
    offered.push_back(uint64_t{std::min(item, other)} << 32 | std::max(item, other));
  } else if (offered.capacity() > 0) {
    std::vector<uint64_t>().swap(offered);  // engaged: the rows judge, the list is not needed
  }
  uint64_t* slots = rows_.data() + static_cast<size_t>(row) * per_item_;
  uint64_t* worst = slots;
  for (uint32_t k = 0; k < per_item_; ++k) {
    if (slots[k] == entry) return;  // offered before
    if (slots[k] < *worst) worst = slots + k;
  }
  if (*worst == 0) {
    *worst = entry;
    return;
  }
  overflow_[row] = 1;
  if (entry > *worst) *worst = entry;
}

void CandidateCap::AppendPairs(std::vector<uint64_t>* pairs) const {
  if (!Engaged()) {
    for (const std::vector<uint64_t>& stripe : offered_) {
      pairs->insert(pairs->end(), stripe.begin(), stripe.end());
    }
    return;
  }
  for (uint32_t row = 0; row < item_of_.size(); ++row) {
    const uint64_t item = item_of_[row];
    const uint64_t* slots = rows_.data() + static_cast<size_t>(row) * per_item_;
    for (uint32_t k = 0; k < per_item_; ++k) {
      if (slots[k] == 0) continue;
      const uint64_t other = UINT32_MAX - static_cast<uint32_t>(slots[k] & 0xFFFFFFFFu);
      pairs->push_back(std::min(item, other) << 32 | std::max(item, other));
    }
  }
}

std::vector<char> CandidateCap::Capped() const {
  if (!Engaged()) return {};
  std::vector<char> out(row_of_.size(), 0);
  for (uint32_t row = 0; row < item_of_.size(); ++row) out[item_of_[row]] = overflow_[row];
  return out;
}

}  // namespace neardup
