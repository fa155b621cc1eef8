// Tests for Tokenizer: table-driven edge cases, offsets on the seed articles, and a differential
// test of the ASCII fast path against a slow code-point-at-a-time reference built on utf8proc_map.
#include "neardup/text/tokenizer.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace neardup {
namespace {

std::vector<std::string> Words(std::string_view text) {
  Tokenizer tokenizer;
  TokenList list;
  tokenizer.Tokenize(text, 0, &list);
  std::vector<std::string> out;
  for (size_t i = 0; i < list.size(); ++i) out.emplace_back(list.Word(i));
  return out;
}

std::string ReadSeed(const std::string& name) {
  std::ifstream in(std::string(NEARDUP_SOURCE_DIR) + "/data/seeds/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using W = std::vector<std::string>;

TEST(TokenizerTest, Table) {
  struct Case {
    std::string_view input;
    W want;
  };
  const Case cases[] = {
      {"", {}},
      {" \t\n.,;!?", {}},
      {"Hello, World!", {"hello", "world"}},
      {"MiXeD CaSe 42x", {"mixed", "case", "42x"}},
      // Apostrophes between letters stay, unified to '.
      {"FBI's", {"fbi's"}},
      {"FBI\xE2\x80\x99s", {"fbi's"}},
      {"FBI\xCA\xBCs", {"fbi's"}},
      {"don't won\xE2\x80\x99t", {"don't", "won't"}},
      {"'quoted' \xE2\x80\x98single\xE2\x80\x99", {"quoted", "single"}},
      {"rock 'n' roll", {"rock", "n", "roll"}},
      {"a''b", {"a", "b"}},
      {"90's 5'9 x'9", {"90", "s", "5", "9", "x", "9"}},
      {"Sony\xE2\x80\x99", {"sony"}},
      {"\xCA\xBC", {}},
      // Dashes, hyphens and quotes separate.
      {"Jong-un", {"jong", "un"}},
      {"war\xE2\x80\x94peace\xE2\x80\x93time\xE2\x80\x90x\xE2\x88\x92y",
       {"war", "peace", "time", "x", "y"}},
      {"\xE2\x80\x9CGrave Consequences\xE2\x80\x9D", {"grave", "consequences"}},
      {"\xC2\xAB"
       "bonjour"
       "\xC2\xBB",
       {"bonjour"}},
      {"3,000 9/11 #GOP @sony", {"3", "000", "9", "11", "gop", "sony"}},
      {"a\xC2\xA0"
       "b",
       {"a", "b"}},
      // NFKC + case folding.
      {"\xEF\xBC\xA1\xEF\xBD\x82\xEF\xBD\x83", {"abc"}},  // fullwidth Ａｂｃ
      {"\xEF\xAC\x81ne", {"fine"}},                       // ﬁ ligature
      {"Stra\xC3\x9F"
       "e",
       {"strasse"}},  // Straße
      {"\xC3\x89"
       "COLE",
       {"\xC3\xA9"
        "cole"}},                                                   // ÉCOLE
      {"e\xCC\x81t\xC3\xA9", {"\xC3\xA9t\xC3\xA9"}},                // decomposed é composes
      {"\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3",  // ΣΊΣΥΦΟΣ
       {"\xCF\x83\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x83"}},
      {"\xE2\x85\xAB", {"xii"}},  // Ⅻ (category Nl)
      {"\xC3\xA9l\xE2\x80\x99\xC3\xA9ve", {"\xC3\xA9l'\xC3\xA9ve"}},
      // Spaceless scripts: one token per character; marks stay on their base.
      {"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", {"\xE6\x97\xA5", "\xE6\x9C\xAC", "\xE8\xAA\x9E"}},
      {"abc\xE6\xBC\xA2"
       "2014\xE5\xB9\xB4",
       {"abc", "\xE6\xBC\xA2", "2014", "\xE5\xB9\xB4"}},
      {"\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC", {"\xE3\x82\xBF", "\xE3\x83\xAF", "\xE3\x83\xBC"}},
      {"\xEF\xBD\xB6", {"\xE3\x82\xAB"}},  // halfwidth ｶ → カ
      {"\xE3\x80\x8C\xE6\x97\xA5\xE3\x80\x82\xE3\x80\x8D", {"\xE6\x97\xA5"}},       // 「日。」
      {"\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5",  // สวัสดี
       {"\xE0\xB8\xAA", "\xE0\xB8\xA7\xE0\xB8\xB1", "\xE0\xB8\xAA", "\xE0\xB8\x94\xE0\xB8\xB5"}},
      {"\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xEB\xAC\xB8",
       {"\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4", "\xEB\xAC\xB8"}},  // Korean spaces words
      // Invalid UTF-8 separates and never joins a word.
      {"ab\x80"
       "cd",
       {"ab", "cd"}},
      {"\xC0\xAF"
       "x\xC1\xBF",
       {"x"}},  // overlong
      {"\xE0\x80\xAF"
       "y\xF0\x80\x80\xAF",
       {"y"}},  // overlong 3/4 bytes
      {"\xED\xA0\x80"
       "z\xED\xBF\xBF",
       {"z"}},  // surrogates
      {"\xF4\x90\x80\x80"
       "q\xF8\x88\x80\x80\x80",
       {"q"}},               // > U+10FFFF, 5-byte
      {"z\xE2\x80", {"z"}},  // truncated
      {"a\xE2\x80"
       "b\xC3",
       {"a", "b"}},
      {"it\xE2\x80"
       "s",
       {"it", "s"}},  // truncated ’ is not an apostrophe
      {"\xFF\xFE"
       "a",
       {"a"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "input: \"" << c.input << "\"");
    EXPECT_EQ(Words(c.input), c.want);
  }
}

TEST(TokenizerTest, OffsetsAndBaseOffset) {
  const std::string text = "  Kim Jong-un\xE2\x80\x99s \xE6\x97\xA5!";
  Tokenizer tokenizer;
  TokenList list;
  list.normalized = "prev";
  list.tokens.push_back(Token{0, 4, 0, 4});
  tokenizer.Tokenize(text, 100, &list);  // Appends.
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list.Word(0), "prev");
  struct Want {
    uint32_t begin, end;
    std::string_view word;
  };
  const Want want[] = {
      {102, 105, "kim"}, {106, 110, "jong"}, {111, 117, "un's"}, {118, 121, "\xE6\x97\xA5"}};
  for (size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(list.tokens[i + 1].begin, want[i].begin);
    EXPECT_EQ(list.tokens[i + 1].end, want[i].end);
    EXPECT_EQ(list.Word(i + 1), want[i].word);
  }
}

// Every token's source bytes, tokenized alone, give back exactly that token.
void ExpectOffsetsRoundTrip(std::string_view text) {
  Tokenizer tokenizer;
  TokenList list;
  tokenizer.Tokenize(text, 7, &list);
  uint32_t prev_end = 7;
  uint32_t norm_end = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    const Token& t = list.tokens[i];
    SCOPED_TRACE(testing::Message() << "token " << i << " at " << t.begin);
    ASSERT_LE(prev_end, t.begin);
    ASSERT_LT(t.begin, t.end);
    ASSERT_LE(t.end - 7, text.size());
    EXPECT_EQ(t.norm_begin, norm_end);
    EXPECT_GT(t.norm_len, 0u);
    const std::string_view src = text.substr(t.begin - 7, t.end - t.begin);
    EXPECT_EQ(Words(src), W{std::string(list.Word(i))}) << "source: " << src;
    prev_end = t.end;
    norm_end = t.norm_begin + t.norm_len;
  }
  EXPECT_EQ(norm_end, list.normalized.size());
}

TEST(TokenizerTest, SeedOffsetsRoundTrip) {
  for (const char* name :
       {"000_19335c8ed8e67f0c.txt", "001_5d173cefb2dd4a82.txt", "002_1de066725806b673.txt",
        "003_9bee61d7edc018f9.txt", "004_f16d9213e3606fff.txt"}) {
    SCOPED_TRACE(name);
    const std::string text = ReadSeed(name);
    ASSERT_FALSE(text.empty());
    ExpectOffsetsRoundTrip(text);
    EXPECT_GT(Words(text).size(), 300u);
  }
  const W first = Words(ReadSeed("000_19335c8ed8e67f0c.txt"));
  const W want = {"north", "korea", "threatens",    "u",   "s",    "in", "sony", "hack",
                  "case",  "grave", "consequences", "kim", "jong", "un"};
  ASSERT_GE(first.size(), want.size());
  EXPECT_EQ(W(first.begin(), first.begin() + static_cast<long>(want.size())), want);
}

TEST(TokenizerTest, ReusesBuffers) {
  const std::string text = ReadSeed("003_9bee61d7edc018f9.txt");
  Tokenizer tokenizer;
  TokenList list;
  tokenizer.Tokenize(text, 0, &list);
  const size_t count = list.size();
  const char* norm_data = list.normalized.data();
  const Token* token_data = list.tokens.data();
  list.Clear();
  tokenizer.Tokenize(text, 0, &list);
  EXPECT_EQ(list.size(), count);
  EXPECT_EQ(list.normalized.data(), norm_data);
  EXPECT_EQ(list.tokens.data(), token_data);
}

// ---- Differential test against a slow reference ----

struct Cp {
  int32_t cp;  // -1 for an invalid byte
  size_t pos;
  size_t len;
};

bool RefSpaceless(int32_t c) {
  return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) ||
         (c >= 0x1780 && c <= 0x17FF) || (c >= 0x19E0 && c <= 0x19FF) ||
         (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xA9E0 && c <= 0xA9FF) || (c >= 0xAA60 && c <= 0xAA7F) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) ||
         (c >= 0x1B000 && c <= 0x1B16F) || (c >= 0x20000 && c <= 0x323AF);
}
int RefCat(int32_t c) { return c < 0 ? 0 : static_cast<int>(utf8proc_category(c)); }
bool RefApos(int32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }
bool RefWord(int32_t c) { return !RefApos(c) && RefCat(c) >= 1 && RefCat(c) <= 11; }
bool RefLetter(int32_t c) { return !RefApos(c) && RefCat(c) >= 1 && RefCat(c) <= 5; }
bool RefMark(int32_t c) { return RefCat(c) >= 6 && RefCat(c) <= 8; }

