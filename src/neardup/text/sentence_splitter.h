// SentenceSplitter: where the sentences of one tokenized paragraph begin, for reworded mode's
// sentence-level matching (one sentence of a wire story rewritten inside another paragraph).
// Thread-safety: stateless; safe to share.
#ifndef NEARDUP_SENTENCE_SPLITTER_H_
#define NEARDUP_SENTENCE_SPLITTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "neardup/text/tokenizer.h"

namespace neardup {

class SentenceSplitter {
 public:
  // Replaces *starts with the indices of the tokens of `words` that begin a sentence, ascending;
  // the first is always 0 (none when `words` is empty). `text` is the text the tokens' byte
  // ranges point into. A sentence ends where the gap between two words holds '.', '!' or '?' and
  // then, after any closing quotes or brackets, whitespace, and the next word starts with an
  // upper-case letter or a digit, or is preceded by an opening quote. Not an end: a period after
  // a single letter ("U.S.", "J. Smith") or a common abbreviation ("Mr.", "Dec.", "Gen.").
  // Cost: O(bytes of the paragraph).
  void Split(std::string_view text, const TokenList& words, std::vector<uint32_t>* starts) const;
};

}  // namespace neardup

#endif  // NEARDUP_SENTENCE_SPLITTER_H_
