// ParagraphSplitter: cuts a document's text into paragraphs (byte ranges into the original text).
// Thread-safety: stateless; safe to share.
#ifndef NEARDUP_PARAGRAPH_SPLITTER_H_
#define NEARDUP_PARAGRAPH_SPLITTER_H_

#include <string_view>
#include <vector>

#include "neardup/document.h"

namespace neardup {

// Rules:
//  - Blank lines (lines holding only whitespace) separate blocks. CRLF and lone CR count as line
//  ends.
//  - Inside a block, a single newline also ends a paragraph when the line before it ends a sentence
//    (., !, ?, or such followed by closing quotes/brackets), unless the block looks hard-wrapped
//    (every line but the last is short and was broken only because the next word would not fit),
//    so one-paragraph-per-line files split while wrapped prose stays whole.
//  - A paragraph's range excludes surrounding whitespace; empty paragraphs are dropped.
//  - A UTF-8 byte-order mark at the start is not part of any paragraph.
// Cost: O(bytes).
class ParagraphSplitter {
 public:
  std::vector<ByteRange> Split(std::string_view text) const;
};

}  // namespace neardup

#endif  // NEARDUP_PARAGRAPH_SPLITTER_H_
