// Sentence level of reworded mode (MatchSentences through the Scanner): a statement rewritten
// inside another paragraph is found and reported on its two sentences; fragments of two
// paragraphs that say other things, and sentences sharing only names, are not.

#include "neardup/sentence_matcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "neardup/scanner.h"

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
      "Rail workers began a two-day strike over pay, cancelling most commuter trains in the region.",
      "Scientists described a new species of frog found in the cloud forests of the mountains.",
  };
  std::vector<Document> docs;
  for (size_t i = 0; i < topics.size(); ++i) {
    docs.push_back(Doc("filler" + std::to_string(i), topics[i] + "\n\n" + topics[(i + 1) % topics.size()]));
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
    "The ministry warned that the government would face grave consequences if it continued to refuse a joint "
    "investigation into the attack.";
const std::string kRewritten =
    "A spokesman said the government would face grave consequences if it refused the joint investigation and "
    "continued its accusations.";
const std::string kOther =
    "Separately, the opposition party called for early elections after a corruption scandal shook the cabinet "
    "and forced two ministers to resign from their posts last month.";

TEST(SentenceMatcherTest, StatementInsideLongerParagraphIsReportedOnItsSentences) {
  const std::string a = kOther + " " + kStatement + " Officials gave no further details about the talks.";
  const ScanResult r = Scan({Doc("a", a), Doc("b", kRewritten)});
  const Pair* p = Find(r, "a", "b");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->sentence);
  EXPECT_GE(p->shared, 5u);
  // Side a is the statement's sentence, not the whole paragraph.
  const ByteRange span = r.doc_ids[r.units[p->a].doc] == "a" ? p->span_a : p->span_b;
  EXPECT_EQ(a.substr(span.begin, span.end - span.begin), kStatement.substr(0, kStatement.size() - 1));
}

TEST(SentenceMatcherTest, TurnedOffFindsNothing) {
  const std::string a = kOther + " " + kStatement + " Officials gave no further details about the talks.";
  Options o;
  o.sentences = false;
  EXPECT_EQ(Find(Scan({Doc("a", a), Doc("b", kRewritten)}, o), "a", "b"), nullptr);
}

TEST(SentenceMatcherTest, FragmentsOfTwoOtherParagraphsDoNotMatch) {
  // The statement is a minor part of both paragraphs (under 60% of each one's content words).
  const std::string a = kOther + " " + kStatement + " " + kOther;
  const std::string b = "Markets fell sharply on Monday as investors worried about rising energy prices and weak "
                        "factory orders in the largest economies. " +
                        kRewritten + " Trading volumes were thin ahead of the holiday weekend across the region.";
  EXPECT_EQ(Find(Scan({Doc("a", a), Doc("b", b)}), "a", "b"), nullptr);
}

TEST(SentenceMatcherTest, SentencesSharingOnlyNamesDoNotMatch) {
  const std::string a = kOther + " Maria Lopez of the Rodocorre Institute in Vadulo met Peter Hall of Kevo Bank.";
  const std::string b = "Maria Lopez, Peter Hall, Rodocorre Institute and Kevo Bank of Vadulo appeared in court.";
  EXPECT_EQ(Find(Scan({Doc("a", a), Doc("b", b)}), "a", "b"), nullptr);
}

TEST(SentenceMatcherTest, BandingIsTheOptimalOne) {
  const Options o;
  const LshParams p = OptimalLshParams(kSentenceLshThreshold, 256, o.lsh_fp_weight, o.lsh_fn_weight);
  EXPECT_EQ(SentenceLshParams().bands, p.bands);
  EXPECT_EQ(SentenceLshParams().rows, p.rows);
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