std::string RefNormalize(const std::string& word) {
  utf8proc_uint8_t* dst = nullptr;
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
                   static_cast<utf8proc_ssize_t>(word.size()), &dst,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                  UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
  std::string out =
      n >= 0 ? std::string(reinterpret_cast<char*>(dst), static_cast<size_t>(n)) : "?";
  std::free(dst);
  return out;
}

std::vector<std::string> RefWords(std::string_view text) {
  std::vector<Cp> cps;
  for (size_t i = 0; i < text.size();) {
    utf8proc_int32_t c = -1;
    const utf8proc_ssize_t len =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                         static_cast<utf8proc_ssize_t>(text.size() - i), &c);
    if (len <= 0) {
      cps.push_back({-1, i, 1});
      ++i;
    } else {
      cps.push_back({c, i, static_cast<size_t>(len)});
      i += static_cast<size_t>(len);
    }
  }
  std::vector<std::string> out;
  std::string cur;
  bool open = false, single = false;
  auto close = [&] {
    if (open) out.push_back(RefNormalize(cur));
    open = false;
    cur.clear();
  };
  auto letter_before = [&](size_t k) {  // letter, possibly under marks, inside the open word
    for (size_t j = k; j-- > 0;) {
      if (RefLetter(cps[j].cp)) return true;
      if (!RefMark(cps[j].cp)) return false;
    }
    return false;
  };
  size_t word_start = 0;
  for (size_t k = 0; k < cps.size(); ++k) {
    const int32_t c = cps[k].cp;
    const std::string bytes(text.substr(cps[k].pos, cps[k].len));
    if (RefWord(c)) {
      if (RefMark(c)) {
        if (!open) open = true, single = false, word_start = k;
      } else if (RefSpaceless(c)) {
        close();
        open = true, single = true, word_start = k;
      } else {
        if (single) close();
        if (!open) open = true, single = false, word_start = k;
      }
      cur += bytes;
    } else if (RefApos(c) && open && !single && k > word_start && letter_before(k) &&
               k + 1 < cps.size() && RefLetter(cps[k + 1].cp) && !RefSpaceless(cps[k + 1].cp)) {
      cur += '\'';
    } else {
      close();
    }
  }
  close();
  return out;
}

