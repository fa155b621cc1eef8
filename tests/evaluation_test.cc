// Tests of run-file parsing, scoring against gold and reference, and the eval report.

#include "neardup/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "neardup/scan/scanner.h"

namespace neardup {
namespace {

UnitSpan Span(std::string doc, uint32_t begin, uint32_t end, uint32_t para = 0) {
  return UnitSpan{std::move(doc), para, ByteRange{begin, end}};
}

RunPair Pair2(UnitSpan a, UnitSpan b, double similarity = 0.5) {
  return RunPair{std::move(a), std::move(b), similarity};
}

GoldSide Side(std::string doc, uint32_t begin, uint32_t end) {
  GoldSide s;
  s.doc = std::move(doc);
  s.range = ByteRange{begin, end};
  s.resolved = true;
  return s;
}

GoldPair Gold(GoldSide a, GoldSide b, std::string label, bool optional = false) {
  GoldPair g;
  g.a = std::move(a);
  g.b = std::move(b);
  g.label = std::move(label);
  g.optional = optional;
  g.source = "g:" + g.label;
  return g;
}

TEST(EvaluationTest, ParsesPairsAndSettingsOfAScanReport) {
  const std::string report =
      "{\"type\":\"pair\",\"a\":{\"doc\":\"001.txt\",\"para\":7,\"start\":1510,\"end\":1652},"
      "\"b\":{\"doc\":42,\"para\":0,\"start\":0,\"end\":10},\"similarity\":0.6897,\"mode\":"
      "\"lexical\","
      "\"evidence\":{\"shared_shingles\":20,\"identical\":false},\"alignment\":{\"a\":[[1,2]]}}\n"
      "{\"type\":\"cluster\",\"id\":0,\"members\":[]}\n"
      "\n"
      "{\"type\":\"docpair\",\"a\":\"x\",\"b\":\"y\"}\n"
      "{\"type\":\"summary\",\"documents\":5,\"settings\":{\"mode\":\"lexical\",\"ngram\":3,"
      "\"threshold\":0.5,\"exact\":false}}\n";
  auto run = ParseRun(report, "r.jsonl");
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->name, "r.jsonl");
  ASSERT_EQ(run->pairs.size(), 1u);
  const RunPair& p = run->pairs[0];
  EXPECT_EQ(p.a.doc, "001.txt");
  EXPECT_EQ(p.a.para, 7u);
  EXPECT_EQ(p.a.range, (ByteRange{1510, 1652}));
  EXPECT_EQ(p.b.doc, "42");
  EXPECT_DOUBLE_EQ(p.similarity, 0.6897);
  ASSERT_EQ(run->settings.size(), 4u);
  EXPECT_EQ(run->settings[0], (std::pair<std::string, std::string>("mode", "\"lexical\"")));
  EXPECT_EQ(run->settings[2], (std::pair<std::string, std::string>("threshold", "0.5")));
}

TEST(EvaluationTest, MalformedRunLinesNameFileAndLine) {
  struct Case {
    std::string line;
    std::string want;
  } cases[] = {
      {"{bad", "r:2: invalid JSON"},
      {"7", "r:2: not a JSON object"},
      {"{\"a\":1}", "r:2: missing field 'type'"},
      {"{\"type\":\"pair\",\"a\":{\"doc\":\"x\",\"para\":0,\"start\":0,\"end\":1}}",
       "r:2: pair record lacks field 'b'"},
      {"{\"type\":\"pair\",\"a\":{\"doc\":\"x\",\"start\":0,\"end\":1},\"b\":{}}",
       "r:2: pair field 'a' needs doc, para, start and end"},
      {"{\"type\":\"pair\",\"a\":{\"doc\":\"x\",\"para\":0,\"start\":-1,\"end\":1},\"b\":{}}",
       "r:2: 'a.start' is not an integer in [0, 2^32)"},
      {"{\"type\":\"pair\",\"a\":{\"doc\":\"x\",\"para\":0,\"start\":3,\"end\":1},\"b\":{}}",
       "r:2: pair field 'a': start > end"},
      {"{\"type\":\"pair\",\"a\":[],\"b\":{}}", "r:2: pair field 'a' is not an object"},
      {"{\"type\":\"summary\",\"settings\":3}", "r:2: 'settings' is not an object"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    auto run = ParseRun("{\"type\":\"cluster\"}\n" + c.line + "\n", "r");
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.status().message(), c.want);
  }
}

TEST(EvaluationTest, ScoresRunPairsAgainstGold) {
  RunOutput run;
  run.pairs = {
      Pair2(Span("x", 0, 100), Span("y", 50, 150)),   // 0: matches g0 (sides overlap)
      Pair2(Span("y", 50, 150), Span("x", 0, 100)),   // 1: the same, the other way round
      Pair2(Span("x", 200, 300), Span("z", 0, 80)),   // 2: matches only the optional g2
      Pair2(Span("x", 20, 300), Span("y", 0, 140)),   // 3: touches g0's ranges only at the edges
      Pair2(Span("x", 0, 100), Span("x", 200, 300)),  // 4: inside one document
  };
  std::vector<GoldPair> gold = {
      Gold(Side("x", 10, 20), Side("y", 140, 160), "warning"),  // g0: found by 0 and 1
      Gold(Side("y", 0, 10), Side("z", 0, 10), "warning"),      // g1: missed
      Gold(Side("x", 250, 260), Side("z", 70, 90), "furniture", /*optional=*/true),
      Gold(Side("x", 0, 5), Side("x", 210, 220), "self"),  // g3: inside one document
  };
  GoldScore s = ScoreAgainstGold(run, gold, EvalOptions{});
  EXPECT_EQ(s.run_pairs, 5u);
  EXPECT_EQ(s.set_aside, 0u);
  EXPECT_EQ(s.correct, 3u);  // 0, 1, 4
  EXPECT_EQ(s.neutral, 1u);  // 2
  EXPECT_EQ(s.wrong, 1u);    // 3
  EXPECT_EQ(s.required, 3u);
  EXPECT_EQ(s.found, 2u);
  EXPECT_EQ(s.optional, 1u);
  EXPECT_EQ(s.optional_found, 1u);
  EXPECT_EQ(s.match, (std::vector<size_t>{0, 0, 2, kNoMatch, 3}));
  EXPECT_EQ(s.gold_found, (std::vector<bool>{true, false, true, true}));
  EXPECT_DOUBLE_EQ(s.precision, 3.0 / 4);
  EXPECT_DOUBLE_EQ(s.recall, 2.0 / 3);
  EXPECT_DOUBLE_EQ(s.f1, 2 * 0.75 * (2.0 / 3) / (0.75 + 2.0 / 3));
  ASSERT_EQ(s.labels.size(), 3u);
  EXPECT_EQ(s.labels[0].label, "warning");
  EXPECT_EQ(s.labels[0].required, 2u);
  EXPECT_EQ(s.labels[0].found, 1u);
  EXPECT_EQ(s.labels[0].run_pairs, 2u);
  EXPECT_EQ(s.labels[1].label, "furniture");
  EXPECT_EQ(s.labels[1].optional, 1u);
  EXPECT_EQ(s.labels[1].optional_found, 1u);

  EvalOptions cross;
  cross.cross_doc_only = true;
  GoldScore c = ScoreAgainstGold(run, gold, cross);
  EXPECT_EQ(c.set_aside, 1u);
  EXPECT_EQ(c.gold_set_aside, 1u);
  EXPECT_EQ(c.correct, 2u);
  EXPECT_EQ(c.wrong, 1u);
  EXPECT_EQ(c.required, 2u);
  EXPECT_EQ(c.found, 1u);
  EXPECT_FALSE(c.scored[4]);
  EXPECT_FALSE(c.gold_scored[3]);
  EXPECT_DOUBLE_EQ(c.precision, 2.0 / 3);
  EXPECT_DOUBLE_EQ(c.recall, 0.5);
}

TEST(EvaluationTest, RequiredGoldPairWinsOverOptionalAndUnresolvedSidesMatchNothing) {
  RunOutput run;
  run.pairs = {Pair2(Span("x", 0, 100), Span("y", 0, 100))};
  std::vector<GoldPair> gold = {
      Gold(Side("x", 0, 10), Side("y", 0, 10), "opt", true),
      Gold(Side("x", 20, 30), Side("y", 20, 30), "req"),
  };
  GoldScore s = ScoreAgainstGold(run, gold, EvalOptions{});
  EXPECT_EQ(s.match[0], 1u);
  EXPECT_EQ(s.correct, 1u);
  EXPECT_EQ(s.neutral, 0u);

  gold[1].a.resolved = false;  // a phrase side that was never resolved
  GoldScore t = ScoreAgainstGold(run, gold, EvalOptions{});
  EXPECT_EQ(t.match[0], 0u);
  EXPECT_EQ(t.neutral, 1u);
  EXPECT_EQ(t.found, 0u);
}

TEST(EvaluationTest, UndefinedRatiosAreNaN) {
  GoldScore s = ScoreAgainstGold(RunOutput{}, {}, EvalOptions{});
  EXPECT_TRUE(std::isnan(s.precision));
  EXPECT_TRUE(std::isnan(s.recall));
  EXPECT_TRUE(std::isnan(s.f1));
  RunOutput run;
  run.pairs = {Pair2(Span("x", 0, 1), Span("y", 0, 1))};
  GoldScore w = ScoreAgainstGold(run, {Gold(Side("x", 5, 6), Side("y", 5, 6), "")}, EvalOptions{});
  EXPECT_EQ(w.precision, 0);
  EXPECT_EQ(w.recall, 0);
  EXPECT_EQ(w.f1, 0);
}

TEST(EvaluationTest, ComparesARunWithItsExactReference) {
  RunOutput run, ref;
  run.pairs = {Pair2(Span("x", 0, 10), Span("y", 0, 10)), Pair2(Span("y", 0, 10), Span("z", 5, 9)),
               Pair2(Span("x", 0, 10), Span("x", 20, 30))};
  ref.pairs = {Pair2(Span("y", 0, 10), Span("x", 0, 10)),  // the same pair, other orientation
               Pair2(Span("x", 0, 10), Span("z", 5, 9)), Pair2(Span("y", 0, 10), Span("z", 5, 10)),
               Pair2(Span("x", 0, 10), Span("x", 20, 30)),
               Pair2(Span("x", 0, 10), Span("z", 5, 9))};
  ReferenceScore s = ScoreAgainstReference(run, ref, EvalOptions{});
  EXPECT_EQ(s.reference_pairs, 4u);  // the repeated pair counts once
  EXPECT_EQ(s.found, 2u);
  EXPECT_EQ(s.missing, 2u);
  EXPECT_EQ(s.missing_pairs, (std::vector<size_t>{1, 2}));
  EXPECT_EQ(s.extra, 1u);
  EXPECT_EQ(s.extra_pairs, (std::vector<size_t>{1}));
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.loss, 0.5);

