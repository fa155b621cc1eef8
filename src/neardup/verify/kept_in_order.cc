// KeptInOrder (kept_in_order.h).

#include "neardup/verify/kept_in_order.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

#include "neardup/base/memory.h"

namespace neardup {

std::vector<std::pair<uint32_t, WeightedOverlap>> KeptInOrder(
    size_t count, int threads, const std::function<bool(size_t, WeightedOverlap*)>& judge,
    WorkMeter* meter) {
  // Each range's kept calls in order, tagged with where the range begins: put together in range
  // order, no sort of the (large) results is needed.
  struct Chunk {
    size_t begin = 0;
    std::vector<std::pair<uint32_t, WeightedOverlap>> kept;
  };
  tbb::enumerable_thread_specific<std::vector<Chunk>> chunks;
  tbb::task_arena arena(std::max(1, threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, count, 1024),
                      [&](const tbb::blocked_range<size_t>& r) {
                        Chunk chunk{r.begin(), {}};
                        WeightedOverlap o;
                        for (size_t i = r.begin(); i < r.end(); ++i) {
                          if (judge(i, &o)) chunk.kept.emplace_back(static_cast<uint32_t>(i), o);
                        }
                        if (!chunk.kept.empty()) chunks.local().push_back(std::move(chunk));
                        if (meter != nullptr) meter->Add(r.size());
                      });
  });
  std::vector<Chunk*> ordered;
  size_t total = 0;
  for (auto& mine : chunks) {
    for (Chunk& c : mine) {
      ordered.push_back(&c);
      total += c.kept.size();
    }
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const Chunk* x, const Chunk* y) { return x->begin < y->begin; });
  std::vector<std::pair<uint32_t, WeightedOverlap>> out;
  out.reserve(total);
  // Each range's list is freed once copied, and the freed pages handed back to the system every
  // 32 MiB (glibc keeps them otherwise): the kept pairs are not held twice.
  size_t freed = 0;
  for (Chunk* c : ordered) {
    out.insert(out.end(), c->kept.begin(), c->kept.end());
    freed += c->kept.capacity() * sizeof(c->kept[0]);
    std::vector<std::pair<uint32_t, WeightedOverlap>>().swap(c->kept);
    if (freed >= (size_t{32} << 20)) {
      ReleaseFreedMemory();
      freed = 0;
    }
  }
  return out;
}

}  // namespace neardup
