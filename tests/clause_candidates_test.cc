// Tests of the clause level's candidate pairs (verify/clause_candidates.h): the fast path (stems
// by dense id, bigrams by hash passes, hits per first item) gives exactly the reference's pairs
// (every key sorted at once) on random corpora, for any pass size and thread count; and a
// JudgeClauseCandidates skip leaves out exactly the group pairs it names.

#include "neardup/verify/clause_candidates.h"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cstdint>
#include <functional>
#include <random>
#include <utility>
#include <vector>

#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/clause_matcher.h"

namespace neardup {
namespace {

// A random corpus: documents of 1-3 paragraphs (one group each, some repeated as other groups'
// texts), paragraphs of 1-4 sentences of 3-14 stems drawn from a skewed vocabulary, so that keys
// range from held by one sentence to held by most; some sentences copy a stretch of an earlier
// one (shared rare phrases).
struct RandomCorpus {
  std::vector<uint64_t> seq_offsets{0}, sent_offsets{0};
  std::vector<uint32_t> sequences, group_doc;
  std::vector<uint8_t> lower;
  std::vector<SentenceSpan> sentences;

  RandomCorpus(uint32_t docs, uint32_t vocabulary, uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
    std::vector<std::vector<uint32_t>> said;  // earlier sentences, to copy from
    for (uint32_t d = 0; d < docs; ++d) {
      const uint32_t paragraphs = 1 + pick(3);
      for (uint32_t p = 0; p < paragraphs; ++p) {
        uint32_t at = 0;
        const uint32_t count = 1 + pick(4);
        for (uint32_t s = 0; s < count; ++s) {
          std::vector<uint32_t> words;
          const uint32_t len = 3 + pick(12);
          for (uint32_t w = 0; w < len; ++w) {
            // Skewed: the square of a uniform draw favours small ids (common words).
            const uint32_t u = pick(vocabulary);
            words.push_back(static_cast<uint32_t>(uint64_t{u} * u / vocabulary) + 1);
          }
          if (!said.empty() && pick(3) == 0) {  // copy a stretch of an earlier sentence
            const std::vector<uint32_t>& from = said[pick(static_cast<uint32_t>(said.size()))];
            const uint32_t b = pick(static_cast<uint32_t>(from.size()));
            const uint32_t e = std::min<uint32_t>(static_cast<uint32_t>(from.size()), b + 6);
            words.insert(words.begin() + pick(static_cast<uint32_t>(words.size())),
                         from.begin() + b, from.begin() + e);
          }
          said.push_back(words);
          sentences.push_back({at, at + static_cast<uint32_t>(words.size()), 0, 0});
          sequences.insert(sequences.end(), words.begin(), words.end());
          for (size_t w = 0; w < words.size(); ++w) {
            lower.push_back(pick(4) == 0 ? uint8_t{0} : uint8_t{kWordLower});
          }
          at += static_cast<uint32_t>(words.size());
        }
        seq_offsets.push_back(sequences.size());
        sent_offsets.push_back(sentences.size());
        group_doc.push_back(d);
      }
    }
  }
  SentenceSource Source() const {
    return {seq_offsets, sequences, lower, sent_offsets, sentences, group_doc};
  }
};

TEST(ClauseCandidatesTest, FastPathGivesTheReferencePairs) {
  struct Case {
    uint32_t docs, vocabulary;
    uint64_t seed;
  };
  const std::vector<Case> cases = {{2, 20, 1},     {30, 50, 2},      {200, 400, 3},
                                   {600, 3000, 4}, {1500, 20000, 5}, {800, 200, 6}};
  size_t nonempty = 0;
  for (const Case& k : cases) {
    SCOPED_TRACE(testing::Message() << "docs " << k.docs << " vocabulary " << k.vocabulary);
    const RandomCorpus c(k.docs, k.vocabulary, k.seed);
    const ClauseCandidates found = FindClauseCandidates(c.Source(), 2);
    tbb::task_arena one(1), two(2);
    std::vector<std::pair<uint32_t, uint32_t>> reference;
    one.execute([&] { reference = ClauseCandidatePairsReference(c.Source(), found.items); });
    EXPECT_EQ(found.pairs, reference);
    nonempty += reference.empty() ? size_t{0} : size_t{1};
    // per_pass 1 on the small corpora: one bucket per pass up to the most passes allowed (255),
    // then fuller ones; several passes on every corpus.
    const std::vector<size_t> passes =
        k.docs <= 200 ? std::vector<size_t>{1, 300, 5000} : std::vector<size_t>{300, 5000};
    for (const size_t per_pass : passes) {
      for (tbb::task_arena* arena : {&one, &two}) {
        std::vector<std::pair<uint32_t, uint32_t>> fast;
        arena->execute(
            [&] { fast = ClauseCandidatePairs(c.Source(), found.items, found.idf, per_pass); });
        EXPECT_EQ(fast, reference) << "per pass " << per_pass;
      }
    }
  }
  EXPECT_GE(nonempty, 4u);  // the corpora do offer candidates
}

// Items whose documents do not ascend (renumbered modulo 7, so one document's items lie apart;
// each item still its group's document) take MayPair itself in the gather rather than the
// document-order shortcut: the same pairs as the reference.
TEST(ClauseCandidatesTest, ItemsOutOfDocumentOrderGiveTheReferencePairs) {
  const RandomCorpus c(300, 400, 11);
  ClauseCandidates found = FindClauseCandidates(c.Source(), 2);
  for (ClauseItem& item : found.items) item.doc %= 7;
  tbb::task_arena one(1);
  std::vector<std::pair<uint32_t, uint32_t>> reference, fast;
  one.execute([&] {
    reference = ClauseCandidatePairsReference(c.Source(), found.items);
    fast = ClauseCandidatePairs(c.Source(), found.items, found.idf, 300);
  });
  EXPECT_GT(reference.size(), 10u);
  EXPECT_EQ(fast, reference);
}

TEST(ClauseCandidatesTest, SkipLeavesOutExactlyTheNamedGroupPairs) {
  const RandomCorpus c(400, 600, 9);
  const ClauseCandidates found = FindClauseCandidates(c.Source(), 2);
  ClauseMatchSettings settings;
  settings.synonyms = false;
  settings.decision_threshold = 0.01;  // many matches, so the skip has something to remove
  ClauseLevelStats all_stats, some_stats;
  const std::vector<SentenceMatch> all =
      JudgeClauseCandidates(c.Source(), found, settings, 2, nullptr, &all_stats);
  ASSERT_GT(all.size(), 10u);
  const std::function<bool(uint32_t, uint32_t)> odd = [](uint32_t g, uint32_t h) {
    EXPECT_LT(g, h);
    return (g + h) % 2 == 1;
  };
  const std::vector<SentenceMatch> some =
      JudgeClauseCandidates(c.Source(), found, settings, 1, &odd, &some_stats);
  std::vector<SentenceMatch> want;
  for (const SentenceMatch& m : all) {
    if ((m.g + m.h) % 2 == 0) want.push_back(m);
  }
  ASSERT_EQ(some.size(), want.size());
  EXPECT_LT(some.size(), all.size());
  for (size_t i = 0; i < some.size(); ++i) {
    EXPECT_EQ(some[i].g, want[i].g);
    EXPECT_EQ(some[i].h, want[i].h);
    EXPECT_EQ(some[i].sentence_g, want[i].sentence_g);
    EXPECT_EQ(some[i].sentence_h, want[i].sentence_h);
    EXPECT_EQ(some[i].probability, want[i].probability);
  }
  EXPECT_EQ(some_stats.candidates, all_stats.candidates);
}

}  // namespace
}  // namespace neardup
