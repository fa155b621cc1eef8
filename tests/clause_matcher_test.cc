// Tests of reworded mode's clause level (verify/clause_matcher.h): which sentence pairs become
// candidates, that the scorer sees them as clause pairs, and that the output does not depend on
// the thread count. Small hand-made corpora of stem ids.

#include "neardup/verify/clause_matcher.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/pair_features.h"

namespace neardup {
namespace {

// A corpus of paragraphs (one group each), each a list of sentences of stem ids; every stem is
// written in lower case.
struct Corpus {
  std::vector<uint64_t> seq_offsets{0}, sent_offsets{0};
  std::vector<uint32_t> sequences, group_doc;
  std::vector<uint8_t> lower;
  std::vector<SentenceSpan> sentences;

  void Add(uint32_t doc, const std::vector<std::vector<uint32_t>>& paragraph) {
    uint32_t at = 0;
    for (const auto& s : paragraph) {
      sentences.push_back({at, at + static_cast<uint32_t>(s.size()), 0, 0});
      sequences.insert(sequences.end(), s.begin(), s.end());
      lower.insert(lower.end(), s.size(), uint8_t{kWordLower});
      at += static_cast<uint32_t>(s.size());
    }
    seq_offsets.push_back(sequences.size());
    sent_offsets.push_back(sentences.size());
    group_doc.push_back(doc);
  }
  SentenceSource Source() const {
    return {seq_offsets, sequences, lower, sent_offsets, sentences, group_doc};
  }
};

ClauseMatchSettings Recording() {
  ClauseMatchSettings s;
  s.synonyms = false;
  s.record_scored = true;
  return s;
}

// Filler sentences of their own words, so the shared words are rare among the corpus's sentences.
void AddFiller(Corpus* c, uint32_t doc, uint32_t first_stem, int sentences) {
  std::vector<std::vector<uint32_t>> p;
  for (int i = 0; i < sentences; ++i) {
    const uint32_t b = first_stem + static_cast<uint32_t>(i) * 10;
    p.push_back({b, b + 1, b + 2, b + 3, b + 4});
  }
  c->Add(doc, p);
}

TEST(ClauseMatcherTest, AClauseInsideTwoLongerSentencesIsACandidateJudgedAsAClause) {
  Corpus c;
  // Doc 0 and doc 1 each hold a sentence with the clause 1 2 3 4 5 inside other words.
  c.Add(0, {{100, 101, 1, 2, 3, 4, 5, 102, 103}, {104, 105, 106}});
  c.Add(1, {{200, 201, 202, 1, 2, 3, 4, 5, 203}, {204, 205, 206}});
  for (uint32_t d = 2; d < 40; ++d) AddFiller(&c, d, 1000 + d * 100, 3);
  ClauseLevelStats stats;
  MatchClauses(c.Source(), Recording(), 1, &stats);
  ASSERT_EQ(stats.candidates, 1u);
  ASSERT_EQ(stats.scored.size(), 1u);
  const ScoredSentencePair& s = stats.scored[0];
  EXPECT_EQ(s.g, 0u);
  EXPECT_EQ(s.h, 1u);
  EXPECT_EQ(s.sentence_g, 0u);
  EXPECT_EQ(s.sentence_h, 0u);
  EXPECT_EQ(s.features[kFeatClauseLevel], 1.0f);
  EXPECT_EQ(s.features[kFeatSentenceLevel], 1.0f);
  // The clause is the aligned stretch (5 words) widened by 2 words each side, within its
  // sentence: 9 words in doc 0, 8 in doc 1 (the stretch ends one word before the sentence does).
  EXPECT_NEAR(s.features[kFeatSharedWords], std::log1p(5.0), 1e-6);
  EXPECT_NEAR(s.features[kFeatShortSide], 1.0 / 8, 1e-6);
}

TEST(ClauseMatcherTest, CandidatesNeedRarePhrasesAndThreeAlignedWords) {
  struct Case {
    const char* name;
    std::vector<uint32_t> a, b;
    uint64_t candidates;  // after the candidate rule
    size_t scored;        // after the 3-word and lower-case gates
  };
  const std::vector<Case> cases = {
      {"one bigram and one more stem (3 shared, 2 aligned)",
       {100, 1, 2, 101, 3},
       {200, 1, 2, 201, 3},
       1,
       0},
      {"two bigrams, 3 shared in a row", {100, 1, 2, 3, 101}, {200, 1, 2, 3, 201}, 1, 1},
      {"one bigram, only 2 shared", {100, 1, 2, 101, 102}, {200, 1, 2, 201, 202}, 1, 0},
      {"two bigrams, 4 shared", {100, 1, 2, 3, 4, 101}, {200, 1, 2, 3, 4, 201}, 1, 1},
      {"three stems apart, 4 shared",
       {1, 100, 2, 101, 3, 102, 4},
       {4, 200, 3, 201, 2, 202, 1},
       1,
       0},
      {"two stems, no bigram", {1, 100, 2, 101, 102}, {2, 200, 1, 201, 202}, 0, 0},
  };
  for (const Case& k : cases) {
    Corpus c;
    c.Add(0, {k.a, {300, 301, 302}});
    c.Add(1, {k.b, {400, 401, 402}});
    for (uint32_t d = 2; d < 40; ++d) AddFiller(&c, d, 1000 + d * 100, 3);
    ClauseLevelStats stats;
    MatchClauses(c.Source(), Recording(), 1, &stats);
    EXPECT_EQ(stats.candidates, k.candidates) << k.name;
    EXPECT_EQ(stats.scored.size(), k.scored) << k.name;
  }
}

TEST(ClauseMatcherTest, OneSentenceDocumentsAreJudgedWhole) {
  Corpus c;
  c.Add(0, {{100, 1, 2, 3, 4, 5, 101}});
  c.Add(1, {{200, 1, 2, 3, 4, 5, 201}});
  for (uint32_t d = 2; d < 40; ++d) AddFiller(&c, d, 1000 + d * 100, 3);
  ClauseLevelStats stats;
  EXPECT_TRUE(MatchClauses(c.Source(), Recording(), 1, &stats).empty());
  EXPECT_EQ(stats.candidates, 0u);
  // The same sentences inside longer paragraphs are candidates.
  Corpus d;
  d.Add(0, {{100, 1, 2, 3, 4, 5, 101}, {102, 103, 104}});
  d.Add(1, {{200, 1, 2, 3, 4, 5, 201}});
  for (uint32_t k = 2; k < 40; ++k) AddFiller(&d, k, 1000 + k * 100, 3);
  MatchClauses(d.Source(), Recording(), 1, &stats);
  EXPECT_EQ(stats.candidates, 1u);
}

TEST(ClauseMatcherTest, SameOutputForAnyThreadCount) {
  Corpus c;
  for (uint32_t d = 0; d < 30; ++d) {
    // Every document shares a clause with the next one, among filler words of its own.
    const uint32_t base = d * 100;
    c.Add(d, {{base + 1, d, d + 1, d + 2, d + 3, d + 4, base + 2}, {base + 3, base + 4, base + 5}});
  }
  ClauseLevelStats s1, s4;
  const auto one = MatchClauses(c.Source(), Recording(), 1, &s1);
  const auto four = MatchClauses(c.Source(), Recording(), 4, &s4);
  ASSERT_EQ(one.size(), four.size());
  for (size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].g, four[i].g);
    EXPECT_EQ(one[i].h, four[i].h);
    EXPECT_EQ(one[i].probability, four[i].probability);
  }
  ASSERT_EQ(s1.scored.size(), s4.scored.size());
  EXPECT_GT(s1.scored.size(), 0u);
  for (size_t i = 0; i < s1.scored.size(); ++i) {
    EXPECT_EQ(s1.scored[i].features, s4.scored[i].features);
  }
}

}  // namespace
}  // namespace neardup
