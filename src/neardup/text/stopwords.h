// English stopwords: function words that carry no evidence that two paragraphs share a source.
// Thread-safety: pure function over a constant table.
#ifndef NEARDUP_STOPWORDS_H_
#define NEARDUP_STOPWORDS_H_

#include <string_view>

namespace neardup {

// True when `word` (case-folded, apostrophes as "'") is in the Snowball English stopword list
// (171 words: articles, pronouns, auxiliaries, prepositions, conjunctions; "not", "no" and
// "against" are kept as content because they flip a statement's meaning).
bool IsStopword(std::string_view word);

}  // namespace neardup

#endif  // NEARDUP_STOPWORDS_H_
