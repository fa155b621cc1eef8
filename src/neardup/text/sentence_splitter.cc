// SentenceSplitter: sentence ends found in the gaps between tokens.

#include "neardup/text/sentence_splitter.h"

#include <algorithm>
#include <array>

namespace neardup {
namespace {

// Lower-cased abbreviations that are usually followed by a period inside a sentence.
constexpr std::array<std::string_view, 32> kAbbreviations = {
    "mr",  "mrs", "ms",   "dr",   "st",   "jr",  "sr",  "gen", "sen",    "rep", "gov",
    "lt",  "col", "capt", "sgt",  "prof", "no",  "vs",  "inc", "corp",   "co",  "ltd",
    "jan", "feb", "aug",  "sept", "sep",  "oct", "nov", "dec", "approx", "etc"};

bool IsAbbreviation(std::string_view normalized) {
  if (normalized.size() == 1) return true;  // an initial: "U.S.", "J. Smith"
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), normalized) !=
         kAbbreviations.end();
}

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Closing quotes and brackets (ASCII, or the UTF-8 lead of a typographic quote ’ ” » U+2019,
// U+201D, U+00BB) may follow the terminal punctuation.
bool IsCloser(std::string_view gap, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(gap[i]);
  if (c == '"' || c == '\'' || c == ')' || c == ']') {
    *len = 1;
    return true;
  }
  if (gap.substr(i, 3) == "\xE2\x80\x99" || gap.substr(i, 3) == "\xE2\x80\x9D") {
    *len = 3;
    return true;
  }
  if (gap.substr(i, 2) == "\xC2\xBB") {
    *len = 2;
    return true;
  }
  return false;
}

bool HasOpener(std::string_view gap) {
  return gap.find('"') != std::string_view::npos || gap.find('\'') != std::string_view::npos ||
         gap.find("\xE2\x80\x9C") != std::string_view::npos ||  // “
         gap.find("\xE2\x80\x98") != std::string_view::npos ||  // ‘
         gap.find("\xC2\xAB") != std::string_view::npos;        // «
}

// Whether the gap (the bytes between two words) ends a sentence, given the next word's first byte.
bool EndsSentence(std::string_view gap, unsigned char next_first) {
  size_t i = 0;
  for (; i < gap.size(); ++i) {
    const char c = gap[i];
    if (c == '.' || c == '!' || c == '?') {
      // Skip the rest of the punctuation run ("?!", "...") and closers, then need whitespace.
      size_t j = i + 1, len = 0;
      while (j < gap.size() && (gap[j] == '.' || gap[j] == '!' || gap[j] == '?')) ++j;
      while (j < gap.size() && IsCloser(gap, j, &len)) j += len;
      if (j < gap.size() && IsSpace(static_cast<unsigned char>(gap[j]))) {
        const std::string_view rest = gap.substr(j);
        const bool upper_or_digit = (next_first >= 'A' && next_first <= 'Z') ||
                                    (next_first >= '0' && next_first <= '9') ||
                                    next_first >= 0xC0;  // a non-ASCII letter: case not checked
        return upper_or_digit || HasOpener(rest);
      }
      i = j - 1;
    }
  }
  return false;
}

}  // namespace

void SentenceSplitter::Split(std::string_view text, const TokenList& words,
                             std::vector<uint32_t>* starts) const {
  starts->clear();
  if (words.tokens.empty()) return;
  starts->push_back(0);
  for (size_t i = 1; i < words.tokens.size(); ++i) {
    const Token& prev = words.tokens[i - 1];
    const Token& cur = words.tokens[i];
    if (cur.begin <= prev.end || cur.begin > text.size()) continue;
    const std::string_view gap = text.substr(prev.end, cur.begin - prev.end);
    if (gap.find_first_of(".!?") == std::string_view::npos) continue;
    // A period right after an initial or abbreviation does not end the sentence.
    if (gap[0] == '.' && IsAbbreviation(words.Word(i - 1))) continue;
    if (EndsSentence(gap, static_cast<unsigned char>(text[cur.begin]))) {
      starts->push_back(static_cast<uint32_t>(i));
    }
  }
}

}  // namespace neardup
