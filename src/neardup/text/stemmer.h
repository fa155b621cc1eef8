// Stemmer: Snowball English stems (libstemmer) of normalized words, so "blames", "blamed" and
// "blaming" share one feature. Thread-safety: thread-compatible; use one Stemmer per thread.
#ifndef NEARDUP_STEMMER_H_
#define NEARDUP_STEMMER_H_

#include <string_view>

struct sb_stemmer;

namespace neardup {

class Stemmer {
 public:
  // The Snowball "english" (Porter2) stemmer over UTF-8. Construction cannot fail with the
  // libstemmer that ships the English algorithm; if it ever does, Stem() returns words unchanged.
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The stem of `word` (already case-folded, as the Tokenizer produces it). The view stays valid
  // until the next call on this Stemmer. Words longer than 64 bytes are returned unchanged.
  std::string_view Stem(std::string_view word);

 private:
  sb_stemmer* stemmer_;
};

}  // namespace neardup

#endif  // NEARDUP_STEMMER_H_
