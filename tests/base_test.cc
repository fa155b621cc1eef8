// The base helpers without a test of their own: UnionFind, the pair lists (JoinLists,
// SortedUniquePairs) and MatchedInDocuments, each against a direct restatement.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "neardup/base/pair_lists.h"
#include "neardup/base/random.h"
#include "neardup/base/union_find.h"
#include "neardup/verify/matched_in_documents.h"

namespace neardup {
namespace {

TEST(UnionFindTest, ComponentsMatchANaiveLabelling) {
  struct Case {
    const char* name;
    size_t n;
    std::vector<std::pair<uint32_t, uint32_t>> unions;
  };
  const Case cases[] = {
      {"none", 4, {}},
      {"chain", 5, {{0, 1}, {1, 2}, {2, 3}}},
      {"repeated and reversed", 4, {{1, 0}, {0, 1}, {3, 2}, {2, 3}}},
      {"star then join", 6, {{0, 5}, {0, 4}, {1, 2}, {4, 2}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    UnionFind uf(c.n);
    std::vector<uint32_t> label(c.n);
    for (uint32_t i = 0; i < c.n; ++i) label[i] = i;
    for (const auto& [a, b] : c.unions) {
      const bool merged = uf.Union(a, b);
      const uint32_t la = label[a], lb = label[b];
      EXPECT_EQ(merged, la != lb);
      for (uint32_t& l : label) {
        if (l == lb) l = la;
      }
    }
    for (uint32_t i = 0; i < c.n; ++i) {
      for (uint32_t j = 0; j < c.n; ++j) {
        EXPECT_EQ(uf.Find(i) == uf.Find(j), label[i] == label[j]) << i << " " << j;
      }
      EXPECT_EQ(uf.SetSize(i),
                static_cast<size_t>(std::count(label.begin(), label.end(), label[i])));
    }
  }
}

TEST(PairListsTest, SortedUniquePairsEqualsSortAndUnique) {
  uint64_t state = 7;
  for (const size_t items : {1u, 2u, 17u, 300u}) {
    for (const size_t n : {0u, 1u, 50u, 5000u}) {
      SCOPED_TRACE(testing::Message() << items << " items, " << n << " entries");
      std::vector<uint64_t> entries;
      std::set<std::pair<uint32_t, uint32_t>> want;
      for (size_t k = 0; k < n; ++k) {
        const uint32_t a = static_cast<uint32_t>(SplitMix64(&state) % items);
        const uint32_t b = static_cast<uint32_t>(SplitMix64(&state) % 1000);
        entries.push_back(uint64_t{a} << 32 | b);
        want.insert({a, b});
      }
      const auto got = SortedUniquePairs(&entries, items);
      EXPECT_TRUE(entries.empty());
      const std::vector<std::pair<uint32_t, uint32_t>> want_pairs(want.begin(), want.end());
      EXPECT_EQ(got, want_pairs);
    }
  }
}

TEST(PairListsTest, JoinListsKeepsListOrderAndFreesTheParts) {
  std::vector<std::vector<int>> lists = {{}, {1, 2}, {}, {3}, {4, 5, 6}};
  const std::vector<int> joined =
      JoinLists(lists, [](std::vector<int>& l) -> std::vector<int>& { return l; });
  EXPECT_EQ(joined, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  for (const std::vector<int>& l : lists) EXPECT_TRUE(l.empty());
}

TEST(MatchedInDocumentsTest, EachPairMatchesBothSidesInTheOthersDocument) {
  const std::vector<uint32_t> group_doc = {0, 0, 1, 2, 2};
  MatchedInDocuments m(group_doc);
  m.Add(0, 2);  // group 0 matched in document 1, group 2 in document 0
  m.Add(1, 4);  // group 1 in document 2, group 4 in document 0
  m.Seal();
  const std::set<std::pair<uint32_t, uint32_t>> want = {{0, 1}, {2, 0}, {1, 2}, {4, 0}};
  for (uint32_t g = 0; g < group_doc.size(); ++g) {
    for (uint32_t d = 0; d < 3; ++d) {
      EXPECT_EQ(m.Contains(g, d), want.count({g, d}) == 1) << g << " in " << d;
    }
  }
}

TEST(MatchedInDocumentsTest, PartnersAreTheGroupsPairedInThatDocument) {
  const std::vector<uint32_t> group_doc = {0, 0, 1, 1, 2};
  MatchedInDocuments m(group_doc);
  m.Add(0, 3);  // group 0 with 3 in document 1, 3 with 0 in document 0
  m.Add(0, 2);  // group 0 with 2 in document 1, 2 with 0 in document 0
  m.Add(1, 4);  // group 1 with 4 in document 2, 4 with 1 in document 0
  m.Seal();
  auto partners = [&](uint32_t g, uint32_t d) {
    std::vector<uint32_t> out;
    for (const MatchedInDocuments::Entry& e : m.Partners(g, d)) out.push_back(e.partner);
    return out;
  };
  EXPECT_EQ(partners(0, 1), (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(partners(3, 0), (std::vector<uint32_t>{0}));
  EXPECT_EQ(partners(4, 0), (std::vector<uint32_t>{1}));
  EXPECT_TRUE(partners(0, 2).empty());
  EXPECT_TRUE(partners(2, 1).empty());
}

}  // namespace
}  // namespace neardup
