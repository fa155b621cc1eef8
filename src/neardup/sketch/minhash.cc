// MinHash signatures (see minhash.h): parameter setup, densification, dispatch to the kernels.
#include "neardup/sketch/minhash.h"

#include <algorithm>
#include <array>
#include <utility>

#include "neardup/base/random.h"
#include "neardup/sketch/minhash_kernel.h"

namespace neardup {
namespace {

using internal::Fmix64;

constexpr int kMaxPerm = 4096;
// Length of each slot's precomputed densification list. Longer lists cost memory (2 bytes each)
// but make the exact fallback rarer; it only runs when fewer than ~k/32 slots are filled.
constexpr size_t kDensifyList = 32;
// With at most this many filled slots, densification scans them directly instead of walking lists.
constexpr size_t kDirectScan = 8;

// Rank of slot j in empty slot i's densification order (lower wins).
inline uint64_t DensifyPriority(uint64_t key, size_t i, size_t j) {
  return Fmix64(((static_cast<uint64_t>(i) << 32) | j) ^ key);
}

inline bool TestBit(const uint64_t* bits, size_t i) { return (bits[i >> 6] >> (i & 63)) & 1; }

}  // namespace

MinHasher::MinHasher(int num_perm, uint64_t seed, SketchScheme scheme)
    : num_perm_(std::clamp(num_perm, 1, kMaxPerm)), seed_(seed), scheme_(scheme) {
  const size_t k = static_cast<size_t>(num_perm_);
  if (scheme_ == SketchScheme::kIndependent) {
    uint64_t state = seed_;
    a_.resize(k);
    b_.resize(k);
    for (size_t i = 0; i < k; ++i) {
      a_[i] = SplitMix64(&state) | 1;
      b_[i] = SplitMix64(&state);
    }
    return;
  }
  uint64_t state = seed_ ^ 0x6f6e655f7065726dULL;  // "one_perm": keys differ from kIndependent's
  mix_key_ = SplitMix64(&state);
  densify_key_ = SplitMix64(&state);
  densify_len_ = std::min(kDensifyList, k - 1);
  densify_order_.resize(k * densify_len_);
  std::vector<std::pair<uint64_t, uint16_t>> ranked;
  ranked.reserve(k);
  for (size_t i = 0; i < k; ++i) {
    ranked.clear();
    for (size_t j = 0; j < k; ++j) {
      if (j != i) {
        ranked.emplace_back(DensifyPriority(densify_key_, i, j), static_cast<uint16_t>(j));
      }
    }
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(densify_len_),
                      ranked.end());
    for (size_t t = 0; t < densify_len_; ++t) {
      densify_order_[i * densify_len_ + t] = ranked[t].second;
    }
  }
}

void MinHasher::Densify(const uint64_t* occupied, size_t filled, uint32_t* sig) const {
  const size_t k = static_cast<size_t>(num_perm_);
  if (filled == 0 || filled == k) return;
  // Filled slots, collected only when needed (few filled slots, or a list ran out).
  std::array<uint16_t, kMaxPerm> filled_slots;
  size_t num_filled = 0;
  auto collect = [&] {
    if (num_filled != 0) return;
    for (size_t j = 0; j < k; ++j) {
      if (TestBit(occupied, j)) filled_slots[num_filled++] = static_cast<uint16_t>(j);
    }
  };
  // Exact rule: the filled slot with the lowest priority for i (ties to the smaller j).
  auto scan = [&](size_t i) {
    collect();
    size_t best = filled_slots[0];
    uint64_t best_p = DensifyPriority(densify_key_, i, best);
    for (size_t t = 1; t < num_filled; ++t) {
      const uint64_t p = DensifyPriority(densify_key_, i, filled_slots[t]);
      if (p < best_p) {
        best_p = p;
        best = filled_slots[t];
      }
    }
    return best;
  };
  const bool direct = filled <= kDirectScan;
  for (size_t i = 0; i < k; ++i) {
    if (TestBit(occupied, i)) continue;
    size_t src = k;
    if (!direct) {
      const uint16_t* order = &densify_order_[i * densify_len_];
      for (size_t t = 0; t < densify_len_; ++t) {
        if (TestBit(occupied, order[t])) {
          src = order[t];
          break;
        }
      }
    }
    if (src == k) src = scan(i);
    sig[i] = sig[src];  // src is filled, so its value is an original minimum, never a copy.
  }
}

void MinHasher::SketchScalar(std::span<const uint32_t> shingles, uint32_t* sig) const {
  const size_t k = static_cast<size_t>(num_perm_);
  if (scheme_ == SketchScheme::kIndependent) {
    internal::IndependentScalar(shingles.data(), shingles.size(), a_.data(), b_.data(), k, sig);
    return;
  }
  std::array<uint64_t, kMaxPerm / 64> occupied;
  const size_t filled = internal::OnePermBinsScalar(shingles.data(), shingles.size(), mix_key_, k,
                                                    sig, occupied.data());
  Densify(occupied.data(), filled, sig);
}

void MinHasher::Sketch(std::span<const uint32_t> shingles, uint32_t* sig) const {
  const size_t k = static_cast<size_t>(num_perm_);
  if (scheme_ == SketchScheme::kIndependent) {
    internal::IndependentDispatch(shingles.data(), shingles.size(), a_.data(), b_.data(), k, sig);
    return;
  }
  std::array<uint64_t, kMaxPerm / 64> occupied;
  const size_t filled = internal::OnePermBinsDispatch(shingles.data(), shingles.size(), mix_key_, k,
                                                      sig, occupied.data());
  Densify(occupied.data(), filled, sig);
}

double EstimateJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  if (a.empty()) return 0.0;
  size_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += static_cast<size_t>(a[i] == b[i]);
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

}  // namespace neardup
