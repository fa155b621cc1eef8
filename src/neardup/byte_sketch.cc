// ApplyCandidateBudget: per-item histograms of weak agreements → cut per item → filter.

#include "neardup/byte_sketch.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>

namespace neardup {

void ApplyCandidateBudget(std::vector<std::pair<uint32_t, uint32_t>>* candidates,
                          std::span<const uint8_t> sketches, size_t items,
                          const CandidateBudget& budget, int threads) {
  if (budget.strong <= kMinByteAgreement || candidates->empty()) return;
  const size_t levels = budget.strong - kMinByteAgreement;  // weak agreements, lowest first
  std::vector<std::pair<uint32_t, uint32_t>>& pairs = *candidates;
  const size_t n = pairs.size();
  std::vector<uint8_t> agreement(n);
  std::vector<uint32_t> count(items * levels, 0);  // per item, weak candidates per level
  tbb::task_arena arena(std::max(1, threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 4096),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i < r.end(); ++i) {
                          const auto [a, b] = pairs[i];
                          const uint32_t agree =
                              ByteSketchAgreement(sketches.data() + size_t{a} * kByteSketchSize,
                                                  sketches.data() + size_t{b} * kByteSketchSize);
                          agreement[i] = static_cast<uint8_t>(agree);
                          if (agree >= budget.strong || agree < kMinByteAgreement) continue;
                          const size_t level = agree - kMinByteAgreement;
                          std::atomic_ref<uint32_t>(count[a * levels + level])
                              .fetch_add(1, std::memory_order_relaxed);
                          std::atomic_ref<uint32_t>(count[b * levels + level])
                              .fetch_add(1, std::memory_order_relaxed);
                        }
                      });
  });
  // Each item's cut: the lowest agreement whose candidates, with all stronger weak ones, still
  // fit in per_item (strong when even the strongest weak level does not fit).
  std::vector<uint8_t> cut(items);
  for (size_t item = 0; item < items; ++item) {
    const uint32_t* c = count.data() + item * levels;
    size_t kept = 0;
    size_t level = levels;
    while (level > 0 && kept + c[level - 1] <= budget.per_item) kept += c[--level];
    cut[item] = static_cast<uint8_t>(kMinByteAgreement + level);
  }
  size_t out = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto [a, b] = pairs[i];
    if (agreement[i] >= cut[a] || agreement[i] >= cut[b]) pairs[out++] = pairs[i];
  }
  pairs.resize(out);
}

}  // namespace neardup
