// Tests of document verdicts: coverage from aligned words, union over a paragraph's pairs, the
// reworded words inside a scored pair's aligned stretch at its probability, orientation,
// thresholds, and what is left out (pairs inside one document, site furniture's words).

#include "neardup/report/doc_verdict.h"

#include <gtest/gtest.h>

#include <numeric>

namespace neardup {
namespace {

// A result with documents of the given paragraph word counts; units numbered in input order.
ScanResult MakeResult(const std::vector<std::vector<uint32_t>>& doc_paragraph_words) {
  ScanResult r;
  for (size_t d = 0; d < doc_paragraph_words.size(); ++d) {
    r.doc_ids.push_back("d" + std::to_string(d));
    for (size_t p = 0; p < doc_paragraph_words[d].size(); ++p) {
      UnitRef u;
      u.doc = static_cast<uint32_t>(d);
      u.para = static_cast<uint32_t>(p);
      u.words = doc_paragraph_words[d][p];
      u.group = static_cast<uint32_t>(r.units.size());
      r.units.push_back(u);
    }
  }
  return r;
}

std::vector<uint32_t> Range(uint32_t begin, uint32_t end) {
  std::vector<uint32_t> v(end - begin);
  std::iota(v.begin(), v.end(), begin);
  return v;
}

Alignment Aligned(std::vector<uint32_t> a, std::vector<uint32_t> b) {
  Alignment al;
  al.aligned_words = static_cast<uint32_t>(a.size());
  al.a.matched = RunsOfIndices(a);
  al.b.matched = RunsOfIndices(b);
  return al;
}

TEST(DocVerdictTest, CoverageUnionsAlignedWordsOfAParagraphsPairs) {
  // d0: paragraphs of 10 and 30 words; d1: one paragraph of 20 words.
  ScanResult r = MakeResult({{10, 30}, {20}});
  r.pairs = {{0, 2}, {1, 2}};
  // Unit 2 is aligned twice: words 0-9 with unit 0, words 5-14 with unit 1 (union: 15 words).
  std::vector<Alignment> al = {Aligned(Range(0, 10), Range(0, 10)),
                               Aligned(Range(0, 10), Range(5, 15))};
  const auto dps = DocPairs(r, al, VerdictOptions());
  ASSERT_EQ(dps.size(), 1u);
  const DocPair& d = dps[0];
  EXPECT_EQ(d.a, 0u);
  EXPECT_EQ(d.b, 1u);
  EXPECT_EQ(d.pairs, 2u);
  EXPECT_EQ(d.words_a, 40u);
  EXPECT_EQ(d.words_b, 20u);
  EXPECT_EQ(d.covered_a, 20u);  // 10 in unit 0 + 10 in unit 1
  EXPECT_EQ(d.covered_b, 15u);
  EXPECT_DOUBLE_EQ(d.coverage_a, 0.5);
  EXPECT_DOUBLE_EQ(d.coverage_b, 0.75);
  EXPECT_FALSE(d.a_derived);  // b is the more covered side
  EXPECT_EQ(d.verdict, Verdict::kWhollyDerived);
}

// A reworded pair (a probability) counts the words it did not align between its first and last
// aligned word at its probability, scaled by how many such words the other side has (at most 1);
// a word in two pairs' stretches counts the larger, an aligned word 1, a word outside every
// stretch 0. A lexical pair (probability 0) counts only its aligned words.
TEST(DocVerdictTest, ScoredPairsCountTheGapsOfTheirStretchesAtTheirProbability) {
  // d0: one paragraph of 40 words; d1: one of 40 and one of 20 words.
  ScanResult r = MakeResult({{40}, {40, 20}});
  Pair sentence{0, 1};
  sentence.probability = 0.6;
  Pair clause{0, 1};
  clause.probability = 0.9;
  Pair lexical{0, 2};  // no probability
  r.pairs = {sentence, clause, lexical};
  // The sentence pair: a aligns 10-12 and 27-29 (14 words between), b aligns 0-2 and 17-19 (14).
  Alignment s;
  s.a.matched = {{10, 13}, {27, 30}};
  s.b.matched = {{0, 3}, {17, 20}};
  // The clause pair: a aligns 20 and 24 (3 between), b aligns 15 and 24 (8 between).
  Alignment c;
  c.a.matched = {{20, 21}, {24, 25}};
  c.b.matched = {{15, 16}, {24, 25}};
  // The lexical pair: a aligns 30-31 and 38-39, b 0-1 and 10-11 (gaps not counted).
  Alignment l;
  l.a.matched = {{30, 32}, {38, 40}};
  l.b.matched = {{0, 2}, {10, 12}};
  const auto dps = DocPairs(r, {s, c, l}, VerdictOptions());
  ASSERT_EQ(dps.size(), 1u);
  const DocPair& d = dps[0];
  EXPECT_EQ(d.covered_a, 12u);  // 10-12, 20, 24, 27-29, 30-31, 38-39
  EXPECT_EQ(d.covered_b, 12u);  // 0-2, 15, 17-19, 24 of the first paragraph; 0-1, 10-11
  // a: 12 aligned + 13-19, 25-26 at 0.6 + 21-23 at 0.9 (the larger; its 3 gap words face 8).
  EXPECT_NEAR(d.coverage_a, (12 + 9 * 0.6 + 3 * 0.9) / 40, 1e-12);
  // b: the clause's 8 gap words face 3 on a's side: each counts 0.9 * 3 / 8 = 0.3375, under the
  // sentence pair's 0.6 where both hold it. 12 aligned + 3-14, 16 at 0.6 + 20-23 at 0.3375.
  EXPECT_NEAR(d.coverage_b, (12 + 13 * 0.6 + 4 * 0.3375) / 60, 1e-12);
}

// Site furniture ("Leave a Reply" on two pages of one site) is a pair of the document pair but
// covers nothing: it is the site's own text, not copy, with or without alignments.
TEST(DocVerdictTest, FurnitureCountsAsAPairButCoversNothing) {
  ScanResult r = MakeResult({{10, 3}, {20, 3}});
  Pair copy{0, 2};
  copy.probability = 0.9;
  Pair furniture{1, 3};
  furniture.probability = 1.0;
  furniture.furniture = true;
  r.pairs = {copy, furniture};
  const std::vector<Alignment> al = {Aligned(Range(0, 5), Range(0, 5)),
                                     Aligned(Range(0, 3), Range(0, 3))};
  for (const bool with_alignments : {true, false}) {
    SCOPED_TRACE(with_alignments);
    const auto dps = DocPairs(r, with_alignments ? al : std::vector<Alignment>{}, VerdictOptions());
    ASSERT_EQ(dps.size(), 1u);
    EXPECT_EQ(dps[0].pairs, 2u);
    EXPECT_EQ(dps[0].covered_a, with_alignments ? 5u : 10u);  // the copy pair's words only
    EXPECT_DOUBLE_EQ(dps[0].coverage_a, with_alignments ? 5.0 / 13 : 10.0 / 13);
  }
}

TEST(DocVerdictTest, ThresholdsDecideTheVerdict) {
  struct Case {
    uint32_t matched;  // of a 100-word paragraph in d1, aligned with d0's 1000-word paragraph
    Verdict want;
  };
  const VerdictOptions opt;  // the defaults the README documents
  const Case cases[] = {
      {100, Verdict::kWhollyDerived},
      {static_cast<uint32_t>(opt.wholly * 100), Verdict::kWhollyDerived},
      {static_cast<uint32_t>(opt.wholly * 100) - 1, Verdict::kPartiallyDerived},
      {static_cast<uint32_t>(opt.partially * 100), Verdict::kPartiallyDerived},
      {static_cast<uint32_t>(opt.partially * 100) - 1, Verdict::kNonDerived},
      {0, Verdict::kNonDerived},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.matched);
    ScanResult r = MakeResult({{1000}, {100}});
    r.pairs = {{0, 1}};
    const auto dps = DocPairs(r, {Aligned(Range(0, c.matched), Range(0, c.matched))}, opt);
    ASSERT_EQ(dps.size(), 1u);
    EXPECT_EQ(dps[0].verdict, c.want);
    EXPECT_FALSE(dps[0].a_derived);
  }
}

// Whole-text matches (ScanResult::doc_matches) make a document pair at least partially derived:
// one with no paragraph pair is added, oriented by document-level containment; one with
// paragraph pairs keeps its coverage and a higher verdict.
TEST(DocVerdictTest, WholeTextMatchesJoinTheVerdicts) {
  ScanResult r = MakeResult({{100}, {50}, {40}});
  r.pairs = {{0, 2}};  // d0 ~ d2 by a paragraph pair, wholly covered on d2's side
  r.doc_matches = {{0, 1, 0.45, 0.2, 0.7}, {0, 2, 0.6, 0.5, 0.9}};
  const auto dps = DocPairs(r, {Aligned(Range(0, 40), Range(0, 40))}, VerdictOptions());
  ASSERT_EQ(dps.size(), 2u);
  EXPECT_EQ(dps[0].b, 1u);
  EXPECT_EQ(dps[0].pairs, 0u);
  EXPECT_EQ(dps[0].verdict, Verdict::kPartiallyDerived);
  EXPECT_FALSE(dps[0].a_derived);  // d1 is the more contained side
  EXPECT_DOUBLE_EQ(dps[0].doc_similarity, 0.45);
  EXPECT_EQ(dps[1].b, 2u);
  EXPECT_EQ(dps[1].pairs, 1u);
  EXPECT_EQ(dps[1].verdict, Verdict::kWhollyDerived);  // coverage 1.0 decides
  EXPECT_DOUBLE_EQ(dps[1].doc_similarity, 0.6);
}

TEST(DocVerdictTest, PairsInsideOneDocumentAreNotDocPairs) {
  ScanResult r = MakeResult({{10, 10}, {10}});
  r.pairs = {{0, 1}};
  EXPECT_TRUE(DocPairs(r, {Aligned(Range(0, 10), Range(0, 10))}, VerdictOptions()).empty());
}

TEST(DocVerdictTest, WithoutAlignmentsAPairedParagraphCountsWhole) {
  ScanResult r = MakeResult({{10, 30}, {20, 20}, {5}});
  r.pairs = {{0, 2}, {2, 4}};
  const auto dps = DocPairs(r, {}, VerdictOptions());
  ASSERT_EQ(dps.size(), 2u);
  EXPECT_EQ(dps[0].a, 0u);
  EXPECT_EQ(dps[0].b, 1u);
  EXPECT_DOUBLE_EQ(dps[0].coverage_a, 0.25);
  EXPECT_DOUBLE_EQ(dps[0].coverage_b, 0.5);
  EXPECT_EQ(dps[1].a, 1u);
  EXPECT_EQ(dps[1].b, 2u);
  EXPECT_DOUBLE_EQ(dps[1].coverage_b, 1.0);
  EXPECT_TRUE(dps[1].a_derived == false);
}

TEST(DocVerdictTest, OutOfRangeAlignedIndicesAreIgnored) {
  ScanResult r = MakeResult({{4}, {4}});
  r.pairs = {{0, 1}};
  const auto dps = DocPairs(r, {Aligned({0, 1, 7, 9}, {0, 1, 2, 3})}, VerdictOptions());
  ASSERT_EQ(dps.size(), 1u);
  EXPECT_EQ(dps[0].covered_a, 2u);
  EXPECT_EQ(dps[0].covered_b, 4u);
}

}  // namespace
}  // namespace neardup
