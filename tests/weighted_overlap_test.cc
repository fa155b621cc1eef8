// Tests of the reworded verifier: IDF weights, geometric-mean normalisation, local alignment,
// null sample.

#include "neardup/verify/weighted_overlap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <iterator>
#include <random>
#include <set>
#include <vector>

#include "neardup/verify/null_sample.h"

namespace neardup {
namespace {

WeightedSets Make(const std::vector<std::vector<uint32_t>>& items) {
  std::vector<std::span<const uint32_t>> sets;
  for (const auto& s : items) sets.emplace_back(s);
  WeightedSets w;
  w.Build(sets);
  return w;
}

TEST(WeightedSetsTest, IdfAndGeometricMean) {
  // Feature 1 is in every item (idf 0); 2 in two of four; 3, 4, 5 in one.
  const std::vector<std::vector<uint32_t>> items = {{1, 2, 3}, {1, 2, 4}, {1, 5}, {1}};
  WeightedSets w = Make(items);
  const double l2 = std::log(2.0), l4 = std::log(4.0);
  EXPECT_NEAR(w.Weight(0), l2 + l4, 1e-6);
  WeightedOverlap o = w.Overlap(0, 1);
  EXPECT_EQ(o.shared, 2u);
  EXPECT_NEAR(o.shared_weight, l2, 1e-6);
  EXPECT_NEAR(o.similarity, l2 / (l2 + l4), 1e-6);
  EXPECT_NEAR(o.containment_a, l2 / (l2 + l4), 1e-6);
  // Sharing only a word every item has scores 0.
  EXPECT_EQ(w.Overlap(2, 3).similarity, 0.0);
  EXPECT_NEAR(w.Overlap(0, 0).similarity, 1.0, 1e-9);
}

// PairsSharingRareFeature lists exactly the kept pairs whose Overlap finds a shared feature of
// idf >= min_idf, for thresholds from "every feature" to "none", on random sets with a skewed
// vocabulary (common features shared by many items, rare ones by few).
TEST(WeightedSetsTest, RareFeaturePairsAreThePairsSharingARareFeature) {
  std::mt19937_64 rng(5);
  std::vector<std::vector<uint32_t>> items(300);
  for (auto& item : items) {
    std::set<uint32_t> set;
    const size_t size = 1 + rng() % 12;
    while (set.size() < size)
      set.insert(static_cast<uint32_t>((rng() % 400) * (rng() % 400) / 400));
    item.assign(set.begin(), set.end());
  }
  const WeightedSets w = Make(items);
  auto keep = [](uint32_t a, uint32_t b) { return (a * 7 + b) % 5 != 0; };
  size_t last = SIZE_MAX;
  for (const double min_idf : {-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 10.0}) {
    SCOPED_TRACE(min_idf);
    std::vector<std::pair<uint32_t, uint32_t>> want;
    for (uint32_t a = 0; a < items.size(); ++a) {
      for (uint32_t b = a + 1; b < items.size(); ++b) {
        const WeightedOverlap o = w.Overlap(a, b);
        if (o.shared > 0 && o.rarest_shared >= min_idf && keep(a, b)) want.emplace_back(a, b);
      }
    }
    EXPECT_EQ(w.PairsSharingRareFeature(min_idf, keep), want);
    EXPECT_LE(want.size(), last);  // a higher bar never adds pairs
    last = want.size();
    if (min_idf == 2.0) {
      EXPECT_FALSE(want.empty());
    }
    if (min_idf == 10.0) {
      EXPECT_TRUE(want.empty());
    }
  }
}

TEST(WeightedSetsTest, ShortInsideLongIsDiscounted) {
  // Item 0 (3 features) is wholly inside item 1 (12 features): containment 1, but the similarity
  // is about sqrt(3 / 12) (less: the shared features are rarer-than-average twice over).
  std::vector<std::vector<uint32_t>> items = {{10, 11, 12},
                                              {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}};
  for (uint32_t i = 0; i < 20; ++i) items.push_back({100 + i});
  WeightedSets w = Make(items);
  WeightedOverlap o = w.Overlap(0, 1);
  EXPECT_NEAR(o.containment_a, 1.0, 1e-9);
  EXPECT_GT(o.similarity, 0.4);
  EXPECT_LT(o.similarity, 0.5);
}

TEST(WeightedSetsTest, LocalAlignmentFindsARewrittenSentence) {
  // Item 1 = 8 unrelated words, then item 0's 8 words with one swapped, then 8 more.
  std::vector<std::vector<uint32_t>> seqs = {
      {1, 2, 3, 4, 5, 6, 7, 8},
      {20, 21, 22, 23, 24, 25, 26, 27, 1, 2, 3, 4, 99, 6, 7, 8, 30, 31, 32, 33, 34, 35, 36, 37}};
  std::vector<std::vector<uint32_t>> sets;
  for (auto s : seqs) {
    std::sort(s.begin(), s.end());
    sets.push_back(s);
  }
  for (uint32_t i = 0; i < 30; ++i) sets.push_back({200 + i});
  WeightedSets w = Make(sets);
  std::vector<uint64_t> offsets = {0};
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < sets.size(); ++i) {
    const auto& s = i < seqs.size() ? seqs[i] : sets[i];
    ids.insert(ids.end(), s.begin(), s.end());
    offsets.push_back(ids.size());
  }
  w.SetSequences(offsets, ids);
  WeightedOverlap global = w.Overlap(0, 1);
  WeightedOverlap local = w.Overlap(0, 1, 6);
  EXPECT_LT(global.similarity, 0.6);
  EXPECT_GT(local.local, 0.8);
  EXPECT_EQ(local.similarity, std::max(local.global, local.local));
  // The shared words are each in 2 of the 32 items (idf ln 16): with a rarer word required, no
  // local alignment; with a commoner one, the same as without.
  const WeightedOverlap strict = w.Overlap(0, 1, 6, 2.0, std::log(32.0 / 1.5));
  EXPECT_EQ(strict.local, 0.0);
  EXPECT_EQ(strict.similarity, global.similarity);
  EXPECT_NEAR(strict.rarest_shared, std::log(16.0), 1e-6);
  EXPECT_EQ(w.Overlap(0, 1, 6, 2.0, std::log(32.0 / 3)).similarity, local.similarity);
}

// The heaviest common subsequence by brute force: every subsequence of a (a has at most 10
// words), kept if it is a subsequence of b.
double HeaviestCommonSubsequence(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                                 const std::function<double(uint32_t)>& weight) {
  double best = 0;
  for (uint32_t mask = 0; mask < (1u << a.size()); ++mask) {
    double sum = 0;
    size_t j = 0;
    bool found = true;
    for (size_t i = 0; i < a.size() && found; ++i) {
      if (!(mask >> i & 1)) continue;
      while (j < b.size() && b[j] != a[i]) ++j;
      found = j < b.size();
      if (found) {
        sum += weight(a[i]);
        ++j;
      }
    }
    if (found) best = std::max(best, sum);
  }
  return best;
}

// InOrderShare = heaviest common subsequence / shared weight (capped at 1), against brute force
// on random short sequences over a small vocabulary (repeats and reorders happen often).
TEST(WeightedSetsTest, InOrderShareIsTheHeaviestCommonSubsequenceOverTheSharedWeight) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::vector<uint32_t>> seqs(12);
    for (auto& q : seqs) {
      q.resize(1 + rng() % 10);
      for (uint32_t& w : q) w = static_cast<uint32_t>(rng() % 14);
    }
    std::vector<std::vector<uint32_t>> sets;
    for (const auto& q : seqs) {
      std::vector<uint32_t> s = q;
      std::sort(s.begin(), s.end());
      s.erase(std::unique(s.begin(), s.end()), s.end());
      sets.push_back(s);
    }
    WeightedSets w = Make(sets);
    // idf of a word from the sets' document frequencies, as Build computes it.
    auto idf = [&](uint32_t f) {
      int df = 0;
      for (const auto& s : sets) df += std::binary_search(s.begin(), s.end(), f) ? 1 : 0;
      return static_cast<double>(static_cast<float>(std::log(12.0 / df)));
    };
    const WeightedOverlap o = w.Overlap(0, 1);
    const double share = w.InOrderShare(0, 1, seqs[0], seqs[1]);
    if (o.shared_weight <= 0) {
      EXPECT_EQ(share, 0.0);
      continue;
    }
    const double expected =
        std::min(1.0, HeaviestCommonSubsequence(seqs[0], seqs[1], idf) / o.shared_weight);
    EXPECT_NEAR(share, expected, 1e-4) << "trial " << trial;
  }
}

