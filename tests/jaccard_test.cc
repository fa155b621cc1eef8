// Tests for exact Jaccard: table-driven edge cases and a randomized check against
// std::set_intersection.
#include "neardup/verify/jaccard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <vector>

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

}  // namespace
}  // namespace neardup
