// ApplyCandidateBudget: table-driven cases, and random candidate lists against a direct
// restatement of the budget (per item, its weak candidates ranked by agreement).

#include "neardup/byte_sketch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

namespace neardup {
namespace {

using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;

// Sketches for `items` items such that item i and item j agree on agreement[{i, j}] positions:
// every item's bytes are distinct per item (i + 1 in every position) except where a listed pair
// is made to agree. Only works for pairs sharing no item (each item's positions are set once).
std::vector<uint8_t> SketchesWithAgreement(size_t items,
                                           const std::map<std::pair<uint32_t, uint32_t>, int>& agree) {
  std::vector<uint8_t> s(items * kByteSketchSize);
  for (size_t i = 0; i < items; ++i) {
    for (size_t k = 0; k < kByteSketchSize; ++k) s[i * kByteSketchSize + k] = static_cast<uint8_t>(i + 1);
  }
  for (const auto& [p, n] : agree) {
    for (size_t k = 0; k < static_cast<size_t>(n); ++k) s[p.second * kByteSketchSize + k] = static_cast<uint8_t>(p.first + 1);
  }
  return s;
}

// The budget restated: a pair is kept if strong, or if it is not under kMinByteAgreement and among the per_item best of the weak
// candidates of a or of b, where a tie that would cross per_item drops the whole tied level.
Pairs Reference(const Pairs& pairs, const std::vector<uint8_t>& sketches, size_t items,
                const CandidateBudget& budget) {
  auto agreement = [&](uint32_t a, uint32_t b) {
    return ByteSketchAgreement(&sketches[a * kByteSketchSize], &sketches[b * kByteSketchSize]);
  };
  std::vector<std::vector<uint32_t>> weak(items);  // agreements of each item's weak candidates
  for (const auto& [a, b] : pairs) {
    const uint32_t g = agreement(a, b);
    if (g >= kMinByteAgreement && g < budget.strong) {
      weak[a].push_back(g);
      weak[b].push_back(g);
    }
  }
  auto kept_by = [&](uint32_t item, uint32_t g) {
    const auto& w = weak[item];
    const size_t at_least = static_cast<size_t>(std::count_if(w.begin(), w.end(), [&](uint32_t x) { return x >= g; }));
    return at_least <= budget.per_item;
  };
  Pairs out;
  for (const auto& [a, b] : pairs) {
    const uint32_t g = agreement(a, b);
    if (g >= budget.strong || (g >= kMinByteAgreement && (kept_by(a, g) || kept_by(b, g)))) {
      out.emplace_back(a, b);
    }
  }
  return out;
}

TEST(CandidateBudgetTest, Cases) {
  struct Case {
    const char* name;
    std::map<std::pair<uint32_t, uint32_t>, int> agree;  // pairs with their agreement
    CandidateBudget budget;
    Pairs want;
  };
  // Item 0 is the hub in most cases (each spoke pair shares only item 0, so SketchesWithAgreement
  // can't be used for them: those cases set the hub's bytes per spoke below).
  const std::vector<Case> cases = {
      {"strong pairs are always kept", {{{0, 1}, 40}, {{2, 3}, 30}}, {24, 0}, {{0, 1}, {2, 3}}},
      {"a weak pair within budget is kept", {{{0, 1}, 12}}, {24, 1}, {{0, 1}}},
      {"per_item 0 drops every weak pair", {{{0, 1}, 12}, {{2, 3}, 23}}, {24, 0}, {}},
      {"strong 0 keeps everything", {{{0, 1}, 12}}, {0, 0}, {{0, 1}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto sketches = SketchesWithAgreement(4, c.agree);
    Pairs pairs;
    for (const auto& [p, n] : c.agree) pairs.push_back(p);
    ApplyCandidateBudget(&pairs, sketches, 4, c.budget, 1);
    EXPECT_EQ(pairs, c.want);
  }
}

// A hub with many weak candidates keeps its best; a spoke whose only weak candidate is the hub
// keeps it through its own budget.
TEST(CandidateBudgetTest, HubKeepsItsBestAndSpokesKeepTheirOwn) {
  // Items: 0 = hub, 1..10 = spokes; hub agrees with spoke s on 10 + s positions.
  // Spokes 11..12 share the hub's candidates' items with a second hub so they have > per_item.
  constexpr size_t kItems = 11;
  std::vector<uint8_t> s(kItems * kByteSketchSize);
  for (size_t i = 0; i < kItems; ++i) {
    for (size_t k = 0; k < kByteSketchSize; ++k) s[i * kByteSketchSize + k] = static_cast<uint8_t>(100 + i);
  }
  // The hub's bytes are 0; spoke j agrees on its first 10 + j positions.
  for (size_t k = 0; k < kByteSketchSize; ++k) s[k] = 0;
  for (uint32_t j = 1; j < kItems; ++j) {
    for (uint32_t k = 0; k < 10 + j; ++k) s[j * kByteSketchSize + k] = 0;
  }
  Pairs pairs;
  for (uint32_t j = 1; j < kItems; ++j) pairs.emplace_back(0, j);
  // Spokes also agree with each other (on the same zero prefixes): give spoke pairs too, so every
  // spoke has more weak candidates than the budget and only the hub's ranking decides.
  for (uint32_t a = 1; a < kItems; ++a) {
    for (uint32_t b = a + 1; b < kItems; ++b) pairs.emplace_back(a, b);
  }
  std::sort(pairs.begin(), pairs.end());
  Pairs got = pairs;
  const CandidateBudget budget{24, 3};
  ApplyCandidateBudget(&got, s, kItems, budget, 2);
  EXPECT_EQ(got, Reference(pairs, s, kItems, budget));
  // The hub's three best spokes (8, 9, 10: agreements 18..20) are kept with it, the others not.
  for (uint32_t j = 1; j < kItems; ++j) {
    EXPECT_EQ(std::count(got.begin(), got.end(), std::make_pair(0u, j)), j >= 8 ? 1 : 0) << j;
  }
}

TEST(CandidateBudgetTest, RandomListsMatchReference) {
  std::mt19937_64 rng(17);
  for (int round = 0; round < 20; ++round) {
    const size_t items = 30 + rng() % 200;
    // Sketches from a few shared "topic" byte patterns, so agreements spread over 0..64.
    std::vector<uint8_t> s(items * kByteSketchSize);
    for (size_t i = 0; i < items; ++i) {
      const uint8_t topic = static_cast<uint8_t>(rng() % 3);
      const size_t keep = rng() % kByteSketchSize;
      for (size_t k = 0; k < kByteSketchSize; ++k) {
        s[i * kByteSketchSize + k] = k < keep ? static_cast<uint8_t>(topic * 64 + k) : static_cast<uint8_t>(rng());
      }
    }
    Pairs pairs;
    for (uint32_t a = 0; a < items; ++a) {
      for (uint32_t b = a + 1; b < items; ++b) {
        if (rng() % 4 == 0) pairs.emplace_back(a, b);
      }
    }
    const CandidateBudget budget{static_cast<uint32_t>(12 + rng() % 30), static_cast<uint32_t>(rng() % 10)};
    SCOPED_TRACE(testing::Message() << "round " << round << " strong " << budget.strong << " per_item " << budget.per_item);
    Pairs got = pairs;
    ApplyCandidateBudget(&got, s, items, budget, 1 + static_cast<int>(round % 2));
    EXPECT_EQ(got, Reference(pairs, s, items, budget));
    EXPECT_LT(got.size(), pairs.size());  // the lists are dense enough for the budget to bite
  }
}

}  // namespace
}  // namespace neardup