TEST(WeightedSetsTest, InOrderShareTellsAnEditFromAReordering) {
  // Items 0-2 share the words 1..6 (each also in one filler, so every idf is equal): item 1 in
  // the same order with one word swapped, item 2 in reverse order.
  std::vector<std::vector<uint32_t>> seqs = {
      {1, 2, 3, 4, 5, 6}, {1, 2, 3, 99, 4, 5, 6}, {6, 5, 4, 3, 2, 1}};
  for (uint32_t i = 0; i < 20; ++i) seqs.push_back({200 + i, 300 + i});
  std::vector<std::vector<uint32_t>> sets;
  for (const auto& q : seqs) {
    std::vector<uint32_t> s = q;
    std::sort(s.begin(), s.end());
    sets.push_back(s);
  }
  WeightedSets w = Make(sets);
  auto share = [&](uint32_t a, uint32_t b) { return w.InOrderShare(a, b, seqs[a], seqs[b]); };
  EXPECT_NEAR(share(0, 1), 1.0, 1e-9);
  EXPECT_NEAR(share(0, 2), 1.0 / 6, 1e-6);
  EXPECT_EQ(share(0, 3), 0.0);  // nothing shared
  // A word Build never saw is skipped; sequences too long to compare are not penalised.
  const std::vector<uint32_t> with_unseen = {6, 5, 777, 4, 3, 2, 1};
  EXPECT_NEAR(w.InOrderShare(0, 2, seqs[0], with_unseen), 1.0 / 6, 1e-6);
  const std::vector<uint32_t> long_a(600, 1), long_b(600, 2);
  EXPECT_EQ(w.InOrderShare(0, 2, long_a, long_b), 1.0);
}

