// Sentence level of reworded mode (MatchSentences through the Scanner): a statement rewritten
// inside another paragraph is found and reported on its two sentences; fragments of two
// paragraphs that say other things, and sentences sharing only names, are not.

#include "neardup/verify/sentence_matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "neardup/scan/scanner.h"

namespace neardup {
namespace {

Document Doc(std::string id, std::string text) {
  Document d;
  d.id = std::move(id);
  d.text = std::move(text);
  return d;
}

// Filler documents on unrelated topics, so IDF weights and the null sample have a corpus.
std::vector<Document> Filler() {
  const std::vector<std::string> topics = {
      "The city council approved a new budget for road repairs and school buildings on Tuesday.",
      "Farmers reported a poor harvest after weeks of drought across the southern provinces.",
      "The central bank held interest rates steady, citing slowing inflation and weak demand.",
      "A local museum opened an exhibition of early photographs donated by a private collector.",
      "Rail workers began a two-day strike over pay, cancelling most commuter trains in the "
      "region.",
      "Scientists described a new species of frog found in the cloud forests of the mountains.",
  };
  std::vector<Document> docs;
  for (size_t i = 0; i < topics.size(); ++i) {
    docs.push_back(
        Doc("filler" + std::to_string(i), topics[i] + "\n\n" + topics[(i + 1) % topics.size()]));
  }
  return docs;
}

ScanResult Scan(std::vector<Document> docs, Options o = {}) {
  o.mode = Mode::kReworded;
  for (Document& d : Filler()) docs.push_back(std::move(d));
  Scanner scanner(o);
  for (const Document& d : docs) scanner.AddDocument(d);
  return scanner.Finish();
}

// The pair between documents named a and b, or nullptr.
const Pair* Find(const ScanResult& r, const std::string& a, const std::string& b) {
  for (const Pair& p : r.pairs) {
    const std::string& da = r.doc_ids[r.units[p.a].doc];
    const std::string& db = r.doc_ids[r.units[p.b].doc];
    if ((da == a && db == b) || (da == b && db == a)) return &p;
  }
  return nullptr;
}

const std::string kStatement =
    "The ministry warned that the government would face grave consequences if it continued to "
    "refuse a joint "
    "investigation into the attack.";
const std::string kRewritten =
    "A spokesman said the government would face grave consequences if it refused the joint "
    "investigation and "
    "continued its accusations.";
const std::string kOther =
    "Separately, the opposition party called for early elections after a corruption scandal shook "
    "the cabinet "
    "and forced two ministers to resign from their posts last month.";

TEST(SentenceMatcherTest, StatementInsideLongerParagraphIsReportedOnItsSentences) {
  const std::string a =
      kOther + " " + kStatement + " Officials gave no further details about the talks.";
  const ScanResult r = Scan({Doc("a", a), Doc("b", kRewritten)});
  const Pair* p = Find(r, "a", "b");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->sentence);
  EXPECT_GE(p->shared, 5u);
  // Side a is the statement's sentence, not the whole paragraph.
  const ByteRange span = r.doc_ids[r.units[p->a].doc] == "a" ? p->span_a : p->span_b;
  EXPECT_EQ(a.substr(span.begin, span.end - span.begin),
            kStatement.substr(0, kStatement.size() - 1));
}

TEST(SentenceMatcherTest, TurnedOffFindsNothing) {
  const std::string a =
      kOther + " " + kStatement + " Officials gave no further details about the talks.";
  Options o;
  o.sentences = false;
  EXPECT_EQ(Find(Scan({Doc("a", a), Doc("b", kRewritten)}, o), "a", "b"), nullptr);
}

TEST(SentenceMatcherTest, FragmentsOfTwoOtherParagraphsAreTheClauseLevels) {
  // The statement is a minor part of both paragraphs (under 60% of each one's content words):
  // not a sentence candidate (kMinShare, kept beside the scorer on measurement). The clause level
  // (verify/clause_matcher.h) finds it instead, only at its probability of 0.9 or more.
  const std::string a = kOther + " " + kStatement + " " + kOther;
  const std::string b =
      "Markets fell sharply on Monday as investors worried about rising energy prices and weak "
      "factory orders in the largest economies. " +
      kRewritten + " Trading volumes were thin ahead of the holiday weekend across the region.";
  const ScanResult r = Scan({Doc("a", a), Doc("b", b)});
  const Pair* p = Find(r, "a", "b");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->sentence);
  EXPECT_GE(p->probability, 0.9);
  EXPECT_GE(p->shared, 4u);
}

