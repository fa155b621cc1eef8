// SumShared (four ids of each list at a time) against its scalar reference, SumSharedScalar
// (verify/weighted_overlap.h), on pairs of random ascending id lists: a paragraph's stems (40)
// and a document's (400), sharing about half of their ids.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

struct Lists {
  std::vector<std::vector<uint32_t>> x, y;
  std::vector<float> idf;
};

// 1000 pairs of lists of `n` ids from a range of 3n (each shares about a third of the other).
const Lists& MakeLists(size_t n) {
  static std::vector<std::pair<size_t, Lists>> made;
  for (const auto& [size, lists] : made) {
    if (size == n) return lists;
  }
  std::mt19937_64 rng(n);
  Lists l;
  l.idf.resize(3 * n);
  for (float& w : l.idf) w = static_cast<float>(rng() % 1000) / 100.0f;
  auto draw = [&] {
    std::set<uint32_t> ids;
    while (ids.size() < n) ids.insert(static_cast<uint32_t>(rng() % (3 * n)));
    return std::vector<uint32_t>(ids.begin(), ids.end());
  };
  for (int k = 0; k < 1000; ++k) l.x.push_back(draw()), l.y.push_back(draw());
  made.emplace_back(n, std::move(l));
  return made.back().second;
}

void SharedIdsBench(benchmark::State& state, bool blocks) {
  const Lists& l = MakeLists(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    for (size_t k = 0; k < l.x.size(); ++k) {
      benchmark::DoNotOptimize(blocks ? SumShared(l.x[k], l.y[k], l.idf.data())
                                      : SumSharedScalar(l.x[k], l.y[k], l.idf.data()));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(l.x.size()));
}
void BM_SumSharedScalar(benchmark::State& state) { SharedIdsBench(state, false); }
void BM_SumShared(benchmark::State& state) { SharedIdsBench(state, true); }

void ListSizes(benchmark::internal::Benchmark* b) {
  b->ArgName("ids")->Arg(40)->Arg(400)->Unit(benchmark::kMicrosecond);
}
BENCHMARK(BM_SumSharedScalar)->Apply(ListSizes);
BENCHMARK(BM_SumShared)->Apply(ListSizes);

}  // namespace
}  // namespace neardup
