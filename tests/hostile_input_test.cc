// Hostile and broken input at the library level: ill-formed UTF-8 (read as U+FFFD or skipped),
// binary files, empty and whitespace-only files, BOM / CRLF / lone CR, huge lines, paragraphs and
// words, huge JSONL strings. The end-to-end version is tests/cli/hostile_input_test.sh.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "neardup/base/utf8.h"
#include "neardup/corpus_reader.h"
#include "neardup/text/paragraph_splitter.h"
#include "neardup/text/tokenizer.h"
#include "testutil.h"

namespace neardup {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

using test::TempDir;

struct ReadResult {
  std::vector<Document> docs;
  std::vector<std::string> warnings;
  Status status;
};

ReadResult Read(const std::string& path, const ReaderOptions& options = {}) {
  ReadResult r;
  auto reader = CorpusReader::Open({path}, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return r;
  Document doc;
  while ((*reader)->Next(&doc)) r.docs.push_back(doc);
  r.status = (*reader)->status();
  for (ReadWarning& w : (*reader)->TakeWarnings()) r.warnings.push_back(std::move(w.message));
  return r;
}

// Words of every paragraph, "|" between paragraphs.
std::vector<std::string> Words(std::string_view text) {
  Tokenizer tokenizer;
  TokenList list;
  std::vector<std::string> words;
  for (const ByteRange& r : ParagraphSplitter().Split(text)) {
    list.Clear();
    tokenizer.Tokenize(text.substr(r.begin, r.end - r.begin), r.begin, &list);
    for (size_t i = 0; i < list.size(); ++i) words.emplace_back(list.Word(i));
    words.emplace_back("|");
  }
  return words;
}

// ---------------------------------------------------------------------------------------------
// UTF-8 scanning and repair

TEST(Utf8Test, ScanAndRepairTable) {
  struct Case {
    std::string in;
    size_t first_invalid;  // Utf8Scan::kNone when valid
    size_t count;
    std::string repaired;
  };
  constexpr size_t kNone = internal::Utf8Scan::kNone;
  const std::string r = "\xEF\xBF\xBD";
  const Case cases[] = {
      {"", kNone, 0, ""},
      {"plain ascii", kNone, 0, "plain ascii"},
      {"caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", kNone, 0,
       "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80"},
      {"a\xFF"
       "b",
       1, 1, "a" + r + "b"},                              // stray byte
      {"\x80\x80", 0, 2, r + r},                          // lone continuation bytes
      {"caf\xE9 au lait", 3, 1, "caf" + r + " au lait"},  // Latin-1
      {"\xC0\xAF", 0, 2, r + r},                          // overlong '/'
      {"\xE0\x80\xAF", 0, 3, r + r + r},                  // overlong, 3 bytes
      {"x\xED\xA0\x80y", 1, 3, "x" + r + r + r + "y"},    // encoded surrogate U+D800
      {"\xF4\x90\x80\x80", 0, 4, r + r + r + r},          // above U+10FFFF
      {"\xE2\x82", 0, 1, r},                              // truncated: one maximal subpart
      {"\xE2\x82x", 0, 1, r + "x"},
      {"\xF0\x9F\x98", 0, 1, r},
      {"ok \xF8\x88\x80\x80\x80", 3, 5, "ok " + r + r + r + r + r},  // 5-byte form
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.in));
    const internal::Utf8Scan scan = internal::ScanUtf8(c.in);
    EXPECT_EQ(scan.first_invalid, c.first_invalid);
    EXPECT_EQ(scan.invalid_count, c.count);
    std::string repaired;
    internal::AppendReplacingInvalidUtf8(c.in, &repaired);
    EXPECT_EQ(repaired, c.repaired);
    // Keeping the bad bytes reads exactly like replacing them (what the reader relies on).
    EXPECT_EQ(Words(c.in), Words(c.repaired));
  }
}

TEST(Utf8Test, KeptBytesSplitAndTokenizeLikeReplacement) {
  // Widths decide hard-wrap detection; a bad sequence must count as one character, as U+FFFD.
  std::string text;
  for (int line = 0; line < 6; ++line) {
    text += "Wrapped prose with a bad \xED\xA0\x80 byte and some filler words to reach";
    text += line == 5 ? " the end.\n" : "\n";
  }
  text += "\nNext \xE2\x82 paragraph \xC0\xAF here.\nAnd\xF4\x90\x80\x80 another one.\r\n";
  std::string repaired;
  internal::AppendReplacingInvalidUtf8(text, &repaired);
  EXPECT_EQ(Words(text), Words(repaired));
}