TEST(SentenceMatcherTest, SentencesSharingOnlyNamesDoNotMatch) {
  const std::string a =
      kOther + " Maria Lopez of the Rodocorre Institute in Vadulo met Peter Hall of Kevo Bank.";
  const std::string b =
      "Maria Lopez, Peter Hall, Rodocorre Institute and Kevo Bank of Vadulo appeared in court.";
  EXPECT_EQ(Find(Scan({Doc("a", a), Doc("b", b)}), "a", "b"), nullptr);
}

// A corpus of paragraphs given as sentences of stem ids (MatchSentences directly): `paragraphs[i]`
// is paragraph i, in document i, every word in lower case.
std::vector<SentenceMatch> MatchParagraphs(
    const std::vector<std::vector<std::vector<uint32_t>>>& paragraphs, const Options& options,
    SentenceLevelStats* stats) {
  static std::vector<uint64_t> seq_offsets, sent_offsets;
  static std::vector<uint32_t> sequences, group_doc;
  static std::vector<uint8_t> lower;
  static std::vector<SentenceSpan> sentences;
  seq_offsets.assign(1, 0);
  sent_offsets.assign(1, 0);
  sequences.clear();
  group_doc.clear();
  sentences.clear();
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    uint32_t at = 0;
    for (const std::vector<uint32_t>& sentence : paragraphs[i]) {
      sequences.insert(sequences.end(), sentence.begin(), sentence.end());
      const auto end = at + static_cast<uint32_t>(sentence.size());
      sentences.push_back({at, end, 10 * at, 10 * end});
      at = end;
    }
    seq_offsets.push_back(sequences.size());
    sent_offsets.push_back(sentences.size());
    group_doc.push_back(static_cast<uint32_t>(i));
  }
  lower.assign(sequences.size(), 1);
  const SentenceSource source{seq_offsets, sequences, lower, sent_offsets, sentences, group_doc};
  return MatchSentences(source, SentenceMatchSettings::From(options), 1, stats);
}

// The same for one-sentence paragraphs: `sets[i]` is paragraph i.
std::vector<SentenceMatch> MatchStemSets(const std::vector<std::vector<uint32_t>>& sets,
                                         const Options& options, SentenceLevelStats* stats) {
  std::vector<std::vector<std::vector<uint32_t>>> paragraphs;
  paragraphs.reserve(sets.size());
  for (const std::vector<uint32_t>& set : sets) paragraphs.push_back({set});
  return MatchParagraphs(paragraphs, options, stats);
}

// Matches come sorted by sentence pair (SentencePairLess), not best first within a group pair:
// FinishSentenceLevel merges the sentence and clause levels' lists in that order. Paragraph 0's
// second sentence shares more with paragraph 1 (and scores higher) than its first does; both
// pairs are matched, the first sentence's first.
TEST(SentenceMatcherTest, MatchesSortedBySentencePair) {
  Options o;
  o.decision_threshold = 1e-9;  // every candidate passes
  std::vector<std::vector<std::vector<uint32_t>>> paragraphs = {
      {{1, 2, 3, 4, 100, 101, 102}, {11, 12, 13, 14, 15, 16, 103}},
      {{1, 2, 3, 4, 11, 12, 13, 14, 15, 16}},
  };
  for (uint32_t k = 0; k < 30; ++k) {
    paragraphs.push_back({{}});
    for (uint32_t w = 0; w < 7; ++w) paragraphs.back()[0].push_back(1000 + 7 * k + w);
  }
  SentenceLevelStats stats;
  const std::vector<SentenceMatch> m = MatchParagraphs(paragraphs, o, &stats);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].g, 0u);
  EXPECT_EQ(m[0].h, 1u);
  EXPECT_EQ(m[0].sentence_g, 0u);
  EXPECT_EQ(m[1].sentence_g, 1u);
  EXPECT_GT(m[1].probability, m[0].probability);  // best first would put it first
  EXPECT_TRUE(std::is_sorted(m.begin(), m.end(), SentencePairLess));
}

