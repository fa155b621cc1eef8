// Tokenizer: turns a span of UTF-8 text into normalized words (NFKC, case-folded, quotes and dashes
// unified, punctuation dropped), each with its byte range in the ORIGINAL text.
// Thread-safety: a Tokenizer is thread-compatible (one per thread); TokenList is a plain value.
#ifndef NEARDUP_TOKENIZER_H_
#define NEARDUP_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace neardup {

// One word. [begin, end) is its byte range in the original text passed to Tokenize (plus the
// base offset); [norm_begin, norm_begin + norm_len) is its normalized form inside
// TokenList::normalized.
struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t norm_begin = 0;
  uint32_t norm_len = 0;
};

// The words of one paragraph. Normalized bytes of all words are stored back to back in `normalized`
// so tokenizing allocates nothing once the buffers have grown.
struct TokenList {
  std::string normalized;
  std::vector<Token> tokens;

  void Clear() {
    normalized.clear();
    tokens.clear();
  }
  size_t size() const { return tokens.size(); }
  std::string_view Word(size_t i) const {
    return std::string_view{normalized}.substr(tokens[i].norm_begin, tokens[i].norm_len);
  }
};

// Splits text into words and normalizes them.
//  - A word is a maximal run of letters, digits and combining marks (Unicode categories L*, N*,
//  M*);
//    an apostrophe (', U+2019 or U+02BC) between two letters stays inside the word as "'";
//    everything else (punctuation, symbols, spaces, dashes) separates words.
//  - Each word is NFKC-normalized and case-folded (utf8proc); ASCII takes a fast path.
//  - Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) become one
//    token per character, so shingles over them are character n-grams.
//  - Invalid UTF-8 bytes are treated as separators (they never become part of a word), exactly
//    as U+FFFD would be.
//  - A word is at most kMaxWordBytes bytes of the original text: a longer run of word characters
//    (a hex dump, a page with its spaces stripped) is cut into pieces of at most that size, at
//    character boundaries, so no single token can grow without bound.
// Cost: O(bytes), and O(bytes up to the last token kept) with max_tokens. Offsets are uint32:
// texts over 4 GiB are the caller's problem to cap.
class Tokenizer {
 public:
  static constexpr size_t kMaxWordBytes = 1024;
  static constexpr size_t kNoLimit = SIZE_MAX;

  Tokenizer() = default;

  // Appends the words of `text` to `out` (does not clear it), at most `max_tokens` of them: the
  // rest of the text is not looked at, so a paragraph of millions of words costs only what its
  // first max_tokens words cost. Ranges are reported as base_offset + position in `text`.
  // Returns false when it stopped at max_tokens before the end of the text, else true.
  bool Tokenize(std::string_view text, uint32_t base_offset, TokenList* out,
                size_t max_tokens = kNoLimit);

 private:
  // Appends the NFKC + case-folded form of `word` (valid UTF-8) to `out`.
  void NormalizeInto(std::string_view word, std::string* out);

  std::vector<int32_t> codepoints_;  // Scratch for utf8proc; reused across calls.
  std::string word_;                 // Scratch copy of a non-ASCII word.
};

// Marks the words of one paragraph that lie inside quotation marks: (*quoted)[i] = 1 when
// words.tokens[i] follows an opening mark the paragraph has not closed before it. `text` is the
// text the token ranges index (Tokenize's text with its base_offset removed: pass the whole
// document when base_offset was the paragraph's offset in it) and `begin` where the paragraph
// starts in it. Marks: straight double quotes (each one toggles), curly double quotes
// (U+201C opens, U+201D closes), guillemets and U+201E (open) / U+00BB (close), and single quotes
// used as quotation marks: U+2018 or a straight ' before a word and not right after one opens,
// U+2019 or ' closes only an open single quotation — anywhere else they are apostrophes
// ("the players' union"; inside a word, as in "don't", the tokenizer keeps them in the word). A
// quotation left open runs to the paragraph's end (news continues a quotation over paragraphs by
// opening it again). Cost: O(bytes between the words).
void MarkQuoted(std::string_view text, uint32_t begin, const TokenList& words,
                std::vector<uint8_t>* quoted);

}  // namespace neardup

#endif  // NEARDUP_TOKENIZER_H_
