// LSH and verification benchmarks: band keys + batch insert, candidate generation, exact Jaccard.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "neardup/sketch/lsh.h"
#include "neardup/verify/jaccard.h"

namespace neardup {
namespace {

constexpr LshParams kParams{25, 5};  // OptimalLshParams(0.5, 128)

// `items` signatures of 128 slots; every 10th item copies the previous one's first 60 slots, so
// candidate generation has real pairs to emit. Determined by (items, seed).
std::vector<uint32_t> Signatures(size_t items, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint32_t> sigs(items * 128);
  for (size_t i = 0; i < items; ++i) {
    for (size_t j = 0; j < 128; ++j) {
      sigs[i * 128 + j] =
          (i % 10 == 9 && j < 60) ? sigs[(i - 1) * 128 + j] : static_cast<uint32_t>(rng());
    }
  }
  return sigs;
}

// BandKeys + LshBatchIndex::Add per item.
void BM_LshInsert(benchmark::State& state) {
  const auto items = static_cast<size_t>(state.range(0));
  const std::vector<uint32_t> sigs = Signatures(items, 1);
  std::vector<uint32_t> keys(static_cast<size_t>(kParams.bands));
  for (auto _ : state) {
    LshBatchIndex index(kParams);
    for (size_t i = 0; i < items; ++i) {
      BandKeys(&sigs[i * 128], kParams, keys.data());
      index.Add(keys.data());
    }
    benchmark::DoNotOptimize(index.size());
  }
  state.SetItemsProcessed(static_cast<int64_t>(items) * state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(items * 128 * sizeof(uint32_t)) *
                          state.iterations());
}
BENCHMARK(BM_LshInsert)->ArgName("items")->Arg(1000)->Arg(100000);

void BM_LshCandidatePairs(benchmark::State& state) {
  const auto items = static_cast<size_t>(state.range(0));
  const std::vector<uint32_t> sigs = Signatures(items, 2);
  LshBatchIndex index(kParams);
  std::vector<uint32_t> keys(static_cast<size_t>(kParams.bands));
  for (size_t i = 0; i < items; ++i) {
    BandKeys(&sigs[i * 128], kParams, keys.data());
    index.Add(keys.data());
  }
  size_t pairs = 0;
  for (auto _ : state) {
    const auto out = index.CandidatePairs();
    pairs = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.SetItemsProcessed(static_cast<int64_t>(items) * state.iterations());
}
BENCHMARK(BM_LshCandidatePairs)
    ->ArgName("items")
    ->Arg(1000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond);

void BM_OptimalLshParams(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(OptimalLshParams(0.5, k));
}
BENCHMARK(BM_OptimalLshParams)->ArgName("perms")->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);

// Exact Jaccard of two sorted sets of `n` ids with half in common: the verify step per pair.
void BM_ExactJaccard(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  std::mt19937_64 rng(n);
  std::vector<uint32_t> a(n), b(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = static_cast<uint32_t>(rng());
    b[i] = i % 2 == 0 ? a[i] : static_cast<uint32_t>(rng());
  }
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  for (auto _ : state) benchmark::DoNotOptimize(ExactJaccard(a, b));
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(2 * n * sizeof(uint32_t)) * state.iterations());
}
BENCHMARK(BM_ExactJaccard)->ArgName("ids")->Arg(10)->Arg(100)->Arg(1000);

}  // namespace
}  // namespace neardup
