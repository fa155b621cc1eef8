// The streamed pair records of the reworded JSONL report (WriteAlignedPairs) are the bytes the
// whole-report writer gives from AlignPairs' alignments, and the kept word runs give the same
// document verdicts, whatever the thread count.

#include "neardup/report/aligned_pairs.h"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "neardup/io/doc_texts.h"
#include "neardup/report/alignment.h"
#include "neardup/report/doc_verdict.h"
#include "neardup/report/jsonl_records.h"
#include "testutil.h"

namespace neardup {
namespace {

const char* const kParagraphs[] = {
    "The storm closed every road into the valley on Monday night, officials said.",
    "Officials said the storm shut all roads into the valley late on Monday.",
    "Power was restored to most homes by Tuesday morning after crews worked overnight.",
    "Crews worked through the night and most homes had power again on Tuesday.",
    "Schools will stay shut for the rest of the week.",
};

// Documents of three paragraphs each, drawn from kParagraphs, and pairs between the paragraphs of
// different documents (over 2 blocks of 2048 pairs); texts in *texts.
ScanResult MakeResult(DocTexts* texts) {
  ScanResult r;
  constexpr uint32_t kDocs = 60;
  for (uint32_t d = 0; d < kDocs; ++d) {
    r.doc_ids.push_back("doc" + std::to_string(d));
    std::string text;
    for (uint32_t k = 0; k < 3; ++k) {
      if (k > 0) text += "\n\n";
      const std::string para = kParagraphs[(d + 2 * k) % 5];
      const uint32_t begin = static_cast<uint32_t>(text.size());
      text += para;
      r.units.push_back({d, k, {begin, static_cast<uint32_t>(text.size())}, 12, 0});
    }
    texts->Put(d, text);
  }
  for (uint32_t a = 0; a < r.units.size(); ++a) {
    for (uint32_t b = a + 3; b < r.units.size() && r.pairs.size() < 5000; b += 3) {
      Pair p;
      p.a = a;
      p.b = b;
      p.span_a = r.units[a].range;
      p.span_b = r.units[b].range;
      if (b % 3 == 1) {  // a sentence pair: a span inside the paragraph
        p.sentence = true;
        p.span_b.begin += 4;
      }
      p.similarity = 0.5;
      r.pairs.push_back(p);
    }
  }
  return r;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(AlignedPairsTest, StreamedRecordsAndRunsMatchTheWholeReport) {
  DocTexts texts;
  const ScanResult r = MakeResult(&texts);
  ASSERT_GT(r.pairs.size(), 4096u);
  ReportInfo info;
  info.mode = "reworded";
  info.options.mode = Mode::kReworded;
  info.options.seed = 7;
  const std::vector<Alignment> alignments = AlignPairs(r, texts, info.options.seed, 2);
  std::string expected;
  ReportInfo with = info;
  with.alignments = &alignments;
  for (const Pair& p : r.pairs) AppendPair(&expected, r, with, p);
  const std::vector<DocPair> want = DocPairs(r, alignments, VerdictOptions{});
  ASSERT_FALSE(want.empty());
  for (const int threads : {1, 2, 4}) {
    test::TempDir dir("neardup_aligned_pairs");
    info.options.threads = threads;
    auto out = OutputFile::Open(dir.Sub("out.jsonl"));
    ASSERT_TRUE(out.ok());
    MatchedWords matched;
    ASSERT_TRUE(WriteAlignedPairs(r, info, texts, out->get(), &matched).ok());
    ASSERT_TRUE((*out)->Finish().ok());
    ASSERT_TRUE((*out)->Commit().ok());
    EXPECT_EQ(ReadFile(dir.Sub("out.jsonl")), expected) << threads << " threads";
    ASSERT_EQ(matched.pairs(), r.pairs.size());
    for (size_t i = 0; i < r.pairs.size(); ++i) {
      const auto a = matched.Side(i, 0), b = matched.Side(i, 1);
      ASSERT_EQ(std::vector<WordRun>(a.begin(), a.end()), alignments[i].a.matched) << i;
      ASSERT_EQ(std::vector<WordRun>(b.begin(), b.end()), alignments[i].b.matched) << i;
    }
    const std::vector<DocPair> got = DocPairsFromRuns(r, &matched, VerdictOptions{}, threads);
    ASSERT_EQ(got.size(), want.size());
    for (size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].a, want[k].a);
      EXPECT_EQ(got[k].b, want[k].b);
      EXPECT_EQ(got[k].covered_a, want[k].covered_a);
      EXPECT_EQ(got[k].covered_b, want[k].covered_b);
      EXPECT_EQ(got[k].verdict, want[k].verdict);
    }
  }
}

// A full disk stops the pipeline: the first failed write is returned, at any thread count.
TEST(AlignedPairsTest, AWriteErrorIsReturned) {
  if (std::ifstream("/dev/full").fail()) GTEST_SKIP() << "no /dev/full";
  DocTexts texts;
  const ScanResult r = MakeResult(&texts);
  ReportInfo info;
  info.mode = "reworded";
  info.options.mode = Mode::kReworded;
  for (const int threads : {1, 2, 4}) {
    info.options.threads = threads;
    auto out = OutputFile::Open("/dev/full");
    ASSERT_TRUE(out.ok()) << out.status().message();
    MatchedWords matched;
    EXPECT_FALSE(WriteAlignedPairs(r, info, texts, out->get(), &matched).ok()) << threads;
  }
}

TEST(AlignedPairsTest, MatchedWordsAppendKeepsEachPairsRuns) {
  Alignment x, y;
  x.a.matched = {{0, 3}, {5, 6}};
  x.b.matched = {{1, 4}};
  y.b.matched = {{2, 9}};
  MatchedWords first, second;
  first.Add(x);
  second.Add(y);
  second.Add(x);
  first.Append(second);
  ASSERT_EQ(first.pairs(), 3u);
  EXPECT_EQ(first.Side(0, 0).size(), 2u);
  EXPECT_EQ(first.Side(1, 0).size(), 0u);
  ASSERT_EQ(first.Side(1, 1).size(), 1u);
  EXPECT_EQ(first.Side(1, 1)[0], (WordRun{2, 9}));
  ASSERT_EQ(first.Side(2, 0).size(), 2u);
  EXPECT_EQ(first.Side(2, 0)[1], (WordRun{5, 6}));
  EXPECT_EQ(first.Side(2, 1)[0], (WordRun{1, 4}));
}

}  // namespace
}  // namespace neardup
