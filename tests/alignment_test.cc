// Tests of the word alignment and the document verdicts.

#include "neardup/report/alignment.h"

#include <gtest/gtest.h>

#include "neardup/report/doc_verdict.h"

namespace neardup {
namespace {

std::string Cut(std::string_view t, ByteRange r) {
  return std::string(t.substr(r.begin, r.end - r.begin));
}

TEST(WordAlignerTest, SharedAndOnlyRunsPartitionTheWords) {
  const std::string a = "xx Obama blames North Korea for the attack.";
  const std::string b = "President Obama blamed North Korea for the hack";
  WordAligner al;
  Alignment r =
      al.Align(a, {3, static_cast<uint32_t>(a.size())}, b, {0, static_cast<uint32_t>(b.size())}, 1);
  ASSERT_EQ(r.a.shared.size(), 1u);
  EXPECT_EQ(Cut(a, r.a.shared[0]), "Obama blames North Korea for the");
  ASSERT_EQ(r.a.only.size(), 1u);
  EXPECT_EQ(Cut(a, r.a.only[0]), "attack");
  ASSERT_EQ(r.b.only.size(), 2u);
  EXPECT_EQ(Cut(b, r.b.only[0]), "President");
  EXPECT_EQ(Cut(b, r.b.only[1]), "hack");
  EXPECT_EQ(r.aligned_words, 6u);
  EXPECT_EQ(r.a.words, 7u);
  EXPECT_FALSE(r.truncated);
}

TEST(WordAlignerTest, StrayStopwordsAreNotShared) {
  const std::string a = "the cat sat";
  const std::string b = "dogs ran to the park";
  WordAligner al;
  Alignment r = al.Align(a, {0, 11}, b, {0, static_cast<uint32_t>(b.size())}, 1);
  EXPECT_EQ(r.aligned_words, 0u);
  EXPECT_TRUE(r.a.shared.empty());
}

TEST(DocPairsTest, CoverageAndVerdict) {
  ScanResult r;
  r.doc_ids = {"a", "b"};
  r.units = {{0, 0, {0, 10}, 10, 0}, {0, 1, {11, 20}, 10, 1}, {1, 0, {0, 10}, 10, 2}};
  r.pairs = {{0, 2, 0.9, 0.9, 5, false}};
  Alignment al;
  al.a.matched = {{0, 8}};  // words 0..7
  al.b.matched = {{0, 8}};
  std::vector<DocPair> d = DocPairs(r, {al}, VerdictOptions{});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].words_a, 20u);
  EXPECT_EQ(d[0].covered_a, 8u);
  EXPECT_DOUBLE_EQ(d[0].coverage_a, 0.4);
  EXPECT_DOUBLE_EQ(d[0].coverage_b, 0.8);
  EXPECT_EQ(d[0].verdict, Verdict::kWhollyDerived);
  EXPECT_FALSE(d[0].a_derived);
  EXPECT_STREQ(VerdictName(Verdict::kPartiallyDerived), "partially-derived");
}

}  // namespace
}  // namespace neardup
