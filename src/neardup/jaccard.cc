// Exact Jaccard of sorted shingle-id sets (see jaccard.h). Pure functions.
#include "neardup/jaccard.h"

namespace neardup {

size_t IntersectionSize(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  const uint32_t* pa = a.data();
  const uint32_t* pb = b.data();
  const uint32_t* const ea = pa + a.size();
  const uint32_t* const eb = pb + b.size();
  size_t count = 0;
  // Branch-light merge: both cursors advance by comparison results, not by unpredictable branches.
  while (pa != ea && pb != eb) {
    const uint32_t x = *pa;
    const uint32_t y = *pb;
    count += static_cast<size_t>(x == y);
    pa += x <= y;
    pb += y <= x;
  }
  return count;
}

double ExactJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  if (a.empty() && b.empty()) return 1.0;
  const size_t inter = IntersectionSize(a, b);
  const size_t uni = a.size() + b.size() - inter;
  return static_cast<double>(inter) / static_cast<double>(uni);
}

}  // namespace neardup
