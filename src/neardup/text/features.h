// Reworded-mode features: the content words of a paragraph (stopwords dropped), Snowball-stemmed
// and hashed, each with the index of the token it came from. Feeds MinHash/LSH (as a set of
// unigram ids), the weighted verifier and the word alignment.
// Thread-safety: a FeatureExtractor is thread-compatible (one per thread; it owns a Stemmer).
#ifndef NEARDUP_FEATURES_H_
#define NEARDUP_FEATURES_H_

#include <cstdint>
#include <span>
#include <vector>

#include "neardup/text/stemmer.h"
#include "neardup/text/tokenizer.h"

namespace neardup {

// One paragraph's words as stems, in text order.
struct StemmedWords {
  std::vector<uint32_t> stems;  // 32-bit stem id of every token (stopwords included)
  std::vector<bool> content;    // content[i]: token i is a content word (not a stopword)
  void Clear() {
    stems.clear();
    content.clear();
  }
};

class FeatureExtractor {
 public:
  FeatureExtractor() = default;

  // Stems every token of `words`: stem id = low 32 bits of XXH3_64(stem bytes, seed). Stopwords
  // (IsStopword on the normalized word) get content = false. Clears `out` first.
  void Stem(const TokenList& words, uint64_t seed, StemmedWords* out);
  // The same, with word_hashes[i] = a 64-bit hash of word i (HashWords): results are cached by
  // that hash, so each distinct word is stemmed once per extractor (bounded at 1M entries).
  void Stem(const TokenList& words, std::span<const uint64_t> word_hashes, uint64_t seed,
            StemmedWords* out);

  // The sorted, duplicate-free stem ids of the content words of `stemmed`: the unit's feature set.
  static void ContentSet(const StemmedWords& stemmed, std::vector<uint32_t>* out);

 private:
  // The cached entry of a word hash: stem id | content << 32 | kPresent (linear probing, load
  // <= 1/2; a slot whose entry lacks kPresent is empty). std::unordered_map's node per entry made
  // this lookup, once per word of every paragraph read and aligned, a tenth of Stem's cost.
  static constexpr uint64_t kPresent = uint64_t{1} << 33;
  uint64_t& CacheSlot(uint64_t word_hash);
  Stemmer stemmer_;
  uint64_t cache_seed_ = 0;
  size_t cache_size_ = 0;
  std::vector<uint64_t> cache_keys_;    // word hashes
  std::vector<uint64_t> cache_values_;  // entries, parallel to cache_keys_
};

}  // namespace neardup

#endif  // NEARDUP_FEATURES_H_
