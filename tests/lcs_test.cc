// Tests of the bit-parallel LCS solver against the O(n m) table.

#include "neardup/verify/lcs.h"

#include <gtest/gtest.h>

#include <random>

namespace neardup {
namespace {

bool IsCommonSubsequence(const LcsMatches& m, const std::vector<uint32_t>& a,
                         const std::vector<uint32_t>& b) {
  for (size_t k = 0; k < m.size(); ++k) {
    if (m[k].first >= a.size() || m[k].second >= b.size() || a[m[k].first] != b[m[k].second])
      return false;
    if (k > 0 && (m[k].first <= m[k - 1].first || m[k].second <= m[k - 1].second)) return false;
  }
  return true;
}

TEST(LcsTest, SmallCases) {
  struct Case {
    std::vector<uint32_t> a, b;
    size_t length;
  };
  const Case cases[] = {
      {{}, {1, 2}, 0},           {{1, 2, 3}, {}, 0},        {{1, 2, 3}, {1, 2, 3}, 3},
      {{1, 2, 3}, {4, 5, 6}, 0}, {{1, 2, 3, 4}, {2, 4}, 2}, {{7, 1, 2, 3}, {1, 2, 3, 7}, 3},
      {{1, 1, 1}, {1, 1}, 2},
  };
  LcsSolver solver;
  for (const Case& c : cases) {
    const LcsMatches& m = solver.Solve(c.a, c.b);
    EXPECT_EQ(m.size(), c.length);
    EXPECT_TRUE(IsCommonSubsequence(m, c.a, c.b));
    EXPECT_EQ(m, LcsByTable(c.a, c.b));
  }
}

// Property: on random sequences of every length from 0 to 200 (rows of one to four 64-bit words,
// and the carry between words), the solver returns exactly the table's pairs.
TEST(LcsTest, MatchesTheTableOnRandomSequences) {
  std::mt19937 gen(7);
  auto rng = [&] { return static_cast<uint32_t>(gen()); };
  LcsSolver solver;
  for (int round = 0; round < 400; ++round) {
    const size_t n = rng() % 201, m = rng() % 201;
    const uint32_t alphabet = 2 + rng() % 40;  // small alphabets: long LCSs and many ties
    std::vector<uint32_t> a(n), b(m);
    for (uint32_t& x : a) x = rng() % alphabet * 0x01000193u;
    for (uint32_t& x : b) x = rng() % alphabet * 0x01000193u;
    const LcsMatches expected = LcsByTable(a, b);
    const LcsMatches& got = solver.Solve(a, b);
    ASSERT_EQ(got, expected) << "n=" << n << " m=" << m << " alphabet=" << alphabet;
    ASSERT_TRUE(IsCommonSubsequence(got, a, b));
  }
}

}  // namespace
}  // namespace neardup
