// Tests for LSH banding: parameter choice against datasketch's values, golden band keys, the batch
// index's pairs, and the candidate rate of sketched set pairs against 1 - (1 - s^r)^b.
#include "neardup/sketch/lsh.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <random>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "neardup/sketch/minhash.h"
#include "neardup/verify/jaccard.h"

namespace neardup {
namespace {

using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;

TEST(LshTest, CandidateProbability) {
  EXPECT_DOUBLE_EQ(CandidateProbability(1.0, {25, 5}), 1.0);
  EXPECT_DOUBLE_EQ(CandidateProbability(0.0, {25, 5}), 0.0);
  EXPECT_NEAR(CandidateProbability(0.5, {25, 5}), 1 - std::pow(1 - 1.0 / 32, 25), 1e-12);
}

// Expected values computed with datasketch's _optimal_param formula (fp/fn weights 0.5, b outer,
// r inner, first minimum wins) and a 2000-point-per-interval integral in Python; (0.5, 128) ->
// (25, 5) and (0.8, 128) -> (9, 13) are datasketch MinHashLSH's well-known choices.
TEST(LshTest, OptimalParamsMatchDatasketch) {
  struct Case {
    double threshold;
    int num_perm;
    int bands, rows;
  };
  const Case cases[] = {
      {0.5, 128, 25, 5}, {0.8, 128, 9, 13}, {0.7, 128, 14, 9}, {0.5, 64, 14, 4}, {0.9, 256, 9, 28}};
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "threshold=" << c.threshold << " num_perm=" << c.num_perm);
    const LshParams p = OptimalLshParams(c.threshold, c.num_perm);
    EXPECT_EQ(p.bands, c.bands);
    EXPECT_EQ(p.rows, c.rows);
  }
}

TEST(LshTest, OptimalParamsFitNumPerm) {
  for (int k : {1, 2, 16, 100, 256}) {
    for (double t : {0.1, 0.5, 0.95, 1.0}) {
      const LshParams p = OptimalLshParams(t, k);
      EXPECT_GE(p.bands, 1);
      EXPECT_GE(p.rows, 1);
      EXPECT_LE(p.bands * p.rows, k);
    }
  }
}

