// Tests of LocalAligner (verify/local_alignment.h) through BestAlignedWindow: the window and its
// sums must equal the scalar reference (ScalarAlignedWindow) bit for bit on random sequences —
// edited copies, unrelated text, repeated words, words the weighted sets lack, every idf equal
// (scores tie) — with the pruned table and with the full one.

#include "neardup/verify/local_alignment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <span>
#include <vector>

#include "neardup/base/random.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

// `units` sequences over words 0..vocab-1 (Zipf-like when `skewed`), every other one an edited
// copy of an earlier one.
std::vector<std::vector<uint32_t>> RandomSequences(size_t units, uint64_t vocab, bool skewed,
                                                   uint64_t seed) {
  uint64_t state = seed;
  auto next = [&](uint64_t n) { return SplitMix64(&state) % n; };
  auto word = [&] {
    const uint64_t r = next(vocab);
    return static_cast<uint32_t>(skewed && next(2) ? r % (1 + vocab / 16) : r);
  };
  std::vector<std::vector<uint32_t>> out;
  for (size_t u = 0; u < units; ++u) {
    std::vector<uint32_t> s;
    if (u % 2 == 1) {
      for (const uint32_t w : out[next(u)]) {
        const uint64_t e = next(8);
        if (e == 0) continue;
        if (e == 1) s.push_back(word());
        s.push_back(e == 2 ? word() : w);
      }
    } else {
      for (size_t n = 1 + next(next(6) == 0 ? 90 : 30); n > 0; --n) s.push_back(word());
    }
    out.push_back(s);
  }
  return out;
}

void ExpectSameWindow(const AlignedWindow& want, const AlignedWindow& got) {
  EXPECT_EQ(std::memcmp(&want.matched, &got.matched, sizeof(double)), 0);
  EXPECT_EQ(std::memcmp(&want.weight_x, &got.weight_x, sizeof(double)), 0);
  EXPECT_EQ(std::memcmp(&want.weight_y, &got.weight_y, sizeof(double)), 0);
  EXPECT_EQ(want.words, got.words);
  EXPECT_EQ(want.begin_x, got.begin_x);
  EXPECT_EQ(want.end_x, got.end_x);
  EXPECT_EQ(want.begin_y, got.begin_y);
  EXPECT_EQ(want.end_y, got.end_y);
}

// Every ordered pair of sequences; the weighted sets are built over the first `known` sequences
// only, so the later ones hold words the sets lack (weighing MaxIdf).
void CompareAllPairs(const std::vector<std::vector<uint32_t>>& seqs, size_t known) {
  std::vector<std::vector<uint32_t>> sets;
  for (size_t u = 0; u < known; ++u) {
    std::vector<uint32_t> set = seqs[u];
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    sets.push_back(set);
  }
  std::vector<std::span<const uint32_t>> spans(sets.begin(), sets.end());
  WeightedSets w;
  w.Build(spans);
  LocalAligner full;
  std::vector<double> ix, iy;
  size_t aligned = 0;
  for (size_t a = 0; a < seqs.size(); ++a) {
    for (size_t b = 0; b < seqs.size(); ++b) {
      SCOPED_TRACE(testing::Message() << "sequences " << a << " " << b);
      const AlignedWindow want = ScalarAlignedWindow(w, seqs[a], seqs[b]);
      ExpectSameWindow(want, BestAlignedWindow(w, seqs[a], seqs[b]));
      // The full table through the same trace back.
      ix.clear(), iy.clear();
      for (const uint32_t x : seqs[a]) ix.push_back(w.IdfOf(x));
      for (const uint32_t y : seqs[b]) iy.push_back(w.IdfOf(y));
      full.SetFirst(seqs[a]);
      const LocalWindow f = full.Align(seqs[a], seqs[b], ix, iy, false);
      ExpectSameWindow(want, f.words == 0
                                 ? AlignedWindow{}
                                 : AlignedWindow{f.matched, f.weight_x, f.weight_y, f.words,
                                                 f.begin_x, f.end_x, f.begin_y, f.end_y});
      aligned += want.words > 0;
      if (testing::Test::HasFailure()) return;
    }
  }
  EXPECT_GT(aligned, seqs.size());  // the corpus does align (the test can fail)
}

TEST(LocalAlignmentTest, SameAsTheScalarReference) {
  const auto seqs = RandomSequences(70, 400, true, 1);
  CompareAllPairs(seqs, seqs.size());
}

TEST(LocalAlignmentTest, WordsTheSetsLack) {
  const auto seqs = RandomSequences(60, 300, true, 2);
  CompareAllPairs(seqs, seqs.size() / 2);
}

TEST(LocalAlignmentTest, ScoresTie) {
  // A small vocabulary, every word in most sequences: few distinct idf values, repeated words,
  // many alignments of equal score; the tie rules decide the window.
  const auto seqs = RandomSequences(50, 6, false, 3);
  CompareAllPairs(seqs, seqs.size());
}

TEST(LocalAlignmentTest, EmptyAndUnrelated) {
  WeightedSets w;
  const std::vector<uint32_t> a{1, 2, 3}, b{4, 5}, none;
  std::vector<std::span<const uint32_t>> spans{a, b};
  w.Build(spans);
  EXPECT_EQ(BestAlignedWindow(w, a, b).words, 0u);
  EXPECT_EQ(BestAlignedWindow(w, a, none).words, 0u);
  EXPECT_EQ(BestAlignedWindow(w, none, b).words, 0u);
  const AlignedWindow self = BestAlignedWindow(w, a, a);
  EXPECT_EQ(self.words, 3u);
  EXPECT_EQ(self.end_x, 3u);
}

}  // namespace
}  // namespace neardup
