// The second pass (SecondPassReader, WriteDeduplicated, WriteScanReport) checks each document
// against what the scan read, and fails with a clear error when the corpus changed in between.

#include "neardup/io/second_pass.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "neardup/io/doc_texts.h"
#include "neardup/neardup.h"
#include "testutil.h"

namespace neardup {
namespace {

using test::TempDir;

const char kA[] = "The storm closed every road into the valley on Monday night.\n\nPower is back.";
const char kB[] =
    "The storm closed every road into the valley on Monday night.\n\nSchools are shut.";

ScanResult Scan(const std::vector<std::string>& paths) {
  Options lexical;
  lexical.mode = Mode::kLexical;  // what these tests were written for (the default is reworded)
  StatusOr<std::unique_ptr<Corpus>> corpus = Corpus::Create(lexical);
  EXPECT_TRUE(corpus.ok());
  EXPECT_TRUE((*corpus)->AddPaths(paths).ok());
  StatusOr<ScanResult> r = (*corpus)->Find();
  EXPECT_TRUE(r.ok());
  return *r;
}

TEST(SecondPassTest, UnchangedCorpusPassesAndDigestsMatch) {
  TempDir dir("neardup_second_pass");
  dir.Write("a.txt", kA);
  dir.Write("b.txt", kB);
  const ScanResult r = Scan({dir.path()});
  ASSERT_EQ(r.doc_digests.size(), 2u);
  EXPECT_EQ(r.doc_digests[0], DigestOf(kA));
  auto reader = SecondPassReader::Open({dir.path()}, ReaderOptions(), r.doc_digests);
  ASSERT_TRUE(reader.ok());
  Document doc;
  int n = 0;
  while ((*reader)->Next(&doc)) ++n;
  EXPECT_EQ(n, 2);
  EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status().ToString();
}

TEST(SecondPassTest, ChangedShortenedOrLongerCorpusFails) {
  struct Case {
    const char* name;
    const char* file;
    const char* text;  // nullptr: remove the file
    const char* want;  // in the error message
  };
  const Case cases[] = {
      {"same size, other bytes", "b.txt",
       "The storm closed every road into the valley on Monday night.\n\nSchools are shot.",
       "other bytes"},
      {"longer", "b.txt",
       "The storm closed every road into the valley on Monday night.\n\nSchools are shut today.",
       "bytes then"},
      {"removed", "b.txt", nullptr, "ends after 1 documents"},
      {"added", "c.txt", "A new text.", "is new"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir("neardup_second_pass");
    dir.Write("a.txt", kA);
    dir.Write("b.txt", kB);
    const ScanResult r = Scan({dir.path()});
    if (c.text == nullptr) {
      std::filesystem::remove(dir.Sub(c.file));
    } else {
      dir.Write(c.file, c.text);
    }
    auto out = OutputFile::Open(dir.Sub("out.jsonl"));
    ASSERT_TRUE(out.ok());
    DedupStats stats;
    const Status s =
        WriteDeduplicated(r, Unit::kParagraph, {dir.path()}, ReaderOptions(), out->get(), &stats);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
    EXPECT_NE(s.ToString().find("changed since it was scanned"), std::string::npos) << s.ToString();
    EXPECT_NE(s.ToString().find(c.want), std::string::npos) << s.ToString();
  }
}

TEST(SecondPassTest, ReportOfChangedCorpusFails) {
  TempDir dir("neardup_second_pass");
  dir.Write("a.txt", kA);
  dir.Write("b.txt", kB);
  ScanResult r = Scan({dir.path()});
  ASSERT_FALSE(r.pairs.empty());
  dir.Write("a.txt", "Something else entirely.\n\nPower is back.");
  auto out = OutputFile::Open(dir.Sub("report.txt"));
  ASSERT_TRUE(out.ok());
  const Status s = WriteScanReport(&r, ReportInfo(), ReportFormat::kText, {dir.path()},
                                   ReaderOptions(), out->get(), nullptr);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.ToString().find("a.txt"), std::string::npos) << s.ToString();
}

// DocTexts::Load decodes chunks on several cores: with one line per chunk (many tiny ranges) and
// 1 or 4 threads it keeps exactly the wanted texts, and a change at or before the last wanted
// document fails with SecondPassReader's error while one after it is not read.
TEST(SecondPassTest, ParallelLoadKeepsWantedTextsAndChecksInOrder) {
  TempDir dir("neardup_second_pass");
  auto line = [](int i, const char* word) {
    return "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"Paragraph " + word + " number " +
           std::to_string(1000 + i) + ".\"}\n";
  };
  std::string jsonl;
  for (int i = 0; i < 60; ++i) jsonl += line(i, "alpha");
  const std::string path = dir.Write("c.jsonl", jsonl);
  const ScanResult r = Scan({path});
  ASSERT_EQ(r.doc_digests.size(), 60u);
  ReaderOptions tiny;
  tiny.chunk_bytes = 1;
  for (int threads : {1, 4}) {
    SCOPED_TRACE(threads);
    DocTexts texts;
    texts.SetThreads(threads);
    ASSERT_TRUE(texts.Load({path}, tiny, {42, 3, 17, 17}, r.doc_digests).ok());
    ASSERT_NE(texts.Text(3), nullptr);
    EXPECT_EQ(*texts.Text(3), "Paragraph alpha number 1003.");
    ASSERT_NE(texts.Text(42), nullptr);
    EXPECT_EQ(*texts.Text(42), "Paragraph alpha number 1042.");
    EXPECT_EQ(texts.Text(0), nullptr);
    EXPECT_EQ(texts.Text(43), nullptr);
  }
  std::string changed;
  for (int i = 0; i < 60; ++i) changed += line(i, i == 20 ? "alphb" : "alpha");
  dir.Write("c.jsonl", changed);
  for (int threads : {1, 4}) {
    SCOPED_TRACE(threads);
    DocTexts before, after;
    before.SetThreads(threads);
    EXPECT_TRUE(before.Load({path}, tiny, {19}, r.doc_digests).ok());
    after.SetThreads(threads);
    const Status s = after.Load({path}, tiny, {42}, r.doc_digests);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
    EXPECT_NE(s.ToString().find("'d20' (number 21) is not the text the scan read"),
              std::string::npos)
        << s.ToString();
  }
  dir.Write("c.jsonl", jsonl.substr(0, jsonl.find("{\"id\":\"d30\"")));
  DocTexts shortened;
  shortened.SetThreads(4);
  const Status s = shortened.Load({path}, tiny, {50}, r.doc_digests);
  EXPECT_NE(s.ToString().find("ends after 30 documents"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace neardup
