// Tests of the gold-file reader and phrase resolution.

#include "neardup/gold.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

namespace neardup {
namespace {

TEST(GoldTest, ParsesPhraseAndRangeSides) {
  const std::string text =
      "{\"a\":{\"doc\":\"x.txt\",\"phrase\":\"grave "
      "consequences\"},\"b\":{\"doc\":7,\"start\":3,\"end\":9},"
      "\"label\":\"warning\"}\n"
      "\n"
      "  \r\n"
      "{\"optional\":true,\"b\":{\"end\":2,\"start\":1,\"doc\":\"z\"},\"a\":{\"phrase\":\"p\","
      "\"doc\":\"y\"}}";
  auto pairs = ParseGold(text, "g.jsonl");
  ASSERT_TRUE(pairs.ok()) << pairs.status().message();
  ASSERT_EQ(pairs->size(), 2u);
  const GoldPair& p = (*pairs)[0];
  EXPECT_EQ(p.source, "g.jsonl:1");
  EXPECT_EQ(p.a.doc, "x.txt");
  EXPECT_EQ(p.a.phrase, "grave consequences");
  EXPECT_FALSE(p.a.resolved);
  EXPECT_EQ(p.b.doc, "7");  // an integer id is kept as written
  EXPECT_TRUE(p.b.resolved);
  EXPECT_EQ(p.b.range, (ByteRange{3, 9}));
  EXPECT_EQ(p.label, "warning");
  EXPECT_FALSE(p.optional);
  const GoldPair& q = (*pairs)[1];
  EXPECT_EQ(q.source, "g.jsonl:4");  // blank lines are counted
  EXPECT_TRUE(q.optional);
  EXPECT_EQ(q.label, "");
  EXPECT_EQ(q.b.range, (ByteRange{1, 2}));
  EXPECT_TRUE(NeedsTexts(*pairs));
}

TEST(GoldTest, EmptyFileHasNoPairs) {
  auto pairs = ParseGold("\n\n", "g.jsonl");
  ASSERT_TRUE(pairs.ok());
  EXPECT_TRUE(pairs->empty());
  EXPECT_FALSE(NeedsTexts(*pairs));
}

TEST(GoldTest, MalformedLinesNameFileLineAndProblem) {
  const std::string a = "\"a\":{\"doc\":\"x\",\"phrase\":\"p\"}";
  const std::string b = "\"b\":{\"doc\":\"y\",\"start\":0,\"end\":4}";
  struct Case {
    std::string line;
    std::string want;  // expected message after "g.jsonl:2: "
  } cases[] = {
      {"not json", "invalid JSON"},
      {"[1,2]", "not a JSON object"},
      {"{" + a + "}", "missing field 'b'"},
      {"{" + b + "}", "missing field 'a'"},
      {"{" + a + "," + b + ",\"lable\":\"x\"}",
       "unknown field 'lable' (expected a, b, label, optional)"},
      {"{" + a + "," + b + "," + b + "}", "field 'b' given twice"},
      {"{" + a + "," + b + ",\"label\":3}", "'label' is not a string"},
      {"{" + a + "," + b + ",\"optional\":\"yes\"}", "'optional' is not true or false"},
      {"{\"a\":3," + b + "}", "field 'a' is not an object"},
      {"{\"a\":{\"phrase\":\"p\"}," + b + "}", "field 'a' lacks 'doc'"},
      {"{\"a\":{\"doc\":\"x\"}," + b + "}", "field 'a' needs a 'phrase' or both 'start' and 'end'"},
      {"{\"a\":{\"doc\":\"x\",\"start\":1}," + b + "}",
       "field 'a' needs a 'phrase' or both 'start' and 'end'"},
      {"{\"a\":{\"doc\":\"x\",\"phrase\":\"\"}," + b + "}", "'a.phrase' is empty"},
      {"{\"a\":{\"doc\":\"x\",\"phrase\":\"p\",\"start\":0,\"end\":1}," + b + "}",
       "field 'a' has both a phrase and a byte range"},
      {"{\"a\":{\"doc\":\"x\",\"start\":5,\"end\":5}," + b + "}",
       "field 'a': start must be below end"},
      {"{\"a\":{\"doc\":\"x\",\"start\":-1,\"end\":5}," + b + "}",
       "'a.start' is out of range [0, 2^32)"},
      {"{\"a\":{\"doc\":\"x\",\"start\":0,\"end\":4294967296}," + b + "}",
       "'a.end' is out of range [0, 2^32)"},
      {"{\"a\":{\"doc\":\"x\",\"start\":0.5,\"end\":4}," + b + "}",
       "'a.start' is not an integer below 2^32"},
      {"{\"a\":{\"doc\":\"x\",\"start\":\"0\",\"end\":4}," + b + "}",
       "'a.start' is not an integer"},
      {"{\"a\":{\"doc\":true,\"phrase\":\"p\"}," + b + "}", "'a.doc' is not a string or integer"},
      {"{\"a\":{\"doc\":\"x\",\"phrase\":\"p\",\"pharse\":\"q\"}," + b + "}",
       "unknown field 'a.pharse' (expected doc, phrase, start, end)"},
      {"{" + a + "," + b + "} {}", "trailing content after the JSON object"},
      {"{" + a + "," + b + "", "invalid JSON structure"},
      {"{\"a\":{\"doc\":\"x\",\"phrase\":\"\xff\"}," + b + "}", "invalid UTF-8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    const std::string good = "{" + a + "," + b + "}";
    auto pairs = ParseGold(good + "\n" + c.line + "\n" + good, "g.jsonl");
    ASSERT_FALSE(pairs.ok());
    EXPECT_EQ(pairs.status().code(), Status::Code::kInvalidArgument);
    // simdjson's errors are described as the corpus reader describes them (DescribeJsonError).
    EXPECT_EQ(pairs.status().message(), "g.jsonl:2: " + c.want);
  }
}

TEST(GoldTest, ResolvesPhrasesToTheirSingleOccurrence) {
  std::map<std::string, std::string> texts = {
      {"x", "North Korea warned of grave consequences.\n\nSony said it had no choice."},
      {"y", "There would be grave consequences, it said. Grave, grave."},
  };
  TextLookup lookup = [&](const std::string& doc) -> const std::string* {
    auto it = texts.find(doc);
    return it == texts.end() ? nullptr : &it->second;
  };
  auto pairs = ParseGold(
      "{\"a\":{\"doc\":\"x\",\"phrase\":\"grave "
      "consequences\"},\"b\":{\"doc\":\"y\",\"phrase\":\"be grave\"}}\n"
      "{\"a\":{\"doc\":\"x\",\"phrase\":\"no "
      "choice\"},\"b\":{\"doc\":\"y\",\"start\":0,\"end\":5}}\n",
      "g");
  ASSERT_TRUE(pairs.ok());
  ASSERT_TRUE(ResolvePhrases(&*pairs, lookup).ok());
  EXPECT_TRUE((*pairs)[0].a.resolved);
  EXPECT_EQ((*pairs)[0].a.range, (ByteRange{22, 40}));
  EXPECT_EQ((*pairs)[0].b.range, (ByteRange{12, 20}));
  EXPECT_EQ((*pairs)[1].a.range, (ByteRange{60, 69}));
  EXPECT_EQ((*pairs)[1].b.range, (ByteRange{0, 5}));

  struct Case {
    std::string line;
    std::string want;
  } cases[] = {
      {"{\"a\":{\"doc\":\"q\",\"phrase\":\"x\"},\"b\":{\"doc\":\"y\",\"start\":0,\"end\":1}}",
       "g:1: side a: document 'q' is not in the corpus"},
      {"{\"a\":{\"doc\":\"x\",\"phrase\":\"Sony\"},\"b\":{\"doc\":\"y\",\"phrase\":\"grave\"}}",
       "g:1: side b: phrase occurs more than once in document 'y' (make it longer)"},
      {"{\"a\":{\"doc\":\"x\",\"phrase\":\"GRAVE "
       "consequences\"},\"b\":{\"doc\":\"y\",\"start\":0,\"end\":1}}",
       "g:1: side a: phrase not found in document 'x'"},
      {"{\"a\":{\"doc\":\"x\",\"phrase\":\"Sony\"},\"b\":{\"doc\":\"y\",\"start\":0,\"end\":58}}",
       "g:1: side b: end 58 is past the end of document 'y' (57 bytes)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    auto bad = ParseGold(c.line, "g");
    ASSERT_TRUE(bad.ok()) << bad.status().message();
    Status s = ResolvePhrases(&*bad, lookup);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.message(), c.want);
  }
}

TEST(GoldTest, ReadsFilesAndReportsUnreadableOnes) {
  const std::string path = ::testing::TempDir() + "/gold_test.jsonl";
  {
    std::ofstream f(path);
    f << "{\"a\":{\"doc\":\"x\",\"start\":0,\"end\":1},\"b\":{\"doc\":\"y\",\"start\":0,\"end\":1}}"
         "\n{bad\n";
  }
  auto pairs = ReadGoldFile(path);
  ASSERT_FALSE(pairs.ok());
  EXPECT_EQ(pairs.status().message(), path + ":2: invalid JSON structure");
  std::remove(path.c_str());
  auto missing = ReadGoldFile(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kIOError);
  EXPECT_EQ(missing.status().message().rfind(path + ": cannot open", 0), 0u)
      << missing.status().message();
}

TEST(GoldTest, BundledSeedsGoldResolvesAgainstTheSample) {
  // Every phrase of data/gold/seeds.gold.jsonl names one place of its seed article.
  const std::string dir = std::string(NEARDUP_SOURCE_DIR) + "/data/";
  auto pairs = ReadGoldFile(dir + "gold/seeds.gold.jsonl");
  ASSERT_TRUE(pairs.ok()) << pairs.status().message();
  EXPECT_GT(pairs->size(), 20u);
  std::map<std::string, std::string> texts;
  for (const GoldPair& p : *pairs) {
    for (const GoldSide* s : {&p.a, &p.b}) {
      if (texts.count(s->doc)) continue;
      std::ifstream f(dir + "seeds/" + s->doc, std::ios::binary);
      ASSERT_TRUE(f.good()) << s->doc;
      texts[s->doc].assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
  }
  Status s = ResolvePhrases(&*pairs, [&](const std::string& doc) -> const std::string* {
    auto it = texts.find(doc);
    return it == texts.end() ? nullptr : &it->second;
  });
  EXPECT_TRUE(s.ok()) << s.message();
}

}  // namespace
}  // namespace neardup