// Two sentences that share only words a great many sentences of the corpus hold (a topic's common
// words) are not matched, however they score, nor even compared; sharing one rare word as well,
// they are (and no other pair of the 122 sentences holding the common words is compared).
TEST(SentenceMatcherTest, PairsNeedARareSharedWord) {
  Options o;
  o.score_threshold = 0.1;  // fixed: the pairs below all score above it
  for (const bool rare_shared : {false, true}) {
    SCOPED_TRACE(rare_shared ? "sharing a rare word" : "sharing common words only");
    // Items 0 and 1: the pair. 120 sentences hold the common words 1..8 (df 122 > 100: idf
    // ln(152 / 122) = 0.22 each, so two such sentences score about 1.76 / 6.8 = 0.26), 30 more
    // hold words of their own only.
    std::vector<std::vector<uint32_t>> sets;
    const std::vector<uint32_t> common = {1, 2, 3, 4, 5, 6, 7, 8};
    sets.push_back(common);
    sets.back().push_back(50);
    sets.push_back(common);
    sets.back().push_back(rare_shared ? 50 : 60);
    if (rare_shared) sets.back().push_back(61);
    for (uint32_t k = 0; k < 120; ++k) {
      sets.push_back(common);
      sets.back().push_back(1000 + k);
    }
    for (uint32_t k = 0; k < 30; ++k) {
      sets.push_back({});
      for (uint32_t w = 0; w < 9; ++w) sets.back().push_back(2000 + 9 * k + w);
    }
    SentenceLevelStats stats;
    const std::vector<SentenceMatch> m = MatchStemSets(sets, o, &stats);
    EXPECT_EQ(stats.candidates, rare_shared ? 1u : 0u);
    if (rare_shared) {
      ASSERT_EQ(m.size(), 1u);
      EXPECT_EQ(m[0].g, 0u);
      EXPECT_EQ(m[0].h, 1u);
    } else {
      EXPECT_TRUE(m.empty());
    }
  }
}

// The order the shared words come in weighs in the scorer (in_order): five lower-case words
// shared in reverse score lower than the same five in order or with two swapped, and lower than six
// shared in reverse (a statement rewritten with its clauses turned round keeps more of its
// words). The scorer decides; its probabilities are compared here, read at a decision threshold
// every candidate passes. (Before the scorer this was a rule: in-order share 0.75 unless 6.)
TEST(SentenceMatcherTest, ReversedWordsScoreLower) {
  Options o;
  o.decision_threshold = 1e-9;
  struct Case {
    const char* name;
    std::vector<uint32_t> a, b;
  };
  const Case cases[] = {
      {"five in order", {1, 2, 3, 4, 5, 10, 11}, {1, 2, 3, 4, 5, 20, 21}},
      {"five reversed", {1, 2, 3, 4, 5, 10, 11}, {5, 4, 3, 2, 1, 20, 21}},
      {"five, two swapped", {1, 2, 3, 4, 5, 10, 11}, {2, 1, 3, 4, 5, 20, 21}},
      {"six reversed", {1, 2, 3, 4, 5, 6, 10}, {6, 5, 4, 3, 2, 1, 20}},
  };
  std::vector<double> p;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<std::vector<uint32_t>> sets = {c.a, c.b};
    for (uint32_t k = 0; k < 30; ++k) {
      sets.push_back({});
      for (uint32_t w = 0; w < 7; ++w) sets.back().push_back(1000 + 7 * k + w);
    }
    SentenceLevelStats stats;
    const std::vector<SentenceMatch> m = MatchStemSets(sets, o, &stats);
    EXPECT_EQ(stats.candidates, 1u);
    ASSERT_EQ(m.size(), 1u);
    p.push_back(m[0].probability);
  }
  EXPECT_GT(p[0], p[1]);
  EXPECT_GT(p[2], p[1]);
  EXPECT_GT(p[3], p[1]);
}

TEST(SentenceMatcherTest, SameOutputForAnyThreadCount) {
  const std::string a = kOther + " " + kStatement;
  Options one;
  one.threads = 1;
  Options two;
  two.threads = 2;
  const ScanResult r1 = Scan({Doc("a", a), Doc("b", kRewritten)}, one);
  const ScanResult r2 = Scan({Doc("a", a), Doc("b", kRewritten)}, two);
  ASSERT_FALSE(r1.pairs.empty());
  ASSERT_EQ(r1.pairs.size(), r2.pairs.size());
  for (size_t i = 0; i < r1.pairs.size(); ++i) {
    EXPECT_EQ(r1.pairs[i].a, r2.pairs[i].a);
    EXPECT_EQ(r1.pairs[i].span_a.begin, r2.pairs[i].span_a.begin);
    EXPECT_EQ(r1.pairs[i].similarity, r2.pairs[i].similarity);
  }
}

}  // namespace
}  // namespace neardup
