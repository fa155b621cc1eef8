// Tokenizer implementation: an ASCII fast path plus a strict UTF-8 decoder and utf8proc for the
// rest. Thread-safety: see tokenizer.h.
#include "neardup/text/tokenizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace neardup {
namespace {

// Byte classes for the ASCII fast path.
enum AsciiClass : uint8_t {
  kSep = 0,     // separator (ASCII punctuation, space, control)
  kLetter = 1,  // A-Z a-z
  kDigit = 2,   // 0-9
  kApos = 3,    // '
  kHigh = 4,    // byte >= 0x80: start (or garbage) of a multi-byte sequence
};

constexpr std::array<uint8_t, 256> MakeClassTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint8_t k = kSep;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = kLetter;
    if (c >= '0' && c <= '9') k = kDigit;
    if (c == '\'') k = kApos;
    if (c >= 0x80) k = kHigh;
    t[static_cast<size_t>(c)] = k;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kClass = MakeClassTable();

constexpr std::array<char, 256> MakeLowerTable() {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    int l = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
    t[static_cast<size_t>(c)] = static_cast<char>(static_cast<unsigned char>(l));
  }
  return t;
}
constexpr std::array<char, 256> kLower = MakeLowerTable();

inline bool IsCont(unsigned char b) { return (b & 0xC0) == 0x80; }

// Decodes one code point at p[0..n) (n >= 1, p[0] >= 0x80). Returns its length in bytes, or 0 if
// the bytes are not well-formed UTF-8 (stray continuation, overlong, surrogate, > U+10FFFF,
// truncated).
inline size_t DecodeUtf8(const unsigned char* p, size_t n, int32_t* cp) {
  const unsigned char b0 = p[0];
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (n < 2 || !IsCont(p[1])) return 0;
    *cp = ((b0 & 0x1F) << 6) | (p[1] & 0x3F);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (n < 3 || !IsCont(p[1]) || !IsCont(p[2])) return 0;
    if (b0 == 0xE0 && p[1] < 0xA0) return 0;  // overlong
    if (b0 == 0xED && p[1] > 0x9F) return 0;  // surrogate
    *cp = ((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (n < 4 || !IsCont(p[1]) || !IsCont(p[2]) || !IsCont(p[3])) return 0;
    if (b0 == 0xF0 && p[1] < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && p[1] > 0x8F) return 0;  // > U+10FFFF
    *cp = ((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
  }
  return 0;
}

inline bool IsApostrophe(int32_t cp) { return cp == 0x2019 || cp == 0x02BC; }

// Unicode general category of cp, as utf8proc numbers them (Lu=1 .. No=11 are
// letters/marks/numbers).
inline int Category(int32_t cp) { return static_cast<int>(utf8proc_category(cp)); }
inline bool IsWordCategory(int cat) {
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}
inline bool IsLetterCategory(int cat) {
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}
inline bool IsMarkCategory(int cat) {
  return cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME;
}

// Scripts written without spaces between words: each character is its own token.
inline bool IsSpaceless(int32_t cp) {
  if (cp < 0x0E00) return false;
  return (cp >= 0x0E00 && cp <= 0x0EFF) ||    // Thai, Lao
         (cp >= 0x1000 && cp <= 0x109F) ||    // Myanmar
         (cp >= 0x1780 && cp <= 0x17FF) ||    // Khmer
         (cp >= 0x19E0 && cp <= 0x19FF) ||    // Khmer symbols
         (cp >= 0x3040 && cp <= 0x30FF) ||    // Hiragana, Katakana
         (cp >= 0x31F0 && cp <= 0x31FF) ||    // Katakana phonetic extensions
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0xA9E0 && cp <= 0xA9FF) ||    // Myanmar extended-B
         (cp >= 0xAA60 && cp <= 0xAA7F) ||    // Myanmar extended-A
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0xFF66 && cp <= 0xFF9F) ||    // halfwidth Katakana
         (cp >= 0x1B000 && cp <= 0x1B16F) ||  // Kana supplement / extended
         (cp >= 0x20000 && cp <= 0x323AF);    // CJK extensions B..H, compatibility supplement
}

// True if the code point starting at p[i] (i may be n) is a letter that can continue a word
// after an apostrophe.
inline bool LetterFollows(const unsigned char* p, size_t n, size_t i) {
  if (i >= n) return false;
  const uint8_t k = kClass[p[i]];
  if (k == kLetter) return true;
  if (k != kHigh) return false;
  int32_t cp = 0;
  if (DecodeUtf8(p + i, n - i, &cp) == 0) return false;
  return !IsApostrophe(cp) && !IsSpaceless(cp) && IsLetterCategory(Category(cp));
}

// Bytes of apostrophe + the longest letter it may join: an apostrophe joins a word only when both
// fit under kMaxWordBytes.
constexpr size_t kApostropheJoin = 3 + 4;

constexpr utf8proc_option_t kNormOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);

}  // namespace

