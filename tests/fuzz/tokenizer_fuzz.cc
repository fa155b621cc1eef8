// libFuzzer target for Tokenizer: any bytes must tokenize without crashing, with every token's
// range inside the text, in order, non-overlapping, made of valid UTF-8, and re-tokenizing to
// itself.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "neardup/text/tokenizer.h"

namespace {

constexpr uint32_t kBase = 1000;

void Check(bool ok) {
  if (!ok) std::abort();
}

// True if s is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static neardup::Tokenizer tokenizer;  // Reused, as in the pipeline, to exercise buffer reuse.
  neardup::TokenList list;
  list.normalized.push_back('x');  // (not = "x": GCC 12 -O2 ASan warns -Wrestrict)
  list.tokens.push_back(neardup::Token{0, 1, 0, 1});  // Tokenize must append after this.
  tokenizer.Tokenize(text, kBase, &list);
  Check(list.Word(0) == "x");

  uint32_t prev_end = kBase;
  uint32_t norm_end = 1;
  for (size_t i = 1; i < list.size(); ++i) {
    const neardup::Token& t = list.tokens[i];
    Check(prev_end <= t.begin && t.begin < t.end && t.end - kBase <= size);
    Check(t.end - t.begin <= neardup::Tokenizer::kMaxWordBytes);
    Check(t.norm_begin == norm_end && t.norm_len > 0);
    Check(static_cast<size_t>(t.norm_begin) + t.norm_len <= list.normalized.size());
    const std::string_view src = text.substr(t.begin - kBase, t.end - t.begin);
    const std::string_view word = list.Word(i);
    Check(ValidUtf8(src) && ValidUtf8(word));
    // The token's own bytes, tokenized alone, give back exactly this token.
    neardup::Tokenizer alone;
    neardup::TokenList one;
    alone.Tokenize(src, 0, &one);
    Check(one.size() == 1 && one.Word(0) == word && one.tokens[0].begin == 0 &&
          one.tokens[0].end == src.size());
    prev_end = t.end;
    norm_end = t.norm_begin + t.norm_len;
  }
  Check(norm_end == list.normalized.size());

  // With a cap, the first max_tokens words of the same text, and nothing else.
  const size_t max_tokens = size % 11;
  neardup::TokenList capped;
  const bool complete = tokenizer.Tokenize(text, kBase, &capped, max_tokens);
  const size_t all = list.size() - 1;
  Check(capped.size() == std::min(all, max_tokens));
  Check(complete || capped.size() == max_tokens);
  Check(!complete || capped.size() == all);
  for (size_t i = 0; i < capped.size(); ++i) {
    Check(capped.Word(i) == list.Word(i + 1));
    Check(capped.tokens[i].begin == list.tokens[i + 1].begin &&
          capped.tokens[i].end == list.tokens[i + 1].end);
  }
  Check(capped.normalized.size() ==
        (capped.size() == 0 ? 0 : capped.tokens.back().norm_begin + capped.tokens.back().norm_len));
  return 0;
}