TEST(TokenizerTest, MatchesReferenceOnRandomText) {
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "q",
                                           "Mx",
                                           "0",
                                           "7",
                                           "'",
                                           "\xE2\x80\x99",
                                           "\xCA\xBC",
                                           " ",
                                           "-",
                                           ".",
                                           "\n",
                                           "\xC3\xA9",
                                           "e\xCC\x81",
                                           "\xCC\x81",
                                           "\xE6\xBC\xA2",
                                           "\xE3\x82\xAB",
                                           "\xE0\xB8\xAA",
                                           "\xE0\xB8\xB1",
                                           "\xC3\x9F",
                                           "\xEF\xAC\x81",
                                           "\xEF\xBC\xA1",
                                           "\x80",
                                           "\xC0\xAF",
                                           "\xED\xA0\x80",
                                           "\xE2\x80",
                                           "\xF0\x9F\x98\x80",
                                           "\xCE\xA3",
                                           "\xC7\x85",
                                           "\xD9\xA3",
                                           "\xC4\xB0",
                                           "\xE2\x85\xAB",
                                           "\xC2\xA0",
                                           "\xE2\x80\x94",
                                           "\xEF\xBD\xB6",
                                           "\xF0\xA0\x80\x80"};
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += pieces[pick(rng)];
    SCOPED_TRACE(testing::Message() << "iteration " << iter << " text \"" << text << "\"");
    ASSERT_EQ(Words(text), RefWords(text));
    ExpectOffsetsRoundTrip(text);
    if (HasFatalFailure()) return;
  }
}

