// Tests of the near-identical stage (scan/near_identical.h): within its budget the candidate cap
// keeps every offer, past it each short item's best strong candidates whatever the order of the
// offers; short texts sharing their stem set are one group in reworded mode only in a dense
// corpus; dense tiny input keeps candidates linear in its texts.

#include "neardup/scan/near_identical.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "neardup/base/random.h"
#include "neardup/scan/scanner.h"

namespace neardup {
namespace {

std::vector<uint64_t> KeptPairs(const CandidateCap& cap) {
  std::vector<uint64_t> pairs;
  cap.AppendPairs(&pairs);
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

TEST(CandidateCapTest, KeepsTheBestStrongCandidatesInAnyOrder) {
  // Items 0..3 short, 4..39 long; item 0 is offered 36 partners, agreement = partner % 7.
  std::vector<char> short_item(40, 0);
  for (size_t i = 0; i < 4; ++i) short_item[i] = 1;
  struct Offer {
    uint32_t a, b, agreement;
  };
  std::vector<Offer> offers;
  for (uint32_t b = 4; b < 40; ++b) offers.push_back({0, b, 24 + b % 7});
  offers.push_back({1, 2, 30});
  CandidateCap forward(short_item, 4, 0), backward(short_item, 4, 0);  // budget 0: engaged
  for (const Offer& o : offers) forward.Offer(o.a, o.b, o.agreement);
  for (auto it = offers.rbegin(); it != offers.rend(); ++it) {
    backward.Offer(it->a, it->b, it->agreement);
    backward.Offer(it->a, it->b, it->agreement);  // offered twice: no change
  }
  const std::vector<uint64_t> kept = KeptPairs(forward);
  EXPECT_EQ(kept, KeptPairs(backward));
  // Item 0 keeps agreement 30 (partners 6, 13, 20, 27, 34 -> the lowest ids 6, 13, 20, 27).
  const std::vector<uint64_t> want = {uint64_t{0} << 32 | 6, uint64_t{0} << 32 | 13,
                                      uint64_t{0} << 32 | 20, uint64_t{0} << 32 | 27,
                                      uint64_t{1} << 32 | 2};
  EXPECT_EQ(kept, want);
  const std::vector<char> capped = forward.Capped();
  EXPECT_EQ(capped[0], 1);  // 36 offered, 4 kept
  EXPECT_EQ(capped[1], 0);
  EXPECT_EQ(capped[2], 0);
  EXPECT_EQ(capped, backward.Capped());
  EXPECT_FALSE(forward.IsShort(4));
  EXPECT_TRUE(forward.Engaged());
}

TEST(CandidateCapTest, WithinItsBudgetKeepsEveryOffer) {
  // 37 offers (one short side each, one offered twice: 38 counted) against budgets 38 and 37.
  std::vector<char> short_item(40, 0);
  for (size_t i = 0; i < 4; ++i) short_item[i] = 1;
  CandidateCap within(short_item, 4, 38), over(short_item, 4, 37);
  std::vector<uint64_t> want;
  for (uint32_t b = 4; b < 40; ++b) {
    within.Offer(0, b, 24 + b % 7);
    over.Offer(0, b, 24 + b % 7);
    want.push_back(uint64_t{0} << 32 | b);
  }
  within.Offer(7, 1, 25);  // short on one side: counted once
  over.Offer(7, 1, 25);
  within.Offer(0, 5, 24);  // again: counted, kept once
  over.Offer(0, 5, 24);
  want.push_back(uint64_t{1} << 32 | 7);
  std::sort(want.begin(), want.end());
  EXPECT_FALSE(within.Engaged());
  EXPECT_EQ(KeptPairs(within), want);
  EXPECT_TRUE(within.Capped().empty());  // nothing capped
  EXPECT_TRUE(over.Engaged());
  EXPECT_EQ(KeptPairs(over).size(), 5u);  // item 0's best 4, and (1, 7)
  EXPECT_EQ(over.Capped()[0], 1);
}

ScanResult ScanTexts(const std::vector<std::string>& texts) {
  Options o;
  o.mode = Mode::kReworded;
  o.threads = 2;
  Scanner scanner(o);
  for (size_t i = 0; i < texts.size(); ++i) {
    Document d;
    d.id = "d" + std::to_string(i);
    d.text = texts[i];
    scanner.AddDocument(d);
  }
  return scanner.Finish();
}

TEST(NearIdenticalTest, ShortTextsSharingTheirStemSetAreOneGroup) {
  const std::vector<std::string> texts = {
      "Harbour council approves the budget.", "The budget approves harbour council!",
      "Council approves harbour budget",
      "A long unrelated paragraph about winter storms, "
      "farmers and their markets, which shares nothing with the others at all."};
  const ScanResult r = ScanTexts(texts);
  EXPECT_EQ(r.stats.identical_groups, 2u);  // the three short texts, and the long one
  EXPECT_EQ(r.units[0].group, r.units[1].group);
  EXPECT_EQ(r.units[0].group, r.units[2].group);
  ASSERT_EQ(r.pairs.size(), 3u);
  for (const Pair& p : r.pairs) EXPECT_TRUE(p.identical);
  ASSERT_EQ(r.clusters.size(), 1u);
  EXPECT_EQ(r.clusters[0].members.size(), 3u);
}

TEST(NearIdenticalTest, AFewMergeableTextsInOrdinaryTextStayApart) {
  // The same three short texts among 30 long ones: merging would remove 2 of 33 groups, under
  // 1/kDenseGroupShare, so the corpus is not dense and nothing merges (real news: 22 of 8,238).
  static_assert(kDenseGroupShare == 10);
  std::vector<std::string> texts = {"Harbour council approves the budget.",
                                    "The budget approves harbour council!",
                                    "Council approves harbour budget"};
  for (int i = 0; i < 30; ++i) {  // 12 made-up words of its own each: not short, nothing shared
    std::string t = "Paragraph";
    for (int w = 0; w < 12; ++w) {
      t += std::string{' ',
                       'q',
                       static_cast<char>('a' + i % 26),
                       static_cast<char>('a' + i / 26),
                       static_cast<char>('a' + w),
                       'z',
                       'o',
                       'n'};
    }
    texts.push_back(t + ".");
  }
  const ScanResult r = ScanTexts(texts);
  EXPECT_NE(r.units[0].group, r.units[1].group);
  EXPECT_NE(r.units[0].group, r.units[2].group);
  EXPECT_NE(r.units[1].group, r.units[2].group);
  for (const Pair& p : r.pairs) EXPECT_FALSE(p.identical);
}

TEST(NearIdenticalTest, TwoTextsOfOneStemSetStayApart) {
  // Fewer than kMinNearIdenticalTexts distinct texts: not merged (ordinary text is unchanged).
  static_assert(kMinNearIdenticalTexts == 3);
  const ScanResult r =
      ScanTexts({"Harbour council approves the budget.", "The budget approves harbour council!"});
  EXPECT_EQ(r.stats.identical_groups, 2u);
}

TEST(NearIdenticalTest, DenseTinyInputKeepsCandidatesLinear) {
  // scripts/gen_dense_tiny.py's shape: 1-8 words from 18.
  const std::vector<std::string> vocab = {"river",    "council", "budget", "station", "harbour",
                                          "minister", "storm",   "school", "bridge",  "market",
                                          "police",   "doctor",  "winter", "farmers", "court",
                                          "energy",   "museum",  "airport"};
  uint64_t state = 7;
  std::vector<std::string> texts;
  for (int i = 0; i < 4000; ++i) {
    std::string t;
    const uint64_t n = 1 + SplitMix64(&state) % 8;
    for (uint64_t w = 0; w < n; ++w) t += (w ? " " : "") + vocab[SplitMix64(&state) % vocab.size()];
    texts.push_back(t);
  }
  const ScanResult r = ScanTexts(texts);
  // Each group: at most kShortTextCandidates strong and 8 weak (kParagraphBudget) candidates of
  // its own; unbounded, these were ~100 per group.
  EXPECT_LE(r.stats.candidates, r.stats.identical_groups * (kShortTextCandidates + 8));
  EXPECT_LT(r.stats.identical_groups, 4000u);
  EXPECT_GT(r.stats.elided_pairs, 0u);
}

}  // namespace
}  // namespace neardup
