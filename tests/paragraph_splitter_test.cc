// Tests for ParagraphSplitter: table-driven edge cases plus the layouts of the seed articles.
#include "neardup/text/paragraph_splitter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace neardup {
namespace {

std::vector<std::string> Paragraphs(std::string_view text) {
  std::vector<std::string> out;
  for (const ByteRange& r : ParagraphSplitter().Split(text)) {
    out.emplace_back(text.substr(r.begin, r.end - r.begin));
  }
  return out;
}

std::string ReadSeed(const std::string& name) {
  std::ifstream in(std::string(NEARDUP_SOURCE_DIR) + "/data/seeds/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ToCrlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// Rewrites CRLF and lone CR line ends inside each paragraph as LF.
std::vector<std::string> ToLf(std::vector<std::string> paragraphs) {
  for (std::string& p : paragraphs) {
    std::string out;
    for (size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '\r') {
        out += '\n';
        if (i + 1 < p.size() && p[i + 1] == '\n') ++i;
      } else {
        out += p[i];
      }
    }
    p = out;
  }
  return paragraphs;
}

// Greedy word wrap at `width` columns, as an editor or mail client would.
std::string Wrap(std::string_view text, size_t width) {
  std::string out;
  size_t col = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view word = text.substr(i, j - i);
    if (col > 0 && col + 1 + word.size() > width) {
      out += '\n';
      col = 0;
    } else if (col > 0) {
      out += ' ';
      ++col;
    }
    out += word;
    col += word.size();
    i = j + 1;
  }
  return out;
}

constexpr std::string_view kProse =
    "North Korea on Sunday warned of strikes against the White House. The Pentagon and the US "
    "mainland were named too. In response to US suggestions that it might put the country back on "
    "its list of nations who sponsor terrorism, the commission said the army is prepared to act. "
    "Earlier in the weekend, North Korea had proposed a joint investigation with the US into last "
    "month's computer attack on Sony Pictures, which led to the release of sensitive data.";

TEST(ParagraphSplitterTest, Table) {
  struct Case {
    std::string_view input;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"", {}},
      {"   \n\t\n  ", {}},
      {"\xEF\xBB\xBF", {}},
      {"word", {"word"}},
      {"  padded \t", {"padded"}},
      {"a\n\nb", {"a", "b"}},
      {"a\n \t \nb\n\n\n\nc", {"a", "b", "c"}},
      {"a\r\n\r\nb", {"a", "b"}},
      {"a\r\rb", {"a", "b"}},
      {"a\r\n \r\nb\r\n", {"a", "b"}},
      // A single newline splits only after a sentence end.
      {"One.\nTwo.", {"One.", "Two."}},
      {"Title line\nBody text.", {"Title line\nBody text."}},
      {"Stop!\nGo?\nWell…\nEnd", {"Stop!", "Go?", "Well…", "End"}},
      {"He said \xE2\x80\x9Cyes.\xE2\x80\x9D\nNext.",
       {"He said \xE2\x80\x9Cyes.\xE2\x80\x9D", "Next."}},
      {"(See above.)\nNext", {"(See above.)", "Next"}},
      {"[Done.]\nNext", {"[Done.]", "Next"}},
      {"It was \xE2\x80\x98odd.\xE2\x80\x99\nNext",
       {"It was \xE2\x80\x98odd.\xE2\x80\x99", "Next"}},
      {"Quoted.\"'\nNext", {"Quoted.\"'", "Next"}},
      {"Not an end:\nNext", {"Not an end:\nNext"}},
      {"Ends with a quote\xE2\x80\x9D\nNext", {"Ends with a quote\xE2\x80\x9D\nNext"}},
      {"Short.\r\nLines.\r\nSplit.", {"Short.", "Lines.", "Split."}},
      {"Lone CR.\rNext", {"Lone CR.", "Next"}},
      // BOM and Unicode spaces are trimmed.
      {"\xEF\xBB\xBFHello.", {"Hello."}},
      {"\xC2\xA0\xC2\xA0Hello\xE2\x80\x83\xE3\x80\x80", {"Hello"}},
      {"a\n\xC2\xA0\xE2\x80\xAF\n b", {"a", "b"}},
      // Invalid UTF-8 is kept as text, never trimmed as space or read out of range.
      {"\x80", {"\x80"}},
      {"x\xE2\x80", {"x\xE2\x80"}},
      {"\xC0\xA0x", {"\xC0\xA0x"}},
      {"\xE2\n\n\x80\x80.\nz", {"\xE2", "\x80\x80.", "z"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "input: \"" << c.input << "\"");
    EXPECT_EQ(Paragraphs(c.input), c.want);
  }
}

TEST(ParagraphSplitterTest, HardWrappedProseStaysWhole) {
  for (size_t width : {size_t{60}, size_t{72}, size_t{80}}) {
    SCOPED_TRACE(testing::Message() << "width " << width);
    const std::string wrapped = Wrap(kProse, width);
    ASSERT_GT(std::count(wrapped.begin(), wrapped.end(), '\n'), 3);
    EXPECT_EQ(Paragraphs(wrapped), std::vector<std::string>{wrapped});
    // Two wrapped paragraphs separated by a blank line stay two paragraphs.
    EXPECT_EQ(Paragraphs(wrapped + "\n\n" + wrapped), (std::vector<std::string>{wrapped, wrapped}));
    EXPECT_EQ(ToLf(Paragraphs(ToCrlf(wrapped))), std::vector<std::string>{wrapped});
  }
}

TEST(ParagraphSplitterTest, RaggedSentencesPerLineSplit) {
  // Lines of very different lengths: not hard-wrapped, so each sentence line is a paragraph.
  const std::string text =
      "A short opening sentence.\n"
      "A much longer second sentence that goes on and on for quite a while, like prose does.\n"
      "Third.\n";
  EXPECT_EQ(Paragraphs(text), (std::vector<std::string>{
                                  "A short opening sentence.",
                                  "A much longer second sentence that goes on and on for quite a "
                                  "while, like prose does.",
                                  "Third."}));
}

TEST(ParagraphSplitterTest, RangesAreOrderedAndTrimmed) {
  const std::string text = "\xEF\xBB\xBF  First.\r\n Second line.  \n\n\n\tThird\n";
  const std::vector<ByteRange> got = ParagraphSplitter().Split(text);
  ASSERT_EQ(got.size(), 3u);
  uint32_t prev_end = 0;
  for (const ByteRange& r : got) {
    EXPECT_LE(prev_end, r.begin);
    EXPECT_LT(r.begin, r.end);
    EXPECT_LE(r.end, text.size());
    EXPECT_NE(text[r.begin], ' ');
    EXPECT_NE(text[r.end - 1], ' ');
    prev_end = r.end;
  }
}

TEST(ParagraphSplitterTest, Seed000DuplicateLinesAreSeparate) {
  const std::string text = ReadSeed("000_19335c8ed8e67f0c.txt");
  const std::vector<std::string> got = Paragraphs(text);
  ASSERT_GE(got.size(), 4u);
  EXPECT_EQ(
      got[0],
      "North Korea Threatens U.S. in Sony Hack Case. \xE2\x80\x9CGrave Consequences\xE2\x80\x9D");
  EXPECT_EQ(got[1], "Kim Jong-un of North Korea");
  EXPECT_EQ(got[2], "Kim Jong-un of North Korea");
  EXPECT_EQ(got[4], "By Rakesh Raman");
}

TEST(ParagraphSplitterTest, Seed001OneParagraphPerLine) {
  const std::string text = ReadSeed("001_5d173cefb2dd4a82.txt");
  const std::vector<std::string> got = Paragraphs(text);
  // Every non-blank line of this file is its own paragraph.
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  EXPECT_EQ(got, lines);
  const std::string_view kPrefix = "\xE2\x80\x9CIf the North Korean government wants to help";
  const auto it = std::find_if(got.begin(), got.end(), [&](const std::string& p) {
    return std::string_view(p).starts_with(kPrefix);
  });
  ASSERT_NE(it, got.end());
  EXPECT_EQ(it->find('\n'), std::string::npos);
}

TEST(ParagraphSplitterTest, Seed003SentenceThenCaption) {
  const std::string text = ReadSeed("003_9bee61d7edc018f9.txt");
  const std::vector<std::string> got = Paragraphs(text);
  const auto it = std::find(got.begin(), got.end(), "sony pictures");
  EXPECT_NE(it, got.end());
}

TEST(ParagraphSplitterTest, SeedsCrlfMatchesLf) {
  for (const char* name :
       {"000_19335c8ed8e67f0c.txt", "001_5d173cefb2dd4a82.txt", "002_1de066725806b673.txt",
        "003_9bee61d7edc018f9.txt", "004_f16d9213e3606fff.txt"}) {
    SCOPED_TRACE(name);
    const std::string lf = ReadSeed(name);
    ASSERT_FALSE(lf.empty());
    const std::vector<std::string> want = Paragraphs(lf);
    EXPECT_GE(want.size(), 5u);
    EXPECT_EQ(ToLf(Paragraphs(ToCrlf(lf))), want);
    std::string cr = lf;
    std::replace(cr.begin(), cr.end(), '\n', '\r');
    EXPECT_EQ(ToLf(Paragraphs(cr)), want);
    EXPECT_EQ(Paragraphs("\xEF\xBB\xBF" + lf), want);
    for (const std::string& p : want) EXPECT_EQ(p.find("\n\n"), std::string::npos);
  }
}

}  // namespace
}  // namespace neardup