TEST(TokenizerTest, AsciiFastPathMatchesUtf8proc) {
  // Every printable ASCII word character lowercases exactly as utf8proc would fold it.
  std::string all;
  for (int c = 0x21; c < 0x7F; ++c) all += static_cast<char>(c);
  EXPECT_EQ(Words(all), RefWords(all));
  for (int c = 'A'; c <= 'Z'; ++c) {
    const std::string s(1, static_cast<char>(c));
    EXPECT_EQ(Words(s), W{RefNormalize(s)});
  }
}

// The words MarkQuoted marks as quoted in `text`, joined by spaces.
std::string QuotedWords(std::string_view text) {
  Tokenizer t;
  TokenList words;
  t.Tokenize(text, 0, &words);
  std::vector<uint8_t> quoted;
  MarkQuoted(text, 0, words, &quoted);
  EXPECT_EQ(quoted.size(), words.size());
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (quoted[i] == 0) continue;
    if (!out.empty()) out += ' ';
    out += words.Word(i);
  }
  return out;
}

TEST(MarkQuotedTest, DoubleQuotesStraightAndCurly) {
  EXPECT_EQ(QuotedWords("He said \"grave consequences\" would follow."), "grave consequences");
  EXPECT_EQ(QuotedWords("He said \xE2\x80\x9Cgrave consequences\xE2\x80\x9D would follow."),
            "grave consequences");
  EXPECT_EQ(QuotedWords("\"One\" and \"two\" not three"), "one two");
  EXPECT_EQ(QuotedWords("No quotes at all here"), "");
  // Left open: the quotation runs to the paragraph's end (news reopens it in the next one).
  EXPECT_EQ(QuotedWords("He said: \xE2\x80\x9CWe will respond"), "we will respond");
  // A closing mark opens nothing.
  EXPECT_EQ(QuotedWords("says\xE2\x80\x9D then more"), "");
}

TEST(MarkQuotedTest, SingleQuotesAreNotApostrophes) {
  EXPECT_EQ(QuotedWords("KCNA termed it \xE2\x80\x98groundless slander\xE2\x80\x99 today"),
            "groundless slander");
  EXPECT_EQ(QuotedWords("KCNA termed it 'groundless slander' today"), "groundless slander");
  // Apostrophes: inside a word, after a plural, before a year: no quotation.
  EXPECT_EQ(QuotedWords("Obama didn\xE2\x80\x99t say the players\xE2\x80\x99 union won"), "");
  EXPECT_EQ(QuotedWords("Obama didn't say the players' union won"), "");
  EXPECT_EQ(QuotedWords("the players' union said 'no deal' twice"), "no deal");
  EXPECT_EQ(QuotedWords("the players\xE2\x80\x99 union said \xE2\x80\x98no deal\xE2\x80\x99 twice"),
            "no deal");
  // A single quotation inside a double one, and an apostrophe inside that.
  EXPECT_EQ(QuotedWords("He said \"it's a 'bad precedent' indeed\" and left"),
            "it's a bad precedent indeed");
}

}  // namespace
}  // namespace neardup
