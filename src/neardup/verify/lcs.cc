// LcsSolver: Hyyrö's bit-vector LCS rows over the reversed sequences, then a forward traceback.

#include "neardup/verify/lcs.h"

#include <algorithm>
#include <bit>

namespace neardup {

uint32_t LcsSolver::Length(size_t i, size_t j) const {
  const uint64_t* row = rows_.data() + i * words_;
  size_t ones = 0;
  const size_t full = j / 64;
  for (size_t w = 0; w < full; ++w) ones += static_cast<size_t>(std::popcount(row[w]));
  if (j % 64 != 0) {
    ones += static_cast<size_t>(std::popcount(row[full] & ((uint64_t{1} << (j % 64)) - 1)));
  }
  return static_cast<uint32_t>(j - ones);
}

const LcsMatches& LcsSolver::Solve(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  matches_.clear();
  const size_t n = a.size(), m = b.size();
  if (n == 0 || m == 0) return matches_;
  words_ = (m + 63) / 64;
  // Bit j of a row stands for b[m - 1 - j] (b reversed), so the rows describe suffixes of a and b
  // and the traceback below walks forward through both.
  size_t slots = 16;
  while (slots < 2 * m) slots *= 2;
  const int shift = 32 - std::countr_zero(slots);
  constexpr uint32_t kEmpty = ~uint32_t{0};
  symbols_.assign(slots, 0);
  slot_mask_.assign(slots, kEmpty);
  masks_.clear();
  auto slot_of = [&](uint32_t symbol) {
    size_t s = (symbol * 0x9E3779B1u) >> shift;
    while (slot_mask_[s] != kEmpty && symbols_[s] != symbol) s = (s + 1) & (slots - 1);
    return s;
  };
  for (size_t j = 0; j < m; ++j) {
    const uint32_t symbol = b[m - 1 - j];
    const size_t s = slot_of(symbol);
    if (slot_mask_[s] == kEmpty) {
      symbols_[s] = symbol;
      slot_mask_[s] = static_cast<uint32_t>(masks_.size() / words_);
      masks_.resize(masks_.size() + words_, 0);
    }
    masks_[slot_mask_[s] * words_ + j / 64] |= uint64_t{1} << (j % 64);
  }
  rows_.assign((n + 1) * words_, ~uint64_t{0});
  for (size_t i = 0; i < n; ++i) {
    const size_t s = slot_of(a[n - 1 - i]);
    const uint64_t* v = rows_.data() + i * words_;
    uint64_t* next = rows_.data() + (i + 1) * words_;
    if (slot_mask_[s] == kEmpty) {
      std::copy(v, v + words_, next);
      continue;
    }
    const uint64_t* mask = masks_.data() + size_t{slot_mask_[s]} * words_;
    uint64_t carry = 0;
    for (size_t w = 0; w < words_; ++w) {
      const uint64_t u = v[w] & mask[w];
      const uint64_t sum = v[w] + u;
      const uint64_t with_carry = sum + carry;
      carry = (sum < v[w]) | (with_carry < sum);
      next[w] = with_carry | (v[w] & ~mask[w]);
    }
  }
  // (i, j): the suffixes a[n - i ..) and b[m - j ..) remain.
  size_t i = n, j = m;
  uint32_t length = Length(n, m);
  while (length > 0) {
    if (a[n - i] == b[m - j]) {
      matches_.emplace_back(static_cast<uint32_t>(n - i), static_cast<uint32_t>(m - j));
      --i;
      --j;
      --length;
    } else if (Length(i - 1, j) == length) {
      --i;
    } else {
      --j;
    }
  }
  return matches_;
}

LcsMatches LcsByTable(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  const size_t n = a.size(), m = b.size(), w = m + 1;
  // dp[i][j]: LCS length of a[i..) and b[j..).
  std::vector<uint32_t> dp((n + 1) * w, 0);
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      dp[i * w + j] = a[i] == b[j] ? dp[(i + 1) * w + j + 1] + 1
                                   : std::max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
    }
  }
  LcsMatches out;
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (a[i] == b[j]) {
      out.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
      ++i;
      ++j;
    } else if (dp[(i + 1) * w + j] == dp[i * w + j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

}  // namespace neardup
