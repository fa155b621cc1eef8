// Tests of whole-document matching: a rewrite of a source matches it, an independent text on the
// same topic does not, the threshold is judged against random document pairs with a floor, a
// fixed threshold overrides it, and the output is sorted and deterministic.

#include "neardup/verify/document_matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace neardup {
namespace {

std::vector<uint32_t> Ids(uint32_t begin, uint32_t end) {
  std::vector<uint32_t> v(end - begin);
  std::iota(v.begin(), v.end(), begin);
  return v;
}

std::vector<uint32_t> Union(std::vector<uint32_t> a, const std::vector<uint32_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

// Documents: 0 = source (topic words 0-9, its own words 100-139); 1 = a shorter rewrite (topic
// words, 30 of the source's 40 own words, 3 words of its own); 2 = independent on the topic (topic
// words and 40 words of its own); 3.. = 40 unrelated documents of other topics that share one
// common word (1000) with everything, so random pairs share a word.
std::vector<std::vector<uint32_t>> Corpus() {
  const std::vector<uint32_t> topic = Ids(0, 10);
  std::vector<std::vector<uint32_t>> docs;
  docs.push_back(Union(Union(topic, Ids(100, 140)), {1000}));
  docs.push_back(Union(Union(topic, Ids(100, 130)), Union(Ids(200, 203), {1000})));
  docs.push_back(Union(Union(topic, Ids(300, 340)), {1000}));
  for (uint32_t t = 0; t < 40; ++t)
    docs.push_back(Union(Ids(2000 + 50 * t, 2040 + 50 * t), {1000}));
  return docs;
}

std::vector<std::pair<uint32_t, uint32_t>> AllPairs(size_t n) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (uint32_t a = 0; a < n; ++a)
    for (uint32_t b = a + 1; b < n; ++b) out.emplace_back(a, b);
  return out;
}

TEST(DocumentMatcherTest, RewriteMatchesIndependentTextDoesNot) {
  const auto docs = Corpus();
  Options o;
  DocLevelStats stats;
  const std::vector<DocLevelMatch> m =
      MatchDocuments(docs, AllPairs(docs.size()), DocMatchSettings::From(o), &stats);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].a, 0u);
  EXPECT_EQ(m[0].b, 1u);
  EXPECT_GE(m[0].similarity, o.doc_min_score);
  EXPECT_GT(m[0].containment_b, m[0].containment_a);  // the rewrite is the more contained side
  EXPECT_EQ(stats.candidates, docs.size() * (docs.size() - 1) / 2);
  EXPECT_GT(stats.null_pairs, 100u);
  EXPECT_LT(stats.null_score, o.doc_min_score);
  EXPECT_EQ(stats.threshold, o.doc_min_score);  // unrelated documents score low: the floor holds
}

TEST(DocumentMatcherTest, OnlyCandidatesAreComparedAndDuplicatesCollapse) {
  const auto docs = Corpus();
  DocLevelStats stats;
  const auto m =
      MatchDocuments(docs, {{0, 2}, {0, 1}, {0, 2}}, DocMatchSettings::From(Options()), &stats);
  EXPECT_EQ(stats.candidates, 2u);  // (0,2) given twice is compared once
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].a, 0u);
  EXPECT_EQ(m[0].b, 1u);
  EXPECT_TRUE(MatchDocuments(docs, {{0, 2}}, DocMatchSettings::From(Options()), &stats).empty());
}

TEST(DocumentMatcherTest, FixedThresholdAndDeterminism) {
  const auto docs = Corpus();
  Options o;
  o.doc_score_threshold = 0.05;  // low enough for the independent text on the same topic
  DocLevelStats stats;
  const auto m = MatchDocuments(docs, AllPairs(docs.size()), DocMatchSettings::From(o), &stats);
  EXPECT_EQ(stats.threshold, 0.05);
  EXPECT_EQ(stats.null_pairs, 0u);  // not sampled when the threshold is fixed
  ASSERT_GE(m.size(), 3u);
  EXPECT_TRUE(
      std::is_sorted(m.begin(), m.end(), [](const DocLevelMatch& x, const DocLevelMatch& y) {
        return x.a != y.a ? x.a < y.a : x.b < y.b;
      }));
  DocLevelStats again;
  const auto m2 = MatchDocuments(docs, AllPairs(docs.size()), DocMatchSettings::From(o), &again);
  ASSERT_EQ(m2.size(), m.size());
  for (size_t i = 0; i < m.size(); ++i) EXPECT_EQ(m[i].similarity, m2[i].similarity);
  EXPECT_TRUE(MatchDocuments({docs[0]}, {}, DocMatchSettings::From(o), &stats)
                  .empty());  // one document: nothing to match
}

}  // namespace
}  // namespace neardup