TEST(Utf8Test, LooksBinary) {
  size_t at = 0;
  EXPECT_TRUE(internal::LooksBinary("abc\0def"s, &at));
  EXPECT_EQ(at, 3u);
  EXPECT_FALSE(internal::LooksBinary("", nullptr));
  EXPECT_FALSE(internal::LooksBinary("plain text\r\n\twith\fspaces\x1b[0m", nullptr));
  EXPECT_FALSE(internal::LooksBinary("Latin-1 caf\xE9, na\xEFve, \xE0 la carte.", nullptr));
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    noise += static_cast<char>(((x >> 16) % 255) + 1);  // never NUL
  }
  EXPECT_TRUE(internal::LooksBinary(noise, nullptr));
  // A NUL past the sniffed prefix does not count; a multi-byte sequence cut by it is not odd.
  std::string late(internal::kBinarySniffBytes - 1, 'a');
  late += "\xC3\xA9";
  late += '\0';
  EXPECT_FALSE(internal::LooksBinary(late, nullptr));
}

// ---------------------------------------------------------------------------------------------
// The reader

TEST(HostileReaderTest, InvalidUtf8TextKeptWithWarningOrSkipped) {
  TempDir dir;
  const std::string text = "Stray \xFF byte and \xC0\xAF overlong.\n";
  const std::string path = dir.Write("bad.txt", text);
  ReadResult r = Read(path);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text, text);  // original bytes: output offsets point into the file
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            path + ": invalid UTF-8 at byte offset 6 (3 ill-formed sequences read as U+FFFD)");

  r = Read(path, ReaderOptions{.invalid_utf8 = InvalidUtf8::kSkip});
  ASSERT_TRUE(r.status.ok());
  EXPECT_TRUE(r.docs.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], path + ": invalid UTF-8 at byte offset 6; document skipped");

  r = Read(path, ReaderOptions{.strict = true, .invalid_utf8 = InvalidUtf8::kSkip});
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.message(), path + ": invalid UTF-8 at byte offset 6; document skipped");

  // Replacing is not a skipped record: --strict lets it through with its warning.
  r = Read(path, ReaderOptions{.strict = true});
  EXPECT_TRUE(r.status.ok());
  EXPECT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(HostileReaderTest, InvalidUtf8JsonlRepairedOrSkipped) {
  TempDir dir;
  const std::string path = dir.Write(
      "d.jsonl",
      "{\"id\":\"a\",\"text\":\"caf\xE9 \xED\xA0\x80!\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n");
  ReadResult r = Read(path);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].text, "caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!");
  EXPECT_EQ(r.docs[1].text, "ok");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], path +
                               ":1: invalid UTF-8 at byte offset 21 of the line (4 ill-formed "
                               "sequences read as U+FFFD)");

  r = Read(path, ReaderOptions{.invalid_utf8 = InvalidUtf8::kSkip});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "b");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], path + ":1: invalid UTF-8 at byte offset 21 of the line");
}

TEST(HostileReaderTest, BinaryEmptyWhitespaceBomCrlf) {
  TempDir dir;
  std::string noise;
  for (int i = 0; i < 2000; ++i) noise += static_cast<char>(1 + (i * 37) % 31);  // controls, no NUL
  dir.Write("a_noise.txt", noise);
  dir.Write("b_empty.txt", "");
  dir.Write("c_spaces.txt", " \n\t\r\n  ");
  dir.Write("d_bom.txt", "\xEF\xBB\xBFOne.\r\nTwo.\rThree.");
  ReadResult r = Read(dir.Write("e_nul.txt", "x\0y"s).substr(0, 0) +
                      fs::path(dir.Write("f.txt", "F.")).parent_path().string());
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_NE(r.warnings[0].find("a_noise.txt: binary file skipped"), std::string::npos);
  EXPECT_NE(r.warnings[1].find("e_nul.txt: binary file skipped"), std::string::npos);
  ASSERT_EQ(r.docs.size(), 4u);
  EXPECT_EQ(r.docs[0].id, "b_empty.txt");
  EXPECT_EQ(r.docs[1].id, "c_spaces.txt");
  EXPECT_TRUE(ParagraphSplitter().Split(r.docs[0].text).empty());
  EXPECT_TRUE(ParagraphSplitter().Split(r.docs[1].text).empty());
  EXPECT_EQ(r.docs[2].id, "d_bom.txt");
  const std::vector<ByteRange> paras = ParagraphSplitter().Split(r.docs[2].text);
  ASSERT_EQ(paras.size(), 3u);  // one sentence per line, CRLF and lone CR as line ends
  EXPECT_EQ(paras[0], (ByteRange{3, 7}));
  EXPECT_EQ(paras[1], (ByteRange{9, 13}));
  EXPECT_EQ(paras[2], (ByteRange{14, 20}));
}

