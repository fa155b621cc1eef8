// Copies in context (RescueInContext, and WeightedSets::DiagonalScore it relies on): a weak
// paragraph pair is kept only in documents that share verified pairs, only where neither paragraph
// is matched there already, only as each paragraph's best, and only with its words in place.

#include "neardup/verify/context_rescue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace neardup {
namespace {

// Groups (= paragraphs) 0-2 are document 0, 3-6 document 1, 7+ fillers in documents of their own.
// Group g of document 0 and group g + 3 of document 1 are copies (g = 0, 1: the same words; g = 2:
// three of ten words swapped in place); group 6 holds group 2's words in reverse order.
struct Corpus {
  std::vector<std::vector<uint32_t>> sequences = {
      {100, 101, 102, 103, 104, 105, 106, 107}, {200, 201, 202, 203, 204, 205, 206, 207},
      {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, {100, 101, 102, 103, 104, 105, 106, 107},
      {200, 201, 202, 203, 204, 205, 206, 207}, {10, 11, 90, 13, 14, 91, 16, 17, 92, 19},
      {19, 18, 17, 16, 15, 14, 13, 12, 11, 10},
  };
  std::vector<uint32_t> group_doc = {0, 0, 0, 1, 1, 1, 1};
  WeightedSets weighted;

  Corpus() {
    for (uint32_t k = 0; k < 20; ++k) {
      sequences.push_back({1000 + 2 * k, 1001 + 2 * k});
      group_doc.push_back(2 + k);
    }
    std::vector<std::vector<uint32_t>> sets;
    std::vector<uint64_t> offsets = {0};
    std::vector<uint32_t> ids;
    for (const auto& q : sequences) {
      std::vector<uint32_t> s = q;
      std::sort(s.begin(), s.end());
      sets.push_back(s);
      ids.insert(ids.end(), q.begin(), q.end());
      offsets.push_back(ids.size());
    }
    std::vector<std::span<const uint32_t>> spans(sets.begin(), sets.end());
    weighted.Build(spans);
    weighted.SetSequences(offsets, ids);
  }
};

TEST(DiagonalScoreTest, WordsInPlaceCountWordsElsewhereDoNot) {
  const Corpus c;
  const double in_place = c.weighted.DiagonalScore(2, 5, 0.15, 4);
  EXPECT_NEAR(in_place, c.weighted.Overlap(2, 5).global, 1e-6);  // all 7 shared words in place
  EXPECT_GT(in_place, 0.6);
  EXPECT_LT(c.weighted.DiagonalScore(2, 6, 0.15, 4), 0.2);  // the same words reversed
  EXPECT_NEAR(c.weighted.DiagonalScore(2, 2, 0.15, 4), 1.0, 1e-6);
  EXPECT_EQ(c.weighted.DiagonalScore(7, 8, 0.15, 4), 0.0);  // nothing shared
}

TEST(ContextRescueTest, KeepsAWeakPairOnlyInContext) {
  const Corpus c;
  struct Case {
    const char* name;
    std::vector<std::pair<uint32_t, uint32_t>> verified;  // group pairs
    std::vector<std::pair<uint32_t, uint32_t>> weak;
    std::vector<std::pair<uint32_t, uint32_t>> kept;
  };
  const Case cases[] = {
      {"two copies verified", {{0, 3}, {1, 4}}, {{2, 5}}, {{2, 5}}},
      {"one copy verified: not enough context", {{0, 3}}, {{2, 5}}, {}},
      {"group 2 already matched in document 1", {{0, 3}, {1, 4}, {2, 4}}, {{2, 5}}, {}},
      {"group 5 already matched in document 0", {{0, 3}, {1, 4}, {1, 5}}, {{2, 5}}, {}},
      {"words reversed", {{0, 3}, {1, 4}}, {{2, 6}}, {}},
      // Group 6 scores higher with group 2 (the same words) but out of place: group 2's best
      // candidate in document 1 is not a copy in place, so neither is kept.
      {"a better candidate out of place", {{0, 3}, {1, 4}}, {{2, 5}, {2, 6}}, {}},
      {"documents that share nothing", {{0, 3}, {1, 4}}, {{2, 7}}, {}},
  };
  for (const Case& t : cases) {
    SCOPED_TRACE(t.name);
    // Candidates: the verified pairs, then the weak ones.
    std::vector<std::pair<uint32_t, uint32_t>> candidates = t.verified;
    candidates.insert(candidates.end(), t.weak.begin(), t.weak.end());
    std::vector<uint32_t> verified, weak;
    for (uint32_t i = 0; i < candidates.size(); ++i) {
      (i < t.verified.size() ? verified : weak).push_back(i);
    }
    const std::vector<uint32_t> kept =
        RescueInContext(candidates, verified, weak, c.group_doc, c.weighted, ContextSettings());
    std::vector<std::pair<uint32_t, uint32_t>> kept_pairs;
    for (const uint32_t i : kept) kept_pairs.push_back(candidates[i]);
    EXPECT_EQ(kept_pairs, t.kept);
  }
}

TEST(ContextRescueTest, ThresholdsAreSettings) {
  const Corpus c;
  const std::vector<std::pair<uint32_t, uint32_t>> candidates = {{0, 3}, {1, 4}, {2, 5}};
  const std::vector<uint32_t> verified = {0, 1}, weak = {2};
  ContextSettings s;
  s.min_pairs = 3;
  EXPECT_TRUE(RescueInContext(candidates, verified, weak, c.group_doc, c.weighted, s).empty());
  s = ContextSettings();
  s.min_diagonal = 0.95;
  EXPECT_TRUE(RescueInContext(candidates, verified, weak, c.group_doc, c.weighted, s).empty());
}

}  // namespace
}  // namespace neardup
