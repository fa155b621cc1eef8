// Benchmarks of the reworded scorer's pair features: the scalar reference (pair_features.h)
// against UnitProfiles (unit_profile.h), which must give the same values (tests/unit_profile_test).
// Units are paragraphs of content stems from a Zipf-like vocabulary, half of them edited copies
// of another unit (a word in 5 substituted, dropped or inserted), with a synonym table that gives
// half the vocabulary a few synsets (as WordNet does the words of news text).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "neardup/verify/local_alignment.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/unit_profile.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup::bench {
namespace {

struct FeatureCorpus {
  std::vector<std::vector<uint32_t>> stems, sets;
  std::vector<std::vector<uint8_t>> kinds;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // (copy's source, copy) and unrelated
  WeightedSets weighted;
  SynonymTable synonyms;
};

// `units` units of about `words` content words; deterministic for (units, words, seed).
const FeatureCorpus& Corpus(size_t units, size_t words, uint64_t seed) {
  static std::vector<std::pair<std::vector<uint64_t>, std::unique_ptr<FeatureCorpus>>> cache;
  const std::vector<uint64_t> key{units, words, seed};
  for (const auto& [k, c] : cache) {
    if (k == key) return *c;
  }
  auto c = std::make_unique<FeatureCorpus>();
  std::mt19937_64 rng(seed);
  constexpr uint64_t kVocab = 20000;
  auto word_of = [](uint64_t rank) { return "w" + std::to_string(rank); };
  auto draw = [&] {
    const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    return std::min<uint64_t>(kVocab - 1, static_cast<uint64_t>(std::pow(kVocab, u)) - 1);
  };
  for (uint64_t r = 0; r < kVocab; r += 2) {
    for (uint64_t q = rng() % 4; q > 0; --q) {
      c->synonyms.Add(word_of(r), static_cast<uint32_t>(rng() % (kVocab / 2)), 0);
    }
  }
  c->synonyms.Seal();
  for (size_t u = 0; u < units; ++u) {
    std::vector<uint32_t> s;
    std::vector<uint8_t> k;
    if (u % 2 == 1) {
      const std::vector<uint32_t>& from = c->stems[u - 1];
      for (size_t i = 0; i < from.size(); ++i) {
        const uint64_t e = rng() % 15;
        if (e == 0) continue;
        if (e == 1) s.push_back(SynonymTable::StemIdOf(word_of(draw()), 0)), k.push_back(1);
        s.push_back(e == 2 ? SynonymTable::StemIdOf(word_of(draw()), 0) : from[i]);
        k.push_back(c->kinds[u - 1][i]);
      }
      c->pairs.emplace_back(u - 1, u);
    } else {
      const size_t n = words / 2 + rng() % words;
      for (size_t i = 0; i < n; ++i) {
        s.push_back(SynonymTable::StemIdOf(word_of(draw()), 0));
        k.push_back(static_cast<uint8_t>(rng() % 4));
      }
      if (u >= 2) c->pairs.emplace_back(u - 2, u);
    }
    std::vector<uint32_t> set = s;
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    c->stems.push_back(std::move(s));
    c->kinds.push_back(std::move(k));
    c->sets.push_back(std::move(set));
  }
  std::vector<std::span<const uint32_t>> spans(c->sets.begin(), c->sets.end());
  c->weighted.Build(spans);
  std::vector<uint64_t> offsets{0};
  std::vector<uint32_t> ids;
  for (const auto& s : c->stems)
    ids.insert(ids.end(), s.begin(), s.end()), offsets.push_back(ids.size());
  c->weighted.SetSequences(offsets, ids);
  cache.emplace_back(key, std::move(c));
  return *cache.back().second;
}

UnitWords WordsOf(const FeatureCorpus& c, uint32_t i) { return UnitWords{c.stems[i], c.kinds[i]}; }

// Every feature of every pair, the reference way.
void BM_PairFeaturesReference(benchmark::State& state) {
  const FeatureCorpus& c = Corpus(2000, static_cast<size_t>(state.range(0)), 1);
  for (auto _ : state) {
    for (const auto& [a, b] : c.pairs) {
      benchmark::DoNotOptimize(
          ComputePairFeatures(c.weighted, WordsOf(c, a), WordsOf(c, b), &c.synonyms));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.pairs.size()));
}

// The same from unit profiles (built once, outside the loop, as the verifier does); `prune`:
// the window's local alignment over the cells that can reach the best (the verifier's), or over
// every cell (UnitProfiles::set_prune_windows(false)).
void PairFeaturesProfiled(benchmark::State& state, bool prune) {
  const FeatureCorpus& c = Corpus(2000, static_cast<size_t>(state.range(0)), 1);
  UnitProfiles p;
  p.Build(&c.weighted, &c.synonyms, c.stems.size(), [&](uint32_t i) { return WordsOf(c, i); });
  p.set_prune_windows(prune);
  for (auto _ : state) {
    for (const auto& [a, b] : c.pairs) {
      PairTotals t;
      PairFeatureVector f = p.SetFeatures(a, b, WordsOf(c, a), WordsOf(c, b), &t);
      p.AddSequenceFeatures(a, b, WordsOf(c, a), WordsOf(c, b), t, &f);
      benchmark::DoNotOptimize(f);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.pairs.size()));
}
void BM_PairFeaturesProfiled(benchmark::State& state) { PairFeaturesProfiled(state, true); }
void BM_PairFeaturesProfiledFullWindow(benchmark::State& state) {
  PairFeaturesProfiled(state, false);
}

// The set features only (what a pair the bound rejects costs), both ways.
void BM_SetFeaturesReference(benchmark::State& state) {
  const FeatureCorpus& c = Corpus(2000, static_cast<size_t>(state.range(0)), 1);
  for (auto _ : state) {
    for (const auto& [a, b] : c.pairs) {
      PairTotals t;
      benchmark::DoNotOptimize(
          ComputeSetFeatures(c.weighted, WordsOf(c, a), WordsOf(c, b), &c.synonyms, &t));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.pairs.size()));
}

void BM_SetFeaturesProfiled(benchmark::State& state) {
  const FeatureCorpus& c = Corpus(2000, static_cast<size_t>(state.range(0)), 1);
  UnitProfiles p;
  p.Build(&c.weighted, &c.synonyms, c.stems.size(), [&](uint32_t i) { return WordsOf(c, i); });
  for (auto _ : state) {
    for (const auto& [a, b] : c.pairs) {
      PairTotals t;
      benchmark::DoNotOptimize(p.SetFeatures(a, b, WordsOf(c, a), WordsOf(c, b), &t));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.pairs.size()));
}

// The best local alignment of each pair (BestAlignedWindow, as the clause level calls it): the
// scalar reference, LocalAligner over every cell, and LocalAligner pruned (BestAlignedWindow).
void AlignedWindows(benchmark::State& state, int how) {
  const FeatureCorpus& c = Corpus(2000, static_cast<size_t>(state.range(0)), 1);
  LocalAligner aligner;
  std::vector<double> ix, iy;
  for (auto _ : state) {
    for (const auto& [a, b] : c.pairs) {
      if (how == 0) {
        benchmark::DoNotOptimize(ScalarAlignedWindow(c.weighted, c.stems[a], c.stems[b]));
      } else if (how == 1) {
        ix.clear(), iy.clear();
        for (const uint32_t x : c.stems[a]) ix.push_back(c.weighted.IdfOf(x));
        for (const uint32_t y : c.stems[b]) iy.push_back(c.weighted.IdfOf(y));
        aligner.SetFirst(c.stems[a]);
        benchmark::DoNotOptimize(aligner.Align(c.stems[a], c.stems[b], ix, iy, false));
      } else {
        benchmark::DoNotOptimize(BestAlignedWindow(c.weighted, c.stems[a], c.stems[b]));
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.pairs.size()));
}
void BM_AlignedWindowScalar(benchmark::State& state) { AlignedWindows(state, 0); }
void BM_AlignedWindowFullTable(benchmark::State& state) { AlignedWindows(state, 1); }
void BM_AlignedWindowPruned(benchmark::State& state) { AlignedWindows(state, 2); }

// The unit lengths (words) every benchmark below runs at: windows over short sentences to
// paragraphs, features at a sentence and a paragraph.
void WindowSizes(benchmark::internal::Benchmark* b) {
  b->ArgName("words")->Arg(8)->Arg(16)->Arg(30)->Arg(60)->Unit(benchmark::kMicrosecond);
}
void UnitSizes(benchmark::internal::Benchmark* b) {
  b->ArgName("words")->Arg(20)->Arg(60)->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_AlignedWindowScalar)->Apply(WindowSizes);
BENCHMARK(BM_AlignedWindowFullTable)->Apply(WindowSizes);
BENCHMARK(BM_AlignedWindowPruned)->Apply(WindowSizes);

BENCHMARK(BM_PairFeaturesReference)->Apply(UnitSizes);
BENCHMARK(BM_PairFeaturesProfiled)->Apply(UnitSizes);
BENCHMARK(BM_PairFeaturesProfiledFullWindow)->Apply(UnitSizes);
BENCHMARK(BM_SetFeaturesReference)->Apply(UnitSizes);
BENCHMARK(BM_SetFeaturesProfiled)->Apply(UnitSizes);

}  // namespace
}  // namespace neardup::bench
