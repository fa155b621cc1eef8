// Stemmer: a thin owner of a libstemmer handle.

#include "neardup/text/stemmer.h"

#include <libstemmer.h>

namespace neardup {

Stemmer::Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}

Stemmer::~Stemmer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
}

std::string_view Stemmer::Stem(std::string_view word) {
  if (stemmer_ == nullptr || word.size() > 64 || word.empty()) return word;
  const sb_symbol* s = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                       static_cast<int>(word.size()));
  if (s == nullptr) return word;  // out of memory inside libstemmer
  return std::string_view(reinterpret_cast<const char*>(s),
                          static_cast<size_t>(sb_stemmer_length(stemmer_)));
}

}  // namespace neardup