TEST(LshTest, GoldenBandKeys) {
  const uint32_t sig[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  uint32_t keys[4];
  BandKeys(sig, {4, 2}, keys);
  EXPECT_EQ(keys[0], 0x892d5450u);
  EXPECT_EQ(keys[1], 0x19795f16u);
  EXPECT_EQ(keys[2], 0x5ac3ce64u);
  EXPECT_EQ(keys[3], 0x8c579f85u);
  // Equal slot values in different bands give different keys (the band index seeds the hash).
  const uint32_t same[4] = {9, 9, 9, 9};
  uint32_t k2[2];
  BandKeys(same, {2, 2}, k2);
  EXPECT_NE(k2[0], k2[1]);
}

TEST(LshTest, CandidatePairsGroupsSharedKeys) {
  LshBatchIndex index({2, 1});
  const uint32_t keys[][2] = {{1, 10}, {2, 20}, {1, 30}, {3, 20}, {4, 40}, {1, 30}};
  for (uint32_t i = 0; i < 6; ++i) EXPECT_EQ(index.Add(keys[i]), i);
  EXPECT_EQ(index.size(), 6u);
  // Band 0: {0, 2, 5} share 1. Band 1: {1, 3} share 20, {2, 5} share 30 (already a pair).
  EXPECT_EQ(index.CandidatePairs(), (Pairs{{0, 2}, {0, 5}, {1, 3}, {2, 5}}));
  size_t skipped = 99;
  EXPECT_EQ(index.CandidatePairs(/*max_bucket=*/2, &skipped), (Pairs{{1, 3}, {2, 5}}));
  EXPECT_EQ(skipped, 1u);
  EXPECT_TRUE(LshBatchIndex({3, 4}).CandidatePairs().empty());
}

// Against brute force, with uniform hash keys (the bucketed sort) and with small, non-uniform keys
// (its std::sort fallback), both with many shared keys, and with buckets over max_bucket left out
// (a pair whose first shared bucket is oversized still comes from a later one it shares).
TEST(LshTest, CandidatePairsMatchBruteForce) {
  std::mt19937_64 rng(8);
  // The second shape crosses OversizedKeys' chunks of 8 bands (the last one narrower) and the
  // 4096 items past which each band's buckets are examined in 256 ranges.
  for (const auto& [uniform, kItems, kBands] :
       {std::tuple{true, size_t{2000}, size_t{3}}, std::tuple{false, size_t{2000}, size_t{3}},
        std::tuple{true, size_t{5000}, size_t{20}}}) {
    SCOPED_TRACE(uniform ? "uniform keys" : "small keys");
    SCOPED_TRACE(kBands);
    std::vector<uint32_t> keys(kItems * kBands);
    for (uint32_t& k : keys) {
      const uint64_t r = rng() % 400;  // ~ five items per key and band; many pairs share two
      k = uniform ? static_cast<uint32_t>(r * 0x9E3779B97F4A7C15ULL >> 32)
                  : static_cast<uint32_t>(r);
    }
    const LshBatchIndex index({static_cast<int>(kBands), 1}, keys);
    std::map<std::pair<size_t, uint32_t>, size_t> bucket_size;  // (band, key) -> items
    for (size_t i = 0; i < kItems * kBands; ++i) ++bucket_size[{i % kBands, keys[i]}];
    for (const size_t max_bucket : {size_t{5000}, size_t{6}, size_t{4}}) {
      SCOPED_TRACE(max_bucket);
      Pairs want;
      size_t want_skipped = 0;
      for (const auto& [bucket, n] : bucket_size) want_skipped += n > max_bucket ? 1 : 0;
      for (uint32_t a = 0; a < kItems; ++a) {
        for (uint32_t b = a + 1; b < kItems; ++b) {
          for (size_t band = 0; band < kBands; ++band) {
            const uint32_t key = keys[a * kBands + band];
            if (key == keys[b * kBands + band] && bucket_size[{band, key}] <= max_bucket) {
              want.emplace_back(a, b);
              break;
            }
          }
        }
      }
      size_t skipped = 0;
      EXPECT_EQ(index.CandidatePairs(max_bucket, &skipped), want);
      EXPECT_EQ(skipped, want_skipped);
      if (max_bucket < 5000) {
        EXPECT_GT(want_skipped, 0u);
      }
    }
  }
}

// The keep predicate gives exactly the plain pairs filtered by it, and buckets over max_bucket
// give none either way.
TEST(LshTest, KeptPairsAreFilteredPlainPairs) {
  std::mt19937_64 rng(9);
  constexpr size_t kItems = 3000, kBands = 4;
  std::vector<uint32_t> keys(kItems * kBands);
  for (uint32_t& k : keys) k = static_cast<uint32_t>(rng() % 2500);
  for (size_t i = 0; i < 40; ++i) keys[(i * 7) * kBands] = 77;  // one bucket of 40 items in band 0
  const LshBatchIndex index({static_cast<int>(kBands), 1}, keys);
  auto keep = [](uint32_t a, uint32_t b) { return (a + b) % 3 != 0; };
  for (const size_t max_bucket : {size_t{5000}, size_t{20}}) {
    SCOPED_TRACE(max_bucket);
    Pairs want;
    for (const auto& [a, b] : index.CandidatePairs(max_bucket)) {
      if (keep(a, b)) want.emplace_back(a, b);
    }
    size_t skipped_plain = 0, skipped_kept = 0;
    index.CandidatePairs(max_bucket, &skipped_plain);
    EXPECT_EQ(index.CandidatePairs(ByteScreen(), keep, max_bucket, &skipped_kept), want);
    EXPECT_EQ(skipped_plain, skipped_kept);
    if (max_bucket == 20) {
      EXPECT_GE(skipped_plain, 1u);
    }
    EXPECT_FALSE(want.empty());
  }
}

// Band keys of `items` items in `families` families: in each band an item has its family's key,
// or, one time in `random_one_in`, a random key of its own (so buckets are large and items
// share several bands).
std::vector<uint32_t> FamilyKeys(std::mt19937_64* rng, size_t items, size_t bands,
                                 uint32_t families, uint64_t random_one_in) {
  std::vector<uint32_t> keys(items * bands);
  for (size_t i = 0; i < items; ++i) {
    const uint32_t family = static_cast<uint32_t>((*rng)() % families);
    for (size_t band = 0; band < bands; ++band) {
      keys[i * bands + band] = (*rng)() % random_one_in == 0
                                   ? static_cast<uint32_t>((*rng)())
                                   : family * 16 + static_cast<uint32_t>(band);
    }
  }
  return keys;
}

// Byte sketches whose first `shared` bytes (random per item, below max_shared) are common to all
// items: two items agree on about the smaller of their two prefixes.
std::vector<uint8_t> PrefixSketches(std::mt19937_64* rng, size_t items, size_t max_shared) {
  std::vector<uint8_t> sketches(items * kByteSketchSize);
  for (size_t i = 0; i < items; ++i) {
    const size_t shared = (*rng)() % max_shared;
    for (size_t k = 0; k < kByteSketchSize; ++k) {
      sketches[i * kByteSketchSize + k] =
          k < shared ? static_cast<uint8_t>(k) : static_cast<uint8_t>((*rng)());
    }
  }
  return sketches;
}

// Items in families (FamilyKeys) with prefix-sharing byte sketches (PrefixSketches), one band
// row each, and their index.
struct ScreenFixture {
  ScreenFixture(uint64_t seed, size_t items, size_t bands, uint32_t families,
                uint64_t random_one_in, size_t max_shared)
      : rng(seed),
        keys(FamilyKeys(&rng, items, bands, families, random_one_in)),
        sketches(PrefixSketches(&rng, items, max_shared)),
        index({static_cast<int>(bands), 1}, keys) {}
  uint32_t Agreement(uint32_t a, uint32_t b) const {
    return ByteSketchAgreement(&sketches[a * kByteSketchSize], &sketches[b * kByteSketchSize]);
  }
  std::mt19937_64 rng;
  std::vector<uint32_t> keys;
  std::vector<uint8_t> sketches;
  LshBatchIndex index;
};

// Screening by byte sketches gives exactly the plain pairs whose sketches agree enough, with
// pairs sharing several bands (emitted once, or deduplicated) and agreements on both sides of the
// level below which BandPairs skips its first-shared-band check.
TEST(LshTest, ScreenedPairsAreFilteredPlainPairs) {
  // The second fixture: 20 bands over 4096 items (256 ranges per band, thread buffers reused).
  const ScreenFixture small(10, 1500, 6, 200, 3, kByteSketchSize);
  const ScreenFixture large(11, 5000, 20, 700, 3, kByteSketchSize);
  for (const auto* f : {&small, &large}) {
    const auto& [sketches, index] = std::tie(f->sketches, f->index);
    for (const uint32_t min_agreement : {0u, 10u, 25u}) {
      SCOPED_TRACE(min_agreement);
      const ByteScreen screen{sketches, min_agreement, {}, {}};
      auto passes = [&](uint32_t a, uint32_t b) {
        return ByteSketchAgreement(&sketches[a * kByteSketchSize],
                                   &sketches[b * kByteSketchSize]) >= min_agreement;
      };
      Pairs want;
      for (const auto& [a, b] : index.CandidatePairs()) {
        if (passes(a, b)) want.emplace_back(a, b);
      }
      EXPECT_EQ(index.CandidatePairs(screen), want);
      EXPECT_FALSE(want.empty());
    }
  }
}

// With a budget, the screened plain join keeps every strong pair and, of the weak ones, those
// among the per_item best of one of their items: the brute-force pairs filtered the same way.
TEST(LshTest, BudgetKeepsStrongPairsAndEachItemsBestWeakOnes) {
  constexpr size_t kItems = 1200;
  const ScreenFixture f(11, kItems, 5, 40, 2, 40);  // large buckets, many weak pairs
  const auto& [sketches, index] = std::tie(f.sketches, f.index);
  const CandidateBudget budget{24, 3};
  auto agreement = [&](uint32_t a, uint32_t b) {
    return ByteSketchAgreement(&sketches[a * kByteSketchSize], &sketches[b * kByteSketchSize]);
  };
  Pairs plain;
  BestWeakCandidates best(kItems, budget.per_item);
  for (const auto& [a, b] : index.CandidatePairs()) {
    const uint32_t g = agreement(a, b);
    if (g < kMinByteAgreement) continue;
    if (g >= budget.strong) {
      plain.emplace_back(a, b);
    } else {
      best.Offer(a, b, g);
    }
  }
  std::vector<uint64_t> weak;
  best.AppendPairs(&weak);
  for (const uint64_t e : weak)
    plain.emplace_back(static_cast<uint32_t>(e >> 32), static_cast<uint32_t>(e));
  std::sort(plain.begin(), plain.end());
  plain.erase(std::unique(plain.begin(), plain.end()), plain.end());
  EXPECT_EQ(index.CandidatePairs({sketches, kMinByteAgreement, budget, {}}), plain);
  EXPECT_LT(plain.size(), index.CandidatePairs({sketches, kMinByteAgreement, {}, {}}).size());
}

// With flagged items, keep is asked only about pairs holding one (from any thread, in any
// order), and the result is the screened pairs keep would have kept had it been asked about all,
// answering true for the unflagged.
TEST(LshTest, KeepIsAskedOnlyAboutFlaggedPairs) {
  constexpr size_t kItems = 1500;
  const ScreenFixture f(13, kItems, 6, 100, 3, kByteSketchSize);
  const auto& [sketches, index] = std::tie(f.sketches, f.index);
  std::vector<char> flagged(kItems, 0);
  for (size_t i = 0; i < kItems; i += 5) flagged[i] = 1;
  auto rule = [](uint32_t a, uint32_t b) { return (a + 2 * b) % 3 != 0; };
  std::atomic<size_t> unflagged_asked{0}, asked{0};
  auto keep = [&](uint32_t a, uint32_t b) {
    ++asked;
    if (flagged[a] == 0 && flagged[b] == 0) ++unflagged_asked;
    return rule(a, b);
  };
  for (const CandidateBudget budget : {CandidateBudget{}, CandidateBudget{24, 3}}) {
    Pairs want;
    auto all_keep = [&](uint32_t a, uint32_t b) {
      return (flagged[a] == 0 && flagged[b] == 0) || rule(a, b);
    };
    for (const auto& [a, b] :
         index.CandidatePairs({sketches, kMinByteAgreement, budget, {}}, all_keep)) {
      want.emplace_back(a, b);
    }
    EXPECT_EQ(index.CandidatePairs({sketches, kMinByteAgreement, budget, flagged}, keep), want);
    EXPECT_FALSE(want.empty());
  }
  EXPECT_GT(asked.load(), 0u);
  EXPECT_EQ(unflagged_asked.load(), 0u);
}

// Buckets of more than kSplitBucket items are split: a screened pair is kept when, in some band
// the two share, its bucket is small or the two agree on one of that band's split probes. The
// result is that rule restated by brute force, whatever the mix of split and whole buckets the
// pairs share (the first-shared-band check must not drop a pair its split bucket did not examine).
TEST(LshTest, OversizedBucketsAreSplitByProbes) {
  constexpr size_t kItems = 2000, kBands = 6;
  // Families of ~100 items (buckets over the split size), one in three keys random; sketches
  // agreeing on a random prefix: pairs from unrelated to near-identical.
  const ScreenFixture f(12, kItems, kBands, 20, 3, kByteSketchSize);
  const auto& [keys, sketches, index] = std::tie(f.keys, f.sketches, f.index);
  std::vector<std::vector<uint32_t>> bucket_size(kBands);
  for (size_t band = 0; band < kBands; ++band) {
    std::unordered_map<uint32_t, uint32_t> count;
    for (size_t i = 0; i < kItems; ++i) ++count[keys[i * kBands + band]];
    for (size_t i = 0; i < kItems; ++i) bucket_size[band].push_back(count[keys[i * kBands + band]]);
  }
  const uint8_t* s = sketches.data();
  Pairs want;
  size_t split_only = 0;  // kept pairs that shared a split bucket they were not examined in
  for (uint32_t a = 0; a < kItems; ++a) {
    for (uint32_t b = a + 1; b < kItems; ++b) {
      const uint8_t* sa = s + a * kByteSketchSize;
      const uint8_t* sb = s + b * kByteSketchSize;
      if (ByteSketchAgreement(sa, sb) < kMinByteAgreement) continue;
      bool examined = false, skipped = false;
      for (size_t band = 0; band < kBands; ++band) {
        if (keys[a * kBands + band] != keys[b * kBands + band]) continue;
        if (bucket_size[band][a] <= kSplitBucket || SplitProbesAgree(band, sa, sb)) {
          examined = true;
        } else {
          skipped = true;
        }
      }
      if (examined) want.emplace_back(a, b);
      if (examined && skipped) ++split_only;
    }
  }
  const Pairs got = index.CandidatePairs({sketches, kMinByteAgreement, {}, {}});
  EXPECT_EQ(got, want);
  EXPECT_GT(split_only, 0u);
  // The split drops pairs: fewer than all screened pairs sharing a band.
  size_t all = 0;
  for (const auto& [a, b] : index.CandidatePairs()) {
    all +=
        ByteSketchAgreement(s + a * kByteSketchSize, s + b * kByteSketchSize) >= kMinByteAgreement;
  }
  EXPECT_LT(got.size(), all);
  // Identical sketches always agree on every probe.
  EXPECT_TRUE(SplitProbesAgree(3, s, s));
}

// The screen's agreement count (16 positions per instruction where SSE2 is available) is
// ByteSketchAgreementScalar's for every count of agreeing positions, wherever they lie, and for
// sketches that differ by one in a byte (equal only in their low bits) or are at any alignment.
TEST(LshTest, FastAgreementMatchesByteSketchAgreement) {
  std::mt19937_64 rng(17);
  std::vector<uint8_t> buffer(2 * kByteSketchSize + 32);
  for (int trial = 0; trial < 20000; ++trial) {
    uint8_t* a = buffer.data() + rng() % 16;
    uint8_t* b = buffer.data() + kByteSketchSize + 16 + rng() % 16;
    const size_t agree = rng() % (kByteSketchSize + 1);
    for (size_t k = 0; k < kByteSketchSize; ++k) {
      a[k] = static_cast<uint8_t>(rng());
      b[k] = static_cast<uint8_t>(a[k] + (trial % 2 == 0 ? 1 : 1 + rng() % 255));
    }
    for (size_t k = 0; k < agree; ++k) {
      const size_t at = rng() % kByteSketchSize;
      b[at] = a[at];
    }
    ASSERT_EQ(ByteSketchAgreement(a, b), ByteSketchAgreementScalar(a, b)) << trial;
  }
  std::vector<uint8_t> same(kByteSketchSize, 7), other(kByteSketchSize, 8);
  EXPECT_EQ(ByteSketchAgreement(same.data(), same.data()), kByteSketchSize);
  EXPECT_EQ(ByteSketchAgreement(same.data(), other.data()), 0u);
}

// Pairs of sets with known Jaccard s become candidates at the rate 1 - (1 - s^r)^b, within
// binomial error, for the default sketch scheme.
TEST(LshTest, CandidateRateFollowsBandingCurve) {
  constexpr int kPerm = 128;
  constexpr int kPairs = 1000;
  constexpr size_t kSetSize = 200;
  const LshParams params = OptimalLshParams(0.5, kPerm);  // (25, 5)
  const MinHasher hasher(kPerm, 2024);
  std::mt19937_64 rng(99);
  for (size_t inter : std::vector<size_t>{40, 80, 120, 160, 190}) {
    const double s = static_cast<double>(inter) / static_cast<double>(2 * kSetSize - inter);
    LshBatchIndex index(params);
    std::vector<uint32_t> sig(kPerm), keys(static_cast<size_t>(params.bands));
    for (int p = 0; p < kPairs; ++p) {
      std::unordered_set<uint32_t> seen;
      std::vector<uint32_t> ids;
      while (ids.size() < 2 * kSetSize - inter) {
        const auto x = static_cast<uint32_t>(rng());
        if (seen.insert(x).second) ids.push_back(x);
      }
      const std::span<const uint32_t> all(ids);
      for (const auto set : {all.first(kSetSize), all.last(kSetSize)}) {
        hasher.Sketch(set, sig.data());
        BandKeys(sig.data(), params, keys.data());
        index.Add(keys.data());
      }
    }
    int candidates = 0;
    for (const auto& [a, b] : index.CandidatePairs()) candidates += (a % 2 == 0 && b == a + 1);
    const double rate = static_cast<double>(candidates) / kPairs;
    const double want = CandidateProbability(s, params);
    const double sd = std::sqrt(want * (1 - want) / kPairs);
    SCOPED_TRACE(testing::Message() << "s=" << s << " want=" << want << " got=" << rate);
    EXPECT_NEAR(rate, want, 4 * sd + 0.01);
  }
}

}  // namespace
}  // namespace neardup
