// BestWeakCandidates: table-driven cases, and random offers (repeated, in any order, split over
// tables that are then merged) against a direct restatement of the budget.

#include "neardup/sketch/candidate_budget.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>
#include <vector>

namespace neardup {
namespace {

using Pair = std::pair<uint32_t, uint32_t>;

std::set<Pair> Kept(const BestWeakCandidates& table) {
  std::vector<uint64_t> raw;
  table.AppendPairs(&raw);
  std::set<Pair> out;
  for (const uint64_t e : raw)
    out.emplace(static_cast<uint32_t>(e >> 32), static_cast<uint32_t>(e));
  return out;
}

// The budget restated: a pair is kept when it ranks among the per_item best (more agreement, then
// the lower id of the other item) of the distinct pairs offered with a or with b.
std::set<Pair> Reference(const std::map<Pair, uint32_t>& offered, size_t items, uint32_t per_item) {
  std::vector<std::vector<std::pair<int64_t, uint32_t>>> ranked(items);  // (-agreement, other)
  for (const auto& [p, g] : offered) {
    ranked[p.first].emplace_back(-static_cast<int64_t>(g), p.second);
    ranked[p.second].emplace_back(-static_cast<int64_t>(g), p.first);
  }
  std::set<Pair> out;
  for (uint32_t item = 0; item < items; ++item) {
    auto& r = ranked[item];
    std::sort(r.begin(), r.end());
    for (size_t k = 0; k < r.size() && k < per_item; ++k) {
      out.emplace(std::min(item, r[k].second), std::max(item, r[k].second));
    }
  }
  return out;
}

TEST(BestWeakCandidatesTest, Cases) {
  struct Case {
    const char* name;
    uint32_t per_item;
    std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> offers;  // (a, b, agreement)
    std::set<Pair> want;
  };
  const std::vector<Case> cases = {
      {"nothing offered", 2, {}, {}},
      {"per_item 0 keeps nothing", 0, {{0, 1, 12}}, {}},
      {"within budget: all kept", 2, {{0, 1, 12}, {0, 2, 11}}, {{0, 1}, {0, 2}}},
      // Item 0 keeps 1 and 3 (agreement 15, 14); pair (0, 2) survives through item 2's own row.
      {"a hub keeps its best, a spoke its own",
       2,
       {{0, 1, 15}, {0, 2, 10}, {0, 3, 14}},
       {{0, 1}, {0, 2}, {0, 3}}},
      // Items 1..3 each also hold two better candidates (4-9), so (0, x) must come from item 0:
      // it keeps 1 and 2 (tie at 12 broken by the lower id), not 3.
      {"ties go to the lower id",
       2,
       {{0, 1, 12},
        {0, 2, 12},
        {0, 3, 12},
        {1, 4, 20},
        {1, 5, 20},
        {2, 6, 20},
        {2, 7, 20},
        {3, 8, 20},
        {3, 9, 20}},
       {{0, 1}, {0, 2}, {1, 4}, {1, 5}, {2, 6}, {2, 7}, {3, 8}, {3, 9}}},
      {"an offer repeated counts once",
       1,
       {{0, 1, 12}, {0, 1, 12}, {0, 2, 11}, {2, 3, 13}},
       {{0, 1}, {2, 3}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    BestWeakCandidates table(10, c.per_item);
    for (const auto& [a, b, g] : c.offers) table.Offer(a, b, g);
    EXPECT_EQ(Kept(table), c.want);
  }
}

TEST(BestWeakCandidatesTest, RandomOffersMatchReferenceWhateverTheSplit) {
  std::mt19937_64 rng(23);
  for (int round = 0; round < 30; ++round) {
    const size_t items = 20 + rng() % 100;
    const uint32_t per_item = static_cast<uint32_t>(rng() % 6);
    std::map<Pair, uint32_t> offered;
    std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> offers;
    for (size_t k = 0; k < items * 6; ++k) {
      uint32_t a = static_cast<uint32_t>(rng() % items), b = static_cast<uint32_t>(rng() % items);
      if (a == b) continue;
      if (a > b) std::swap(a, b);
      auto [it, fresh] = offered.emplace(Pair{a, b}, static_cast<uint32_t>(10 + rng() % 14));
      offers.emplace_back(a, b, it->second);
      if (rng() % 3 == 0) offers.emplace_back(b, a, it->second);  // again, sides swapped
    }
    std::shuffle(offers.begin(), offers.end(), rng);
    SCOPED_TRACE(testing::Message() << "round " << round << " per_item " << per_item);
    // One table, and the same offers split over three tables merged.
    BestWeakCandidates one(items, per_item);
    std::vector<BestWeakCandidates> parts(3, BestWeakCandidates(items, per_item));
    for (const auto& [a, b, g] : offers) {
      one.Offer(a, b, g);
      parts[rng() % 3].Offer(a, b, g);
    }
    parts[0].Merge(parts[1]);
    parts[0].Merge(parts[2]);
    const std::set<Pair> want = Reference(offered, items, per_item);
    EXPECT_EQ(Kept(one), want);
    EXPECT_EQ(Kept(parts[0]), want);
    if (per_item > 0 && per_item < 4) {
      EXPECT_LT(want.size(), offered.size());  // the budget bites
    }
  }
}

}  // namespace
}  // namespace neardup
