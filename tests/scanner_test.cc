// Tests of the batch engine (Scanner): seeds findings, grouping of identical text, chains,
// dedup selection, determinism across thread counts, LSH against the exact reference.

#include "neardup/scan/scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/scan/dedup.h"

namespace neardup {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Lexical: what these tests were written for (the library's default is reworded).
Options Lexical() {
  Options o;
  o.mode = Mode::kLexical;
  return o;
}

ScanResult ScanDocs(const std::vector<Document>& docs, Options o = Lexical()) {
  Scanner scanner(o);
  for (const Document& d : docs) scanner.AddDocument(d);
  return scanner.Finish();
}

ScanResult ScanSeeds(Options o = Lexical()) {
  auto reader = CorpusReader::Open({std::string(NEARDUP_SOURCE_DIR) + "/data/seeds"}, {});
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  Scanner scanner(o);
  EXPECT_TRUE(scanner.AddCorpus(reader->get()).ok());
  return scanner.Finish();
}

// The text of unit u, looked up in the seed files.
std::string UnitText(const ScanResult& r, uint32_t u) {
  const UnitRef& ref = r.units[u];
  std::string text =
      ReadFile(std::string(NEARDUP_SOURCE_DIR) + "/data/seeds/" + r.doc_ids[ref.doc]);
  return text.substr(ref.range.begin, ref.range.end - ref.range.begin);
}

const Pair* FindPair(const ScanResult& r, const std::string& doc_a, const std::string& needle_a,
                     const std::string& doc_b, const std::string& needle_b) {
  for (const Pair& p : r.pairs) {
    for (int swap = 0; swap < 2; ++swap) {
      uint32_t a = swap ? p.b : p.a, b = swap ? p.a : p.b;
      if (r.doc_ids[r.units[a].doc].rfind(doc_a, 0) == 0 &&
          r.doc_ids[r.units[b].doc].rfind(doc_b, 0) == 0 &&
          UnitText(r, a).find(needle_a) != std::string::npos &&
          UnitText(r, b).find(needle_b) != std::string::npos)
        return &p;
    }
  }
  return nullptr;
}

bool HasPair(const ScanResult& r, const std::string& doc_a, const std::string& needle_a,
             const std::string& doc_b, const std::string& needle_b) {
  return FindPair(r, doc_a, needle_a, doc_b, needle_b) != nullptr;
}

TEST(ScannerTest, SeedsReportQuotedStatementRepeatsAndFurniture) {
  ScanResult r = ScanSeeds();
  EXPECT_EQ(r.stats.documents, 5u);
  // 001 and 003 both quote the "admit their culpability" statement.
  EXPECT_TRUE(HasPair(r, "001", "admit their culpability", "003", "admit their culpability"));
  // 000 prints its opening paragraph twice (once with "released Friday").
  EXPECT_TRUE(HasPair(r, "000", "In response to FBI", "000", "In response to FBI"));
  EXPECT_TRUE(HasPair(r, "000", "Kim Jong-un of North Korea", "000", "Kim Jong-un of North Korea"));
  // Site furniture shared by 001, 002 and 004.
  EXPECT_TRUE(HasPair(r, "001", "Leave a Reply", "002", "Leave a Reply"));
  EXPECT_TRUE(HasPair(r, "001", "Leave a Reply", "004", "Leave a Reply"));
  EXPECT_TRUE(HasPair(r, "002", "Leave a Reply", "004", "Leave a Reply"));
  EXPECT_TRUE(HasPair(r, "001", "Your email address", "004", "Your email address"));
  EXPECT_TRUE(HasPair(r, "001", "Your email address", "002", "Your email address"));
  for (const Pair& p : r.pairs) {
    EXPECT_LT(p.a, p.b);
    EXPECT_GE(p.similarity, 0.5);
  }
}

TEST(ScannerTest, SameOutputForAnyThreadCount) {
  Options one = Lexical();
  one.threads = 1;
  Options two = Lexical();
  two.threads = 2;
  ScanResult a = ScanSeeds(one), b = ScanSeeds(two);
  ASSERT_EQ(a.pairs.size(), b.pairs.size());
  for (size_t i = 0; i < a.pairs.size(); ++i) {
    EXPECT_EQ(a.pairs[i].a, b.pairs[i].a);
    EXPECT_EQ(a.pairs[i].b, b.pairs[i].b);
    EXPECT_EQ(a.pairs[i].similarity, b.pairs[i].similarity);
    EXPECT_EQ(a.pairs[i].estimate, b.pairs[i].estimate);
  }
  ASSERT_EQ(a.clusters.size(), b.clusters.size());
}

// Pairs come sorted by (a, b, span_a, span_b) with no two alike, in reworded mode too, where
// paragraph pairs, pairs of identical paragraphs and sentence pairs are merged (the sort relies on
// it: equal keys would leave their order to the thread schedule).
TEST(ScannerTest, PairsAreSortedAndUniqueByUnitsAndSpans) {
  Options o;
  o.mode = Mode::kReworded;
  ScanResult r = ScanSeeds(o);
  ASSERT_GT(r.pairs.size(), 10u);
  EXPECT_TRUE(
      std::any_of(r.pairs.begin(), r.pairs.end(), [](const Pair& p) { return p.sentence; }));
  EXPECT_TRUE(
      std::any_of(r.pairs.begin(), r.pairs.end(), [](const Pair& p) { return p.identical; }));
  for (size_t i = 1; i < r.pairs.size(); ++i) {
    const Pair& x = r.pairs[i - 1];
    const Pair& y = r.pairs[i];
    EXPECT_TRUE(std::tie(x.a, x.b, x.span_a.begin, x.span_b.begin) <
                std::tie(y.a, y.b, y.span_a.begin, y.span_b.begin))
        << i;
  }
}

// A paragraph pair that carries two statements, each inside otherwise different sentences, reports
// both: one record per statement, the same two units, each record's spans on its own sentences
// (the one-match-per-paragraph-pair rule used to keep only the likelier).
TEST(ScannerTest, TwoStatementsOfOneParagraphPairAreBothReported) {
  const std::string a =
      "The minister told a crowded hall that \"the harvest failed across the northern valleys this "
      "spring\" before leaving for a tour of the coastal provinces. Later she added that \"farmers "
      "will receive emergency grain from the national reserve\" and thanked the volunteers who "
      "organised the meeting.";
  const std::string b =
      "Opposition deputies, reading from a leaked memo, argued \"the harvest failed across the "
      "northern valleys this spring\" while the cabinet debated railway budgets and school "
      "repairs. A spokesman for the agency promised \"farmers will receive emergency grain from "
      "the national reserve\" but gave no date for deliveries to remote districts.";
  Options o;
  o.mode = Mode::kReworded;
  const ScanResult r = ScanDocs({{"a", "Officials met in the capital on Monday.\n\n" + a, ""},
                                 {"b", "Storms delayed flights at the airport.\n\n" + b, ""}},
                                o);
  ASSERT_EQ(r.pairs.size(), 2u);
  EXPECT_EQ(r.pairs[0].a, r.pairs[1].a);
  EXPECT_EQ(r.pairs[0].b, r.pairs[1].b);
  ASSERT_EQ(r.clusters.size(), 1u);  // one paragraph pair: one cluster of its two paragraphs
  const std::string text_a = "Officials met in the capital on Monday.\n\n" + a;
  std::set<std::string> said;
  for (const Pair& p : r.pairs) {
    EXPECT_TRUE(p.sentence);
    EXPECT_GE(p.probability, 0.9);
    said.insert(text_a.substr(p.span_a.begin, p.span_a.end - p.span_a.begin));
  }
  ASSERT_EQ(said.size(), 2u);
  for (const char* statement : {"harvest failed", "emergency grain"}) {
    EXPECT_EQ(std::count_if(said.begin(), said.end(),
                            [&](const std::string& t) { return t.find(statement) != t.npos; }),
              1)
        << statement;
  }
}

// An outlet that splits a wire paragraph in two: the whole paragraph is paired, as a paragraph,
// with the first half; the second half's statement is another sentence of it and is reported too
// (it used to be dropped: "a paragraph matched as a paragraph in the other's document gets no
// sentence pairs with that document's other paragraphs").
TEST(ScannerTest, SecondHalfOfASplitParagraphIsReported) {
  const std::string first =
      "The summit in the northern capital was condemned in advance by lawmakers from both parties "
      "after prosecutors charged twelve intelligence officers with hacking campaign computers "
      "during the last election. Critics said the meeting rewarded a government accused of "
      "annexing territory, poisoning dissidents and jailing reporters. Diplomats from several "
      "allied countries privately warned that concessions on sanctions or military exercises "
      "would alarm their governments.";
  const std::string second =
      "Undeterred, the visiting president prepared to meet his counterpart face to face, an "
      "authoritarian leader for whom he has often expressed admiration.";
  Options o;
  o.mode = Mode::kReworded;
  const std::string text_a = "Officials met in the capital on Monday.\n\n" + first + " " + second;
  const std::string text_b = "Storms delayed flights at the airport.\n\n" + first + "\n\n" + second;
  const ScanResult r = ScanDocs({{"a", text_a, ""}, {"b", text_b, ""}}, o);
  std::set<std::pair<uint32_t, uint32_t>> paragraph_pairs;  // (para in a, para in b)
  for (const Pair& p : r.pairs) {
    const UnitRef& ua = r.units[p.a];
    const UnitRef& ub = r.units[p.b];
    if (ua.doc == ub.doc) continue;
    paragraph_pairs.insert(ua.doc == 0 ? std::make_pair(ua.para, ub.para)
                                       : std::make_pair(ub.para, ua.para));
    if ((ua.doc == 0 ? ub.para : ua.para) == 2) {
      EXPECT_TRUE(p.sentence);
      const ByteRange in_a = ua.doc == 0 ? p.span_a : p.span_b;
      EXPECT_NE(text_a.substr(in_a.begin, in_a.end - in_a.begin).find("Undeterred"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(paragraph_pairs.count({1, 1}));  // the whole paragraph and the first half
  EXPECT_TRUE(paragraph_pairs.count({1, 2}));  // and the second half's statement
}

// Two paragraphs each carrying both statements of TwoStatementsOfOneParagraphPair... (their texts
// below), then each document's own first paragraph.
const char kStatementsA[] =
    "The minister told a crowded hall that \"the harvest failed across the northern valleys this "
    "spring\" before leaving for a tour of the coastal provinces. Later she added that \"farmers "
    "will receive emergency grain from the national reserve\" and thanked the volunteers who "
    "organised the meeting.";
const char kStatementsB[] =
    "Opposition deputies, reading from a leaked memo, argued \"the harvest failed across the "
    "northern valleys this spring\" while the cabinet debated railway budgets and school "
    "repairs. A spokesman for the agency promised \"farmers will receive emergency grain from "
    "the national reserve\" but gave no date for deliveries to remote districts.";
const char* const kOpenings[] = {
    "Officials met in the capital on Monday.", "Storms delayed flights at the airport.",
    "A new bridge opened over the river.", "The museum unveiled a rare painting."};

// max_group_pairs bounds the member pairs of a group pair, each listed with all its statements:
// two copies of one paragraph against one of the other are two member pairs, so a limit of 1
// lists one (two statement records) and elides one (it used to be counted once per statement).
TEST(ScannerTest, MaxGroupPairsCountsMemberPairsNotStatements) {
  Options o;
  o.mode = Mode::kReworded;
  o.max_group_pairs = 1;
  const std::string a = kStatementsA;
  const ScanResult r = ScanDocs({{"a1", std::string(kOpenings[0]) + "\n\n" + a, ""},
                                 {"a2", std::string(kOpenings[2]) + "\n\n" + a, ""},
                                 {"b", std::string(kOpenings[1]) + "\n\n" + kStatementsB, ""}},
                                o);
  std::vector<const Pair*> statements;
  for (const Pair& p : r.pairs) {
    if (p.sentence) statements.push_back(&p);
  }
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0]->a, statements[1]->a);
  EXPECT_EQ(statements[0]->b, statements[1]->b);
  EXPECT_NE(statements[0]->span_a.begin, statements[1]->span_a.begin);
  EXPECT_EQ(r.stats.elided_pairs, 1u);
}

// Copies whose raw text differs from their group's first occurrence (here in spacing) get the
// whole paragraphs as spans (SentenceSpanOf), so both statements of the two copies give the same
// spans: they are listed once, the same for any thread count.
TEST(ScannerTest, StatementsFallingBackToWholeParagraphsAreListedOnce) {
  auto respace = [](std::string t, const std::string& word) {
    t.insert(t.find(word), " ");
    return t;
  };
  const std::string a = kStatementsA, b = kStatementsB;
  const std::vector<Document> docs = {
      {"a1", std::string(kOpenings[0]) + "\n\n" + a, ""},
      {"b1", std::string(kOpenings[1]) + "\n\n" + b, ""},
      {"a2", std::string(kOpenings[2]) + "\n\n" + respace(a, " hall"), ""},
      {"b2", std::string(kOpenings[3]) + "\n\n" + respace(b, " memo"), ""}};
  Options o;
  o.mode = Mode::kReworded;
  o.threads = 1;
  const ScanResult r = ScanDocs(docs, o);
  o.threads = 2;
  const ScanResult r2 = ScanDocs(docs, o);
  const uint32_t a2 = 5, b2 = 7;  // units: two per document, in input order
  ASSERT_EQ(r.units.size(), 8u);
  ASSERT_EQ(r.units[b2].doc, 3u);
  size_t whole = 0;
  for (const Pair& p : r.pairs) {
    if (p.a == a2 && p.b == b2) {
      EXPECT_TRUE(p.sentence);
      EXPECT_EQ(p.span_a.begin, r.units[a2].range.begin);
      EXPECT_EQ(p.span_b.end, r.units[b2].range.end);
      ++whole;
    }
  }
  EXPECT_EQ(whole, 1u);
  ASSERT_EQ(r.pairs.size(), r2.pairs.size());
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const Pair& x = r.pairs[i];
    const Pair& y = r2.pairs[i];
    EXPECT_TRUE(std::tie(x.a, x.b, x.span_a.begin, x.span_a.end, x.span_b.begin, x.span_b.end,
                         x.probability, x.similarity, x.estimate, x.containment_a,
                         x.containment_b) ==
                std::tie(y.a, y.b, y.span_a.begin, y.span_a.end, y.span_b.begin, y.span_b.end,
                         y.probability, y.similarity, y.estimate, y.containment_a, y.containment_b))
        << i;
  }
}

TEST(ScannerTest, ShortIdenticalParagraphsMatch) {
  ScanResult r = ScanDocs({{"a", "Leave a Reply", ""},
                           {"b", "Related Posts\n\nSomething else entirely here.", ""},
                           {"c", "related posts", ""}});
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_TRUE(r.pairs[0].identical);
  EXPECT_EQ(r.doc_ids[r.units[r.pairs[0].a].doc], "b");
  EXPECT_EQ(r.doc_ids[r.units[r.pairs[0].b].doc], "c");
}

// Reworded mode reports no pair and no cluster of identical paragraphs of fewer than 3 content
// words (site furniture: "Related posts:" / "Related Posts", "Leave a Reply"), and still reports
// identical copy that says something ("Kim Jong-un of North Korea"). Lexical mode reports all.
TEST(ScannerTest, RewordedModeLabelsFurniture) {
  // Reworded mode reports what lexical mode reports (issue 17): identical short texts are pairs,
  // and site furniture is labelled, not hidden.
  Options o;
  o.mode = Mode::kReworded;
  ScanResult r = ScanSeeds(o);
  const Pair* kim =
      FindPair(r, "000", "Kim Jong-un of North Korea", "000", "Kim Jong-un of North Korea");
  ASSERT_NE(kim, nullptr);
  EXPECT_FALSE(kim->furniture);  // a repeated line of one article, not furniture
  for (const char* text : {"Leave a Reply", "Your email address"}) {
    SCOPED_TRACE(text);
    const Pair* p = FindPair(r, "001", text, "004", text);
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE(p->furniture);
  }
  const Pair* related = FindPair(r, "000", "Related posts", "001", "Related Posts");
  ASSERT_NE(related, nullptr);
  EXPECT_TRUE(related->furniture);
  // Every reported pair lies in a cluster, furniture clusters labelled.
  for (const Pair& p : r.pairs) {
    bool found = false;
    for (const Cluster& c : r.clusters) {
      bool a = false, b = false;
      for (const ClusterMember& m : c.members) a |= m.unit == p.a, b |= m.unit == p.b;
      if (a && b) {
        found = true;
        EXPECT_EQ(c.furniture, p.furniture);
      }
    }
    EXPECT_TRUE(found) << UnitText(r, p.a);
  }
  ScanResult lexical = ScanSeeds();
  EXPECT_TRUE(HasPair(lexical, "001", "Leave a Reply", "002", "Leave a Reply"));
}

TEST(ScannerTest, RewordedModeReportsTheNearVerbatimPairsLexicalModeReports) {
  // Real cases from news pages (../shared/data/realnews): a tweet one page cut off mid-sentence,
  // a headline with the site's name added, a credit line with a word more. The scorer puts the
  // tweet under its threshold (the short side says only half of what the long one says), but
  // lexical mode reports it (word 3-gram Jaccard 0.5), and reworded mode reports what lexical
  // mode reports (issue 17), marked near-verbatim with lexical mode's similarity.
  const std::vector<Document> docs = {
      {"a",
       "Our relationship with Russia has NEVER been worse thanks to many years of\n\n"
       "The city council met on Tuesday to discuss the new budget for the parks.\n\n"
       "Trump sets expectations low for Helsinki summit with Putin\n\n"
       "Credit: The Associated Press",
       ""},
      {"b",
       "Our relationship with Russia has NEVER been worse thanks to many years of U.S. "
       "foolishness and stupidity and now, the Rigged Witch Hunt!\n\n"
       "Fishermen in the northern bay reported their largest catch in a decade.\n\n"
       "Trump sets expectations low for Helsinki summit with Putin | Charlotte Observer\n\n"
       "The Associated Press",
       ""},
  };
  Options o;
  o.mode = Mode::kReworded;
  const ScanResult reworded = ScanDocs(docs, o);
  const ScanResult lexical = ScanDocs(docs);
  auto where = [](const ScanResult& r, uint32_t u) {
    return std::make_pair(r.units[u].doc, r.units[u].para);
  };
  ASSERT_EQ(lexical.pairs.size(), 3u);
  for (const Pair& lp : lexical.pairs) {
    SCOPED_TRACE(testing::Message() << "para " << lexical.units[lp.a].para);
    const Pair* rp = nullptr;
    for (const Pair& p : reworded.pairs) {
      if (where(reworded, p.a) == where(lexical, lp.a) &&
          where(reworded, p.b) == where(lexical, lp.b)) {
        rp = &p;
      }
    }
    ASSERT_NE(rp, nullptr);
    if (rp->near_verbatim()) {
      EXPECT_EQ(rp->verbatim_similarity, lp.similarity);
      EXPECT_LT(rp->probability, 0.55);
    } else {
      EXPECT_GE(rp->probability, 0.55);
    }
  }
  // The cut-off tweet is the one the scorer alone leaves out.
  const Pair& tweet = reworded.pairs[0];
  EXPECT_EQ(reworded.units[tweet.a].para, 0u);
  EXPECT_TRUE(tweet.near_verbatim());
  EXPECT_EQ(tweet.verbatim_similarity, 0.5);
}

TEST(ScannerTest, HugeIdenticalGroupIsOneClusterNotMillionsOfPairs) {
  std::vector<Document> docs;
  for (int i = 0; i < 3000; ++i) {
    docs.push_back({"d" + std::to_string(i),
                    "Unique story number " + std::to_string(i) + " about item " +
                        std::to_string(i * 7919) + " with words w" + std::to_string(i) +
                        "\n\nYour email address will not be published.",
                    ""});
  }
  Options o = Lexical();
  o.max_group_pairs = 1000;
  ScanResult r = ScanDocs(docs, o);
  EXPECT_EQ(r.pairs.size(), 0u);
  ASSERT_EQ(r.clusters.size(), 1u);
  EXPECT_EQ(r.clusters[0].members.size(), 3000u);
  EXPECT_TRUE(r.clusters[0].pairs_elided);
  EXPECT_EQ(r.stats.elided_pairs, 3000u * 2999u / 2u);
}

TEST(ScannerTest, ChainedMembersCarryTheirLowSimilarityToTheRepresentative) {
  // A~B and B~C at word level, A and C share little.
  std::string a = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
  std::string b = "alpha beta gamma delta epsilon zeta eta theta lambda mu nu xi omicron pi rho";
  std::string c = "zeta eta theta lambda mu nu xi omicron pi rho sigma tau upsilon";
  Options o = Lexical();
  o.exact = true;
  o.threshold = 0.4;
  ScanResult r = ScanDocs({{"a", a, ""}, {"b", b, ""}, {"c", c, ""}}, o);
  ASSERT_EQ(r.clusters.size(), 1u);
  ASSERT_EQ(r.clusters[0].members.size(), 3u);
  EXPECT_EQ(r.clusters[0].members[0].similarity, 1.0);
  EXPECT_LT(r.clusters[0].members[2].similarity, 0.4);  // c joined through b only
}

TEST(ScannerTest, PairsInsideOneDocumentAreReported) {
  ScanResult r = ScanDocs({{"a",
                            "The same paragraph printed twice by the site.\n\nOther text.\n\n"
                            "The same paragraph printed twice by the site.",
                            ""}});
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(r.units[r.pairs[0].a].doc, r.units[r.pairs[0].b].doc);
  EXPECT_EQ(r.units[r.pairs[0].a].para, 0u);
  EXPECT_EQ(r.units[r.pairs[0].b].para, 2u);
}

TEST(ScannerTest, LshPairsAreASubsetOfTheExactReferenceAndMissFew) {
  // Paragraphs derived from a few sources with random word edits.
  std::mt19937 rng(7);
  std::vector<std::string> vocab;
  for (int i = 0; i < 2000; ++i) vocab.push_back("w" + std::to_string(i));
  std::vector<Document> docs;
  for (int src = 0; src < 40; ++src) {
    std::vector<std::string> words;
    for (int i = 0; i < 40; ++i) words.push_back(vocab[rng() % vocab.size()]);
    for (int copy = 0; copy < 4; ++copy) {
      std::string text;
      for (const std::string& w : words) {
        text += (rng() % 100 < 4 ? vocab[rng() % vocab.size()] : w) + " ";
      }
      docs.push_back({std::to_string(src) + "-" + std::to_string(copy), text, ""});
    }
  }
  Options exact = Lexical();
  exact.exact = true;
  ScanResult e = ScanDocs(docs, exact);
  ScanResult l = ScanDocs(docs);
  std::set<std::pair<uint32_t, uint32_t>> ep, lp;
  for (const Pair& p : e.pairs) ep.insert({p.a, p.b});
  for (const Pair& p : l.pairs) lp.insert({p.a, p.b});
  for (const auto& p : lp) EXPECT_TRUE(ep.count(p));
  EXPECT_GE(static_cast<double>(lp.size()), 0.97 * static_cast<double>(ep.size()));
  EXPECT_GT(ep.size(), 100u);
}

TEST(ScannerTest, UnitsToKeepDropsOnlyWhatIsVerifiedAgainstAKeptUnit) {
  // b ~ a (kept), so b goes; c ~ b only (b dropped) and not ~ a: c stays.
  std::string a = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
  std::string b = "alpha beta gamma delta epsilon zeta eta theta lambda mu nu xi omicron pi rho";
  std::string c = "zeta eta theta lambda mu nu xi omicron pi rho sigma tau upsilon";
  Options o = Lexical();
  o.exact = true;
  o.threshold = 0.4;
  ScanResult r = ScanDocs({{"a", a, ""}, {"b", b, ""}, {"c", c, ""}, {"d", a, ""}}, o);
  std::vector<bool> keep = UnitsToKeep(r);
  EXPECT_EQ(keep, (std::vector<bool>{true, false, true, false}));
}

TEST(ScannerTest, ValidateRejectsBadOptions) {
  struct Case {
    double threshold;
    int ngram;
    int num_perm;
    bool ok;
  } cases[] = {{0.5, 3, 128, true},  {0.0, 3, 128, false},  {1.0, 3, 128, true},
               {1.5, 3, 128, false}, {-0.1, 3, 128, false}, {0.5, 0, 128, false},
               {0.5, 3, 1, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.threshold);
    Options o = Lexical();
    o.threshold = c.threshold;
    o.ngram = c.ngram;
    o.num_perm = c.num_perm;
    EXPECT_EQ(Scanner::Validate(o).ok(), c.ok);
  }
}

// A reader that blocks (a pipe, a slow disk) before its first document.
class SlowReader final : public CorpusReader {
 public:
  bool Next(Document* doc) override {
    if (next_ == 3) return false;
    if (next_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    doc->id = "d" + std::to_string(next_);
    doc->text = "A paragraph of a few words, number " + std::to_string(next_++) + ".";
    return true;
  }
  const Status& status() const override { return status_; }
  std::vector<ReadWarning> TakeWarnings() override { return {}; }

 private:
  int next_ = 0;
  Status status_;
};

// --timings: read_input_serial is wall time (a blocking read counts), read_input_serial_cpu the
// reading thread's CPU (a wait does not).
TEST(ScannerTest, SerialReadTimingsAreWallAndThreadCpu) {
  Options o = Lexical();
  o.threads = 1;
  Scanner scanner(o);
  SlowReader reader;
  ASSERT_TRUE(scanner.AddCorpus(&reader).ok());
  const ScanResult r = scanner.Finish();
  auto seconds = [&](const std::string& key) {
    for (const auto& [name, value] : r.stats.stage_seconds) {
      if (name == key) return value;
    }
    ADD_FAILURE() << "no " << key;
    return -1.0;
  };
  EXPECT_GE(seconds("read_input_serial"), 0.19);
  EXPECT_LT(seconds("read_input_serial_cpu"), 0.1);
  EXPECT_GE(seconds("read_input_serial_cpu"), 0.0);
  EXPECT_GE(seconds("read_ids_serial"), 0.0);
  EXPECT_GE(seconds("read_ids_serial_cpu"), 0.0);
}

}  // namespace
}  // namespace neardup
