// SortedUniquePairs: a counting sort of pair entries by their first item (pair_lists.h).
#include "neardup/base/pair_lists.h"

#include <algorithm>

namespace neardup {

std::vector<std::pair<uint32_t, uint32_t>> SortedUniquePairs(std::vector<uint64_t>* pairs,
                                                             size_t items) {
  std::vector<uint64_t> start(items + 1, 0);
  for (const uint64_t e : *pairs) ++start[(e >> 32) + 1];
  for (size_t a = 0; a < items; ++a) start[a + 1] += start[a];
  std::vector<uint32_t> second(pairs->size());
  {
    std::vector<uint64_t> next(start.begin(), start.end() - 1);
    for (const uint64_t e : *pairs) second[next[e >> 32]++] = static_cast<uint32_t>(e);
  }
  std::vector<uint64_t>().swap(*pairs);
  std::vector<std::pair<uint32_t, uint32_t>> out;
  out.reserve(second.size());
  for (size_t a = 0; a < items; ++a) {
    uint32_t* b = second.data() + start[a];
    uint32_t* e = second.data() + start[a + 1];
    std::sort(b, e);
    e = std::unique(b, e);
    for (; b != e; ++b) out.emplace_back(static_cast<uint32_t>(a), *b);
  }
  return out;
}

}  // namespace neardup