void Tokenizer::NormalizeInto(std::string_view word, std::string* out) {
  const auto* src = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
  const auto src_len = static_cast<utf8proc_ssize_t>(word.size());
  if (codepoints_.size() < word.size() + 8) codepoints_.resize(word.size() + 8);
  utf8proc_ssize_t n =
      utf8proc_decompose(src, src_len, codepoints_.data(),
                         static_cast<utf8proc_ssize_t>(codepoints_.size()), kNormOptions);
  if (n > static_cast<utf8proc_ssize_t>(codepoints_.size())) {
    codepoints_.resize(static_cast<size_t>(n));
    n = utf8proc_decompose(src, src_len, codepoints_.data(), n, kNormOptions);
  }
  if (n < 0) {  // Cannot happen for valid UTF-8 of assigned characters; keep the bytes as they are.
    out->append(word);
    return;
  }
  // Composes in place, then re-encodes as UTF-8 bytes into the start of the same buffer.
  n = utf8proc_reencode(codepoints_.data(), n, kNormOptions);
  if (n < 0) {
    out->append(word);
    return;
  }
  out->append(reinterpret_cast<const char*>(codepoints_.data()), static_cast<size_t>(n));
}

bool Tokenizer::Tokenize(std::string_view text, uint32_t base_offset, TokenList* out,
                         size_t max_tokens) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  std::string& norm = out->normalized;
  if (max_tokens == 0) return n == 0;
  const size_t token_limit =
      out->tokens.size() + std::min(max_tokens, SIZE_MAX - out->tokens.size());
  bool full = false;  // token_limit reached: stop

  bool in_word = false;
  bool word_ascii = true;    // every byte of the current word is ASCII (fast path applies)
  bool word_single = false;  // current token is one spaceless-script character (+ marks)
  bool last_letter = false;  // last character appended was a letter (or a mark on one)
  size_t word_begin = 0;
  size_t norm_begin = 0;

  auto start_word = [&](size_t at) {
    in_word = true;
    word_ascii = true;
    word_single = false;
    last_letter = false;
    word_begin = at;
    norm_begin = norm.size();
  };
  auto end_word = [&](size_t at) {
    in_word = false;
    if (!word_ascii) {
      // The word's bytes (ASCII already lowered, apostrophes unified) sit at the tail of `norm`.
      word_.assign(norm, norm_begin);
      norm.resize(norm_begin);
      NormalizeInto(word_, &norm);
    }
    Token t;
    t.begin = base_offset + static_cast<uint32_t>(word_begin);
    t.end = base_offset + static_cast<uint32_t>(at);
    t.norm_begin = static_cast<uint32_t>(norm_begin);
    t.norm_len = static_cast<uint32_t>(norm.size() - norm_begin);
    out->tokens.push_back(t);
    full = out->tokens.size() >= token_limit;
  };
  // Ends the current word when `len` more bytes at `at` would make it longer than kMaxWordBytes.
  auto cap_word = [&](size_t at, size_t len) {
    if (in_word && at + len - word_begin > kMaxWordBytes) end_word(at);
  };

  size_t i = 0;
  while (i < n && !full) {
    const uint8_t k = kClass[p[i]];
    if (k == kLetter || k == kDigit) {
      if (in_word && word_single) end_word(i);
      cap_word(i, 1);
      if (full) break;
      if (!in_word) start_word(i);
      const size_t limit = std::min(n, word_begin + kMaxWordBytes);
      size_t j = i + 1;
      while (j < limit && (kClass[p[j]] == kLetter || kClass[p[j]] == kDigit)) ++j;
      const size_t old = norm.size();
      norm.resize(old + (j - i));
      char* dst = norm.data() + old;
      for (size_t q = i; q < j; ++q) *dst++ = kLower[p[q]];
      last_letter = kClass[p[j - 1]] == kLetter;
      i = j;
      continue;
    }
    if (k == kSep) {
      if (in_word) end_word(i);
      ++i;
      continue;
    }
    if (k == kApos) {
      if (in_word && !word_single && last_letter &&
          i + kApostropheJoin - word_begin <= kMaxWordBytes && LetterFollows(p, n, i + 1)) {
        norm.push_back('\'');
        last_letter = false;
      } else if (in_word) {
        end_word(i);
      }
      ++i;
      continue;
    }

    // Non-ASCII.
    int32_t cp = 0;
    const size_t len = DecodeUtf8(p + i, n - i, &cp);
    if (len == 0) {  // Invalid byte: a separator.
      if (in_word) end_word(i);
      ++i;
      continue;
    }
    if (IsApostrophe(cp)) {
      if (in_word && !word_single && last_letter &&
          i + kApostropheJoin - word_begin <= kMaxWordBytes && LetterFollows(p, n, i + len)) {
        norm.push_back('\'');
        last_letter = false;
      } else if (in_word) {
        end_word(i);
      }
      i += len;
      continue;
    }
    const int cat = Category(cp);
    if (!IsWordCategory(cat)) {
      if (in_word) end_word(i);
      i += len;
      continue;
    }
    const bool is_mark = IsMarkCategory(cat);
    cap_word(i, len);
    if (full) break;
    if (is_mark) {
      // A combining mark extends whatever precedes it (including a spaceless-script character)
      // and leaves last_letter as it was: a mark on a letter still counts as that letter.
      if (!in_word) start_word(i);
    } else if (IsSpaceless(cp)) {
      if (in_word) end_word(i);
      if (full) break;
      start_word(i);
      word_single = true;
      last_letter = false;
    } else {
      if (in_word && word_single) end_word(i);
      if (full) break;
      if (!in_word) start_word(i);
      last_letter = IsLetterCategory(cat);
    }
    word_ascii = false;
    norm.append(reinterpret_cast<const char*>(p + i), len);
    i += len;
  }
  if (in_word && full) {
    norm.resize(norm_begin);  // a word begun after the last one allowed
    return false;
  }
  if (in_word) end_word(n);
  return i >= n;
}