  EvalOptions cross;
  cross.cross_doc_only = true;
  ReferenceScore c = ScoreAgainstReference(run, ref, cross);
  EXPECT_EQ(c.reference_pairs, 3u);
  EXPECT_EQ(c.found, 1u);
  EXPECT_DOUBLE_EQ(c.loss, 2.0 / 3);

  ReferenceScore empty = ScoreAgainstReference(run, RunOutput{}, EvalOptions{});
  EXPECT_TRUE(std::isnan(empty.recall));
  EXPECT_TRUE(std::isnan(empty.loss));
}

TEST(EvaluationTest, SettingsDifferencesIgnoreExact) {
  RunOutput a, b;
  a.settings = {{"mode", "\"lexical\""}, {"threshold", "0.5"}, {"exact", "false"}, {"ngram", "3"}};
  b.settings = {{"mode", "\"lexical\""}, {"threshold", "0.6"}, {"exact", "true"}, {"seed", "1"}};
  EXPECT_EQ(SettingsDifferences(a, b), (std::vector<std::string>{"ngram", "threshold", "seed"}));
  EXPECT_TRUE(SettingsDifferences(a, RunOutput{}).empty());
  b.settings = a.settings;
  b.settings[2].second = "true";
  EXPECT_TRUE(SettingsDifferences(a, b).empty());
}

