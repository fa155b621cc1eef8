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

// Reworded mode's screened join: items in topic families (a family's members share most band
// keys, so buckets hold many same-topic pairs), byte sketches agreeing on a random prefix (pairs
// from unrelated to near-identical), the paragraph budget, one item in 8 flagged with a keep that
// accepts all: the per-pair work of BandPairs (screen, keep, budget, first-shared-band check).
void BM_LshScreenedCandidatePairs(benchmark::State& state) {
  const auto items = static_cast<size_t>(state.range(0));
  constexpr size_t kBands = 42;
  std::mt19937_64 rng(7);
  const uint32_t families = static_cast<uint32_t>(std::max<size_t>(1, items / 40));
  std::vector<uint32_t> keys(items * kBands);
  std::vector<uint8_t> sketches(items * kByteSketchSize);
  std::vector<char> flagged(items, 0);
  for (size_t i = 0; i < items; ++i) {
    const auto family = static_cast<uint32_t>(rng() % families);
    for (size_t band = 0; band < kBands; ++band) {
      keys[i * kBands + band] =
          rng() % 3 == 0 ? static_cast<uint32_t>(rng()) : family * 64 + static_cast<uint32_t>(band);
    }
    const size_t shared = rng() % kByteSketchSize;
    for (size_t k = 0; k < kByteSketchSize; ++k) {
      sketches[i * kByteSketchSize + k] =
          k < shared ? static_cast<uint8_t>(family + k) : static_cast<uint8_t>(rng());
    }
    flagged[i] = i % 8 == 0 ? 1 : 0;
  }
  const LshBatchIndex index({static_cast<int>(kBands), 3}, keys);
  auto keep = [](uint32_t, uint32_t) { return true; };
  size_t pairs = 0;
  for (auto _ : state) {
    const auto out =
        index.CandidatePairs({sketches, kMinByteAgreement, kParagraphBudget, flagged}, keep);
    pairs = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.SetItemsProcessed(static_cast<int64_t>(items) * state.iterations());
}
BENCHMARK(BM_LshScreenedCandidatePairs)
    ->ArgName("items")
    ->Arg(10000)
    ->Arg(50000)
    ->Arg(400000)
    ->MeasureProcessCPUTime()
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