TEST(HostileReaderTest, HugeJsonlStringAndLinesAfterIt) {
  TempDir dir;
  const std::string big(24 << 20, 'x');
  const std::string path = dir.Write("big.jsonl", "{\"id\":\"big\",\"text\":\"" + big +
                                                      "\"}\n{\"id\":\"small\",\"text\":\"s\"}\n");
  ReadResult r = Read(path);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].text.size(), big.size());
  EXPECT_EQ(r.docs[1].text, "s");
  EXPECT_TRUE(r.warnings.empty());
}

// ---------------------------------------------------------------------------------------------
// Bounded cost on huge paragraphs, lines and words

TEST(HostileTokenizerTest, MaxTokensStopsEarlyAndKeepsThePrefix) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "w" + std::to_string(i % 97) + " ";
  Tokenizer tokenizer;
  TokenList all;
  EXPECT_TRUE(tokenizer.Tokenize(text, 0, &all));
  ASSERT_EQ(all.size(), 1000u);
  for (size_t cap : {size_t{0}, size_t{1}, size_t{10}, size_t{999}, size_t{1000}, size_t{5000}}) {
    SCOPED_TRACE(cap);
    TokenList some;
    EXPECT_EQ(tokenizer.Tokenize(text, 0, &some, cap), cap >= 1000);
    ASSERT_EQ(some.size(), std::min<size_t>(cap, 1000));
    for (size_t i = 0; i < some.size(); ++i) {
      EXPECT_EQ(some.Word(i), all.Word(i));
      EXPECT_EQ(some.tokens[i].begin, all.tokens[i].begin);
    }
    if (some.size() > 0) {
      EXPECT_EQ(some.normalized.size(),
                some.tokens.back().norm_begin + some.tokens.back().norm_len);
    }
  }
}

TEST(HostileTokenizerTest, LongWordsAreCut) {
  Tokenizer tokenizer;
  TokenList list;
  tokenizer.Tokenize(std::string(2500, 'a'), 0, &list);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list.tokens[0].end, Tokenizer::kMaxWordBytes);
  EXPECT_EQ(list.tokens[1].begin, Tokenizer::kMaxWordBytes);
  EXPECT_EQ(list.tokens[2].end, 2500u);
  // Two-byte letters: cut at a character boundary, each piece valid UTF-8.
  std::string e;
  for (int i = 0; i < 1500; ++i) e += "\xC3\xA9";
  list.Clear();
  tokenizer.Tokenize(e, 0, &list);
  ASSERT_EQ(list.size(), 3u);
  for (const Token& t : list.tokens) {
    EXPECT_EQ(t.begin % 2, 0u);
    EXPECT_LE(t.end - t.begin, Tokenizer::kMaxWordBytes);
  }
}

TEST(HostileTokenizerTest, MillionsOfWordsCostOnlyTheCap) {
  std::string text;
  text.reserve(16 << 20);
  while (text.size() < (16 << 20)) text += "lorem ipsum dolor sit amet ";
  Tokenizer tokenizer;
  TokenList list;
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(tokenizer.Tokenize(text, 0, &list, 1000));
  const double capped =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(list.size(), 1000u);
  EXPECT_LT(capped, 0.5);  // reads ~6 KB of the 16 MB, not the whole paragraph
  const std::vector<ByteRange> paras = ParagraphSplitter().Split(text);
  ASSERT_EQ(paras.size(), 1u);  // one line, no line end: one paragraph
}

TEST(HostileSplitterTest, LinearOnHugeInputs) {
  // Time per byte stays flat from 4 MB to 16 MB (no quadratic blow-up), for a single line, for
  // one block of many short lines, and for many blank lines.
  auto seconds_per_mb = [](const std::string& unit, size_t mb) {
    std::string text;
    text.reserve(mb << 20);
    while (text.size() < (mb << 20)) text += unit;
    const auto t0 = std::chrono::steady_clock::now();
    const size_t n = ParagraphSplitter().Split(text).size();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(n, text.size());
    return s / static_cast<double>(mb);
  };
  for (const std::string unit : {"word word word ", "short line\n", "x\n\n\n", "Sentence one.\n"}) {
    SCOPED_TRACE(testing::PrintToString(unit));
    const double small = seconds_per_mb(unit, 4);
    const double large = seconds_per_mb(unit, 16);
    EXPECT_LT(large, 3 * small + 0.02);
  }
}

}  // namespace
}  // namespace neardup
