// Lists of item pairs built on several threads: the per-thread lists joined into one, and
// (a << 32 | b) entries turned into sorted, duplicate-free pairs.
// Thread-safety: plain functions of their arguments.
#ifndef NEARDUP_PAIR_LISTS_H_
#define NEARDUP_PAIR_LISTS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace neardup {

// The per-thread lists `lists` (each reached through get) joined into one: the first list's
// buffer is reused and every other list is freed once copied, so the join needs at most one
// list's worth of memory on top of the result.
template <typename Lists, typename Get>
auto JoinLists(Lists& lists, Get get) {
  std::remove_reference_t<decltype(get(*lists.begin()))> out;
  for (auto& l : lists) {
    auto& list = get(l);
    if (out.empty()) {
      out.swap(list);
    } else {
      out.insert(out.end(), list.begin(), list.end());
    }
    std::remove_reference_t<decltype(list)>().swap(list);
  }
  return out;
}

// (a << 32 | b) entries with a < items → sorted, duplicate-free (a, b) pairs; *pairs is freed.
// A counting sort by a, then each a's few b values sorted: O(n + items), where a comparison sort
// of the entries was the largest single cost of candidate generation.
std::vector<std::pair<uint32_t, uint32_t>> SortedUniquePairs(std::vector<uint64_t>* pairs,
                                                             size_t items);

}  // namespace neardup

#endif  // NEARDUP_PAIR_LISTS_H_
