// Exact Jaccard of sorted shingle-id sets (see jaccard.h). Pure functions.
#include "neardup/verify/jaccard.h"

#include <algorithm>
#include <limits>

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

std::vector<std::pair<uint32_t, uint32_t>> PairsSharingFeature(
    const std::vector<std::span<const uint32_t>>& sets) {
  std::vector<std::pair<uint32_t, uint32_t>> postings;  // (id, set)
  for (uint32_t g = 0; g < sets.size(); ++g) {
    for (uint32_t sh : sets[g]) postings.emplace_back(sh, g);
  }
  std::sort(postings.begin(), postings.end());
  std::vector<std::pair<uint32_t, uint32_t>> out;
  std::vector<uint32_t> mark(sets.size(), std::numeric_limits<uint32_t>::max());
  // Index: for each group, the runs it belongs to.
  std::vector<std::pair<uint32_t, size_t>> member_runs;  // (group, run start)
  for (size_t i = 0; i < postings.size();) {
    size_t j = i;
    while (j < postings.size() && postings[j].first == postings[i].first) ++j;
    for (size_t k = i; k < j; ++k) member_runs.emplace_back(postings[k].second, i);
    i = j;
  }
  std::sort(member_runs.begin(), member_runs.end());
  for (size_t m = 0; m < member_runs.size();) {
    const uint32_t g = member_runs[m].first;
    for (; m < member_runs.size() && member_runs[m].first == g; ++m) {
      const size_t run = member_runs[m].second;
      for (size_t k = run; k < postings.size() && postings[k].first == postings[run].first; ++k) {
        const uint32_t h = postings[k].second;
        if (h > g && mark[h] != g) {
          mark[h] = g;
          out.emplace_back(g, h);
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace neardup
