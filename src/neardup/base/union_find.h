// UnionFind: disjoint sets over 0..n-1 with path halving and union by size. Thread-compatible.
#ifndef NEARDUP_UNION_FIND_H_
#define NEARDUP_UNION_FIND_H_

#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace neardup {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), uint32_t{0});
  }
  // The set's root. Amortized near O(1).
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // Merges the sets of a and b; returns false when they were already one set.
  bool Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return true;
  }
  size_t SetSize(uint32_t x) { return size_[Find(x)]; }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

}  // namespace neardup

#endif  // NEARDUP_UNION_FIND_H_