void MarkQuoted(std::string_view text, uint32_t begin, const TokenList& words,
                std::vector<uint8_t>* quoted) {
  quoted->assign(words.tokens.size(), 0);
  bool in_double = false, in_single = false;
  size_t from = begin;  // the gap before word i: [from, words.tokens[i].begin)
  for (size_t i = 0; i < words.tokens.size(); ++i) {
    const size_t to = std::min<size_t>(words.tokens[i].begin, text.size());
    // i > 0: the gap starts right after a word (a closing single quote may stand there).
    const bool after_word = i > 0;
    for (size_t k = from; k < to; ++k) {
      const auto c = static_cast<unsigned char>(text[k]);
      const bool at_start = after_word && k == from;  // right after a word
      const bool at_end = k + 1 == to;                // right before word i
      if (c == '"') {
        in_double = !in_double;
      } else if (c == '\'') {
        if (in_single && at_start) {
          in_single = false;
        } else if (!in_single && !at_start && at_end) {
          in_single = true;
        }
      } else if (c == 0xE2 && k + 2 < text.size() &&
                 static_cast<unsigned char>(text[k + 1]) == 0x80) {
        const auto d = static_cast<unsigned char>(text[k + 2]);
        if (d == 0x9C || d == 0x9E) in_double = true;   // U+201C, U+201E
        if (d == 0x9D) in_double = false;               // U+201D
        if (d == 0x98 && !at_start) in_single = true;   // U+2018
        if (d == 0x99 && in_single) in_single = false;  // U+2019 (else an apostrophe)
        k += 2;
      } else if (c == 0xC2 && k + 1 < text.size()) {
        const auto d = static_cast<unsigned char>(text[k + 1]);
        if (d == 0xAB) in_double = true;   // U+00AB
        if (d == 0xBB) in_double = false;  // U+00BB
        ++k;
      }
    }
    (*quoted)[i] = in_double || in_single ? 1 : 0;
    from = std::max<size_t>(to, words.tokens[i].end);
  }
}

}  // namespace neardup
