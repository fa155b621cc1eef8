// MinHash benchmarks: pre-hashed words -> shingle ids -> signature, per scheme and SIMD target.
// Items are paragraphs; bytes are the paragraph's word hashes (8 bytes per word).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "neardup/sketch/minhash.h"
#include "neardup/sketch/minhash_kernel.h"
#include "neardup/text/shingler.h"

namespace neardup {
namespace {

constexpr size_t kParagraphs = 256;  // cycled, so inputs are not all hot in L1
constexpr int kNgram = 3;            // Options::ngram's default

enum class Kernel { kDispatch, kScalar };

void RunSketch(benchmark::State& state, SketchScheme scheme, Kernel kernel,
               bool scheme_is_default = false) {
  const size_t words = static_cast<size_t>(state.range(0));
  const int perms = static_cast<int>(state.range(1));
  const auto paragraphs = bench::WordHashParagraphs(kParagraphs, words, /*seed=*/words * 7 + 1);
  const MinHasher hasher = scheme_is_default ? MinHasher(perms, 42) : MinHasher(perms, 42, scheme);
  std::vector<uint32_t> ids;
  std::vector<uint32_t> sig(static_cast<size_t>(perms));
  size_t i = 0;
  for (auto _ : state) {
    const std::vector<uint64_t>& p = paragraphs[i++ % kParagraphs];
    ShingleIds(p, kNgram, 42, &ids);
    if (kernel == Kernel::kDispatch) {
      hasher.Sketch(ids, sig.data());
    } else {
      hasher.SketchScalar(ids, sig.data());
    }
    benchmark::DoNotOptimize(sig.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(
      static_cast<int64_t>(static_cast<size_t>(state.iterations()) * words * sizeof(uint64_t)));
}

// The project default: MinHasher's default scheme, dispatched kernel.
void BM_Sketch(benchmark::State& state) {
  RunSketch(state, {}, Kernel::kDispatch, /*scheme_is_default=*/true);
}
void BM_SketchScalar(benchmark::State& state) {
  RunSketch(state, {}, Kernel::kScalar, /*scheme_is_default=*/true);
}
void BM_SketchOnePerm(benchmark::State& state) {
  RunSketch(state, SketchScheme::kOnePermutation, Kernel::kDispatch);
}
void BM_SketchIndependent(benchmark::State& state) {
  RunSketch(state, SketchScheme::kIndependent, Kernel::kDispatch);
}
void BM_SketchIndependentScalar(benchmark::State& state) {
  RunSketch(state, SketchScheme::kIndependent, Kernel::kScalar);
}

// Shingling alone, to separate its cost from the sketch's.
void BM_ShingleIds(benchmark::State& state) {
  const size_t words = static_cast<size_t>(state.range(0));
  const auto paragraphs = bench::WordHashParagraphs(kParagraphs, words, words * 7 + 1);
  std::vector<uint32_t> ids;
  size_t i = 0;
  for (auto _ : state) {
    ShingleIds(paragraphs[i++ % kParagraphs], kNgram, 42, &ids);
    benchmark::DoNotOptimize(ids.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(
      static_cast<int64_t>(static_cast<size_t>(state.iterations()) * words * sizeof(uint64_t)));
}

// Arguments /WORDS/PERMS, unnamed so the names read BM_Sketch/100/128 as the issue and README
// quote them.
void SketchArgs(benchmark::internal::Benchmark* b) {
  for (int64_t words : {10, 100, 1000}) {
    for (int64_t perms : {64, 128, 256}) b->Args({words, perms});
  }
}

BENCHMARK(BM_Sketch)->Apply(SketchArgs);
BENCHMARK(BM_SketchScalar)->Apply(SketchArgs);
BENCHMARK(BM_SketchOnePerm)->Apply(SketchArgs);
BENCHMARK(BM_SketchIndependent)->Apply(SketchArgs);
BENCHMARK(BM_SketchIndependentScalar)->Apply(SketchArgs);
BENCHMARK(BM_ShingleIds)->ArgName("words")->Arg(10)->Arg(100)->Arg(1000);

// BM_SketchTarget_<TARGET>_<scheme>/<words>/<perms>: each Highway target this CPU supports.
int RegisterTargetBenchmarks() {
  for (const internal::KernelTarget& t : internal::AvailableKernelTargets()) {
    for (SketchScheme scheme : {SketchScheme::kOnePermutation, SketchScheme::kIndependent}) {
      const std::string name = "BM_SketchTarget_" + t.name +
                               (scheme == SketchScheme::kIndependent ? "_Independent" : "_OnePerm");
      const int64_t bits = t.bits;
      benchmark::RegisterBenchmark(name.c_str(),
                                   [bits, scheme](benchmark::State& state) {
                                     internal::ForceKernelTarget(bits);
                                     RunSketch(state, scheme, Kernel::kDispatch);
                                     internal::ForceKernelTarget(0);
                                   })
          ->ArgNames({"words", "perms"})
          ->Args({100, 128});
    }
  }
  return 0;
}
const int kRegistered = RegisterTargetBenchmarks();

}  // namespace
}  // namespace neardup
