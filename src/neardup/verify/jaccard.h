// Exact set similarity of sorted shingle-id sets: the verifier and the reference for estimates.
// Thread-safety: pure functions.
#ifndef NEARDUP_JACCARD_H_
#define NEARDUP_JACCARD_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace neardup {

// Size of the intersection of two ascending, duplicate-free sequences. O(|a| + |b|).
size_t IntersectionSize(std::span<const uint32_t> a, std::span<const uint32_t> b);

// |a ∩ b| / |a ∪ b| for ascending, duplicate-free a, b; 1.0 when both are empty.
double ExactJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

// Every pair (i, j), i < j, of sets (sorted ids) sharing at least one id, sorted: the exact
// reference's candidates. Cost: sum over ids of (sets holding it)^2.
std::vector<std::pair<uint32_t, uint32_t>> PairsSharingFeature(
    const std::vector<std::span<const uint32_t>>& sets);

}  // namespace neardup

#endif  // NEARDUP_JACCARD_H_
