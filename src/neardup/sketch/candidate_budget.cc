// BestWeakCandidates: one small unordered row per item, the worst entry replaced.

#include "neardup/sketch/candidate_budget.h"

#include <algorithm>

namespace neardup {

BestWeakCandidates::BestWeakCandidates(size_t items, uint32_t per_item)
    : per_item_(per_item), rows_(items * per_item, 0), floor_(items, 0) {}

void BestWeakCandidates::Insert(uint32_t item, uint32_t other, uint32_t agreement) {
  if (per_item_ == 0) return;
  const uint64_t entry = (uint64_t{agreement} + 1) << 32 | (UINT32_MAX - other);
  uint64_t* row = rows_.data() + size_t{item} * per_item_;
  size_t worst = 0;
  for (size_t k = 0; k < per_item_; ++k) {
    if (row[k] == entry) return;
    if (row[k] < row[worst]) worst = k;
  }
  if (entry <= row[worst]) return;
  row[worst] = entry;
  uint64_t lowest = row[0];
  for (size_t k = 1; k < per_item_; ++k) lowest = std::min(lowest, row[k]);
  floor_[item] = static_cast<uint8_t>(lowest >> 32);  // 0 while a slot is empty
}

void BestWeakCandidates::Merge(const BestWeakCandidates& other) {
  const size_t items = per_item_ == 0 ? 0 : rows_.size() / per_item_;
  for (size_t item = 0; item < items; ++item) {
    const uint64_t* row = other.rows_.data() + item * per_item_;
    for (size_t k = 0; k < per_item_; ++k) {
      if (row[k] == 0) continue;
      Insert(static_cast<uint32_t>(item), UINT32_MAX - static_cast<uint32_t>(row[k]),
             static_cast<uint32_t>(row[k] >> 32) - 1);
    }
  }
}

void BestWeakCandidates::AppendPairs(std::vector<uint64_t>* pairs) const {
  const size_t items = per_item_ == 0 ? 0 : rows_.size() / per_item_;
  for (size_t item = 0; item < items; ++item) {
    const uint64_t* row = rows_.data() + item * per_item_;
    for (size_t k = 0; k < per_item_; ++k) {
      if (row[k] == 0) continue;
      const uint64_t other = UINT32_MAX - static_cast<uint32_t>(row[k]);
      pairs->push_back(std::min<uint64_t>(item, other) << 32 | std::max<uint64_t>(item, other));
    }
  }
}

}  // namespace neardup
