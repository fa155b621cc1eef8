// SparseAlignedWindow (verify/aligned_window.h) against the reference BestAlignedWindow
// (verify/pair_features.h): every field equal, bit for bit, on random stem sequences with words
// of every kind of idf (zero: held by every item; unseen: the largest), reusing one scratch.

#include "neardup/verify/aligned_window.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "neardup/verify/pair_features.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

void ExpectSame(const AlignedWindow& want, const AlignedWindow& got) {
  EXPECT_EQ(want.matched, got.matched);
  EXPECT_EQ(want.weight_x, got.weight_x);
  EXPECT_EQ(want.weight_y, got.weight_y);
  EXPECT_EQ(want.words, got.words);
  EXPECT_EQ(want.begin_x, got.begin_x);
  EXPECT_EQ(want.end_x, got.end_x);
  EXPECT_EQ(want.begin_y, got.begin_y);
  EXPECT_EQ(want.end_y, got.end_y);
}

TEST(AlignedWindowTest, SparseMatchesTheReferenceBitForBit) {
  std::mt19937_64 rng(17);
  // Items over stems 1..60: stem 1 in every item (idf 0), the rest at random; stems above 60
  // are never seen (MaxIdf).
  std::vector<std::vector<uint32_t>> sets(50);
  for (auto& s : sets) {
    s.push_back(1);
    for (uint32_t f = 2; f <= 60; ++f) {
      if (rng() % 4 == 0) s.push_back(f);
    }
  }
  std::vector<std::span<const uint32_t>> spans(sets.begin(), sets.end());
  WeightedSets idf;
  idf.Build(spans);
  AlignedWindowScratch scratch;
  size_t aligned = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const uint32_t alphabet = trial % 3 == 0 ? 4 : (trial % 3 == 1 ? 12 : 70);
    auto draw = [&](size_t len) {
      std::vector<uint32_t> v(len);
      for (uint32_t& w : v) w = 1 + static_cast<uint32_t>(rng() % alphabet);
      return v;
    };
    std::vector<uint32_t> x = draw(rng() % 25), y = draw(rng() % 25);
    if (trial % 5 == 0 && !x.empty()) {  // a shared stretch, as in a quoted clause
      const size_t b = rng() % x.size();
      y.insert(y.begin() + static_cast<ptrdiff_t>(y.empty() ? 0 : rng() % y.size()),
               x.begin() + static_cast<ptrdiff_t>(b), x.end());
    }
    SCOPED_TRACE(trial);
    const AlignedWindow want = BestAlignedWindow(idf, x, y);
    ExpectSame(want, SparseAlignedWindow(idf, x, y, &scratch));
    aligned += want.words > 0 ? size_t{1} : size_t{0};
  }
  EXPECT_GT(aligned, 10000u);  // most trials align something
  // Edge cases: empty sides.
  const std::vector<uint32_t> none, some = {2, 3, 4};
  ExpectSame(BestAlignedWindow(idf, none, some), SparseAlignedWindow(idf, none, some, &scratch));
  ExpectSame(BestAlignedWindow(idf, some, none), SparseAlignedWindow(idf, some, none, &scratch));
}

}  // namespace
}  // namespace neardup