TEST(EvaluationTest, RunFromScanListsThePairsAsTheReportDoes) {
  Options options;
  options.mode = Mode::kLexical;
  options.threads = 1;
  Scanner scanner(options);
  const std::string para =
      "The spokesman said there would be grave consequences if Washington refused.";
  scanner.AddDocument(Document{"a.txt", "Intro line here.\n\n" + para, "a.txt"});
  scanner.AddDocument(Document{"b.txt", para, "b.txt"});
  ScanResult result = scanner.Finish();
  RunOutput run = RunFromScan(result, "scan");
  ASSERT_EQ(run.pairs.size(), 1u);
  EXPECT_EQ(run.pairs[0].a.doc, "a.txt");
  EXPECT_EQ(run.pairs[0].a.para, 1u);
  EXPECT_EQ(run.pairs[0].a.range, (ByteRange{18, static_cast<uint32_t>(18 + para.size())}));
  EXPECT_EQ(run.pairs[0].b.doc, "b.txt");
  EXPECT_EQ(run.pairs[0].b.range, (ByteRange{0, static_cast<uint32_t>(para.size())}));
  EXPECT_DOUBLE_EQ(run.pairs[0].similarity, 1.0);
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

TEST(EvaluationTest, JsonlReportListsWrongMissedLostThenScores) {
  RunOutput run;
  run.name = "run.jsonl";
  run.pairs = {Pair2(Span("x", 0, 10), Span("y", 0, 10), 0.75),
               Pair2(Span("x", 20, 30), Span("y", 20, 30), 0.5)};
  RunOutput ref;
  ref.name = "exact.jsonl";
  ref.pairs = {run.pairs[0], Pair2(Span("x", 40, 50, 3), Span("y", 40, 50, 4), 0.6)};
  std::vector<GoldPair> gold = {Gold(Side("x", 0, 5), Side("y", 0, 5), "s1"),
                                Gold(Side("x", 40, 45), Side("y", 40, 45), "s2")};
  gold[1].a.phrase = "quoted";
  GoldScore gs = ScoreAgainstGold(run, gold, EvalOptions{});
  ReferenceScore rs = ScoreAgainstReference(run, ref, EvalOptions{});
  EvalReport report;
  report.run = &run;
  report.gold_name = "g.jsonl";
  report.gold = &gold;
  report.gold_score = &gs;
  report.reference = &ref;
  report.reference_score = &rs;
  const std::string path = ::testing::TempDir() + "/evaluation_test.jsonl";
  {
    auto out = OutputFile::Open(path);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE(WriteEvalJsonl(report, out->get()).ok());
    ASSERT_TRUE((*out)->Commit().ok());
  }
  EXPECT_EQ(ReadFile(path),
            "{\"type\":\"wrong\",\"a\":{\"doc\":\"x\",\"para\":0,\"start\":20,\"end\":30},"
            "\"b\":{\"doc\":\"y\",\"para\":0,\"start\":20,\"end\":30},\"similarity\":0.5}\n"
            "{\"type\":\"missed\",\"gold\":\"g:s2\",\"label\":\"s2\",\"a\":{\"doc\":\"x\","
            "\"phrase\":\"quoted\","
            "\"start\":40,\"end\":45},\"b\":{\"doc\":\"y\",\"start\":40,\"end\":45}}\n"
            "{\"type\":\"lost\",\"a\":{\"doc\":\"x\",\"para\":3,\"start\":40,\"end\":50},"
            "\"b\":{\"doc\":\"y\",\"para\":4,\"start\":40,\"end\":50},\"similarity\":0.6}\n"
            "{\"type\":\"eval\",\"run\":\"run.jsonl\",\"run_pairs\":2,\"cross_doc_only\":false,"
            "\"gold\":{\"file\":\"g.jsonl\",\"scored_pairs\":2,\"set_aside\":0,\"correct\":1,"
            "\"neutral\":0,"
            "\"wrong\":1,\"gold_pairs\":2,\"found\":1,\"optional_pairs\":0,\"optional_found\":0,"
            "\"gold_set_aside\":0,\"precision\":0.5,\"recall\":0.5,\"f1\":0.5,\"labels\":["
            "{\"label\":\"s1\",\"gold_pairs\":1,\"found\":1,\"optional_pairs\":0,\"optional_"
            "found\":0,\"run_pairs\":1},"
            "{\"label\":\"s2\",\"gold_pairs\":1,\"found\":0,\"optional_pairs\":0,\"optional_"
            "found\":0,\"run_pairs\":0}]},"
            "\"reference\":{\"file\":\"exact.jsonl\",\"reference_pairs\":2,\"scored_run_pairs\":2,"
            "\"found\":1,"
            "\"missing\":1,\"extra\":1,\"recall\":0.5,\"lsh_recall_loss\":0.5,\"settings_differ\":["
            "]}}\n");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace neardup
