// Tests for exact Jaccard: table-driven edge cases and a randomized check against
// std::set_intersection; the near-verbatim test of reworded mode (scan/verify_reworded.h) built
// on it.
#include "neardup/verify/jaccard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <vector>

#include "neardup/scan/verify_reworded.h"

namespace neardup {
namespace {

TEST(JaccardTest, Table) {
  struct Case {
    std::vector<uint32_t> a, b;
    size_t inter;
    double jaccard;
  };
  const Case cases[] = {
      {{}, {}, 0, 1.0},
      {{1}, {}, 0, 0.0},
      {{}, {1}, 0, 0.0},
      {{1}, {1}, 1, 1.0},
      {{1, 2, 3}, {1, 2, 3}, 3, 1.0},
      {{1, 2}, {3, 4}, 0, 0.0},
      {{1, 2, 3, 4}, {3, 4, 5, 6}, 2, 2.0 / 6.0},
      {{0, 0xFFFFFFFFu}, {0xFFFFFFFFu}, 1, 0.5},
      {{1, 3, 5, 7, 9}, {2, 3, 4, 5}, 2, 2.0 / 7.0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "|a|=" << c.a.size() << " |b|=" << c.b.size());
    EXPECT_EQ(IntersectionSize(c.a, c.b), c.inter);
    EXPECT_EQ(IntersectionSize(c.b, c.a), c.inter);
    EXPECT_DOUBLE_EQ(ExactJaccard(c.a, c.b), c.jaccard);
    EXPECT_DOUBLE_EQ(ExactJaccard(c.b, c.a), c.jaccard);
  }
}

TEST(JaccardTest, MatchesStdSetIntersection) {
  std::mt19937 rng(7);  // result_type is uint_fast32_t: cast each draw
  for (int trial = 0; trial < 500; ++trial) {
    const auto range = static_cast<uint32_t>(1 + rng() % 200);
    std::vector<uint32_t> a(rng() % 100), b(rng() % 100);
    for (uint32_t& x : a) x = static_cast<uint32_t>(rng() % range);
    for (uint32_t& x : b) x = static_cast<uint32_t>(rng() % range);
    for (auto* v : {&a, &b}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    std::vector<uint32_t> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    ASSERT_EQ(IntersectionSize(a, b), common.size());
  }
}

TEST(JaccardTest, NearVerbatimIsLexicalModesThresholdInclusive) {
  const std::vector<uint32_t> six = {1, 2, 3, 4, 5, 6};
  // 3 shared of 6 in all: exactly 0.5, lexical mode's default threshold, which reports it.
  EXPECT_EQ(NearVerbatimJaccard(std::vector<uint32_t>{1, 2, 3}, six), 0.5);
  // Just under: 3 shared of 7.
  EXPECT_EQ(NearVerbatimJaccard(std::vector<uint32_t>{1, 2, 3},
                                std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7}),
            0.0);
  // Sizes alone can rule it out (2 of 5 at best), and the value equals ExactJaccard otherwise.
  EXPECT_EQ(NearVerbatimJaccard(std::vector<uint32_t>{1, 2}, std::vector<uint32_t>{1, 2, 3, 4, 5}),
            0.0);
  const std::vector<uint32_t> a = {2, 4, 6, 8, 10, 12, 14}, b = {2, 4, 6, 8, 10, 12, 15, 16};
  EXPECT_EQ(NearVerbatimJaccard(a, b), ExactJaccard(a, b));
  EXPECT_EQ(NearVerbatimJaccard(a, a), 1.0);
  // A unit with no shingles is near-verbatim to nothing (ExactJaccard says 1.0 for two empties).
  EXPECT_EQ(NearVerbatimJaccard(std::vector<uint32_t>{}, std::vector<uint32_t>{}), 0.0);
  EXPECT_EQ(NearVerbatimJaccard(std::vector<uint32_t>{}, six), 0.0);
}

TEST(JaccardTest, NearVerbatimEqualsTheWholeMergesDecision) {
  // The early stop of NearVerbatimJaccard's merge against ExactJaccard and lexical mode's test
  // (>= 0.5), on random set pairs whose similarity lies around the threshold, ties included.
  std::mt19937 rng(17);
  int reached = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const uint32_t universe = 4 + static_cast<uint32_t>(rng() % 60);
    std::vector<uint32_t> a, b;
    const uint32_t keep =
        1 + static_cast<uint32_t>(rng() % 4);  // 1 in keep of the universe drops from each side
    for (uint32_t x = 0; x < universe; ++x) {
      if (rng() % 8 >= keep) a.push_back(x);
      if (rng() % 8 >= keep) b.push_back(x);
    }
    const double exact = ExactJaccard(a, b);
    const double want = !a.empty() && !b.empty() && exact >= 0.5 ? exact : 0.0;
    ASSERT_EQ(NearVerbatimJaccard(a, b), want) << "trial " << trial;
    reached += want > 0;
  }
  EXPECT_GT(reached, 1000);
  EXPECT_LT(reached, 19000);
}

}  // namespace
}  // namespace neardup