TEST(WeightedSetsTest, NullPairsAreDeterministicDistinctAndUnrelated) {
  std::vector<std::vector<uint32_t>> items;
  for (uint32_t i = 0; i < 50; ++i) items.push_back({i % 5, 10 + i});
  WeightedSets w = Make(items);
  std::vector<uint32_t> doc(50);
  for (uint32_t i = 0; i < 50; ++i) doc[i] = i / 2;
  // 200 samples: drawn at random (1,225 pairs > 4 * 200); 400: every qualifying pair listed.
  for (const size_t samples : {size_t{200}, size_t{400}}) {
    auto x = w.NullPairs(doc, samples, 1), y = w.NullPairs(doc, samples, 1);
    EXPECT_EQ(x, y);
    EXPECT_FALSE(x.empty());
    EXPECT_LE(x.size(), samples);
    std::set<std::pair<uint32_t, uint32_t>> seen;
    for (auto [i, j] : x) {
      EXPECT_NE(doc[i], doc[j]);
      EXPECT_EQ(i % 5, j % 5);  // the only feature two items can share
      EXPECT_TRUE(seen.insert({std::min(i, j), std::max(i, j)}).second);
    }
  }
  // With the pairs listed: every qualifying pair is there — 5 classes of i % 5, 10 items each,
  // 45 pairs per class, none inside one document (items 2k and 2k + 1 differ in i % 5).
  EXPECT_EQ(w.NullPairs(doc, 400, 1).size(), 225u);
  EXPECT_EQ(Quantile({}, 0.5), 0.0);
  EXPECT_EQ(Quantile({0.1, 0.2, 0.3}, 1.0), 0.3);
  EXPECT_EQ(Quantile({0.1, 0.2, 0.3}, 0.5), 0.2);
}

// A null sample of 980 unrelated scores spread over [0, 0.2) and 20 related pairs near 0.9 (2%):
// the raw 0.99 quantile lands on a related pair, NullQuantile on the unrelated part.
TEST(WeightedOverlapTest, NullQuantileSetsRelatedPairsAside) {
  std::vector<double> sample;
  for (int i = 0; i < 980; ++i) sample.push_back(0.2 * i / 980.0);
  for (int i = 0; i < 20; ++i) sample.push_back(0.9 + 0.001 * i);
  std::sort(sample.begin(), sample.end());
  EXPECT_GE(Quantile(sample, 0.99), 0.9);
  size_t outliers = 0;
  const double q = NullQuantile(sample, 0.99, 8, &outliers);
  EXPECT_EQ(outliers, 20u);
  EXPECT_NEAR(q, 0.198, 0.002);
  // A clean sample loses nothing; an empty one gives 0.
  std::vector<double> clean(sample.begin(), sample.begin() + 980);
  EXPECT_EQ(NullQuantile(clean, 0.99, 8, &outliers), Quantile(clean, 0.99));
  EXPECT_EQ(outliers, 0u);
  EXPECT_EQ(NullQuantile({}, 0.99, 8, &outliers), 0.0);
  // A sample of one value (zero spread) keeps it: the scale is at least 0.01.
  EXPECT_EQ(NullQuantile({0.3, 0.3, 0.3}, 0.99, 8), 0.3);
}

// SumShared (four ids at a time) against the one-at-a-time reference, bit for bit, on random
// lists of every length from 0 to 40 and some long ones, sparse to dense in shared ids, with
// idf weights of many magnitudes (so the order of the additions shows in the sum).
TEST(WeightedSetsTest, SumSharedIsTheScalarMergeBitForBit) {
  std::mt19937_64 rng(17);  // NOLINT(cert-msc32-c,cert-msc51-cpp): fixed seed, reproducible
  std::vector<float> idf(5000);
  for (float& w : idf) {
    w = std::ldexp(static_cast<float>(rng() % 100000) / 7.0f, -static_cast<int>(rng() % 30));
  }
  size_t shared_seen = 0;
  for (size_t trial = 0; trial < 4000; ++trial) {
    const size_t nx = trial < 1681 ? trial / 41 : rng() % 600;
    const size_t ny = trial < 1681 ? trial % 41 : rng() % 600;
    const uint32_t range = static_cast<uint32_t>(1 + (nx + ny) * (1 + rng() % 4));
    auto draw = [&](size_t n) {
      std::set<uint32_t> ids;
      while (ids.size() < std::min<size_t>(n, range)) {
        ids.insert(static_cast<uint32_t>(rng() % range));
      }
      return std::vector<uint32_t>(ids.begin(), ids.end());
    };
    const std::vector<uint32_t> x = draw(nx), y = draw(ny);
    const SharedIds fast = SumShared(x, y, idf.data());
    const SharedIds ref = SumSharedScalar(x, y, idf.data());
    std::vector<uint32_t> common;
    std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(common));
    ASSERT_EQ(ref.count, common.size());
    ASSERT_EQ(fast.count, ref.count) << nx << " x " << ny;
    ASSERT_EQ(std::bit_cast<uint64_t>(fast.weight), std::bit_cast<uint64_t>(ref.weight))
        << nx << " x " << ny;
    ASSERT_EQ(fast.rarest, ref.rarest);
    shared_seen += common.size();
  }
  EXPECT_GT(shared_seen, 10000u);
}

}  // namespace
}  // namespace neardup
