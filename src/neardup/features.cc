// FeatureExtractor: normalized token → stopword test → Snowball stem → 32-bit id.

#include "neardup/features.h"

#include <xxhash.h>

#include <algorithm>

#include "neardup/stopwords.h"

namespace neardup {

void FeatureExtractor::Stem(const TokenList& words, uint64_t seed, StemmedWords* out) {
  out->Clear();
  out->stems.reserve(words.size());
  out->content.reserve(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = words.Word(i);
    const std::string_view s = stemmer_.Stem(w);
    out->stems.push_back(static_cast<uint32_t>(XXH3_64bits_withSeed(s.data(), s.size(), seed)));
    out->content.push_back(!IsStopword(w));
  }
}

void FeatureExtractor::Stem(const TokenList& words, std::span<const uint64_t> word_hashes, uint64_t seed,
                            StemmedWords* out) {
  if (cache_seed_ != seed || cache_.size() > (1u << 20)) {
    cache_.clear();
    cache_seed_ = seed;
  }
  out->Clear();
  out->stems.reserve(words.size());
  out->content.reserve(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    auto [it, inserted] = cache_.try_emplace(word_hashes[i], 0);
    if (inserted) {
      const std::string_view w = words.Word(i);
      const std::string_view s = stemmer_.Stem(w);
      const uint64_t id = static_cast<uint32_t>(XXH3_64bits_withSeed(s.data(), s.size(), seed));
      it->second = id | (IsStopword(w) ? 0 : uint64_t{1} << 32);
    }
    out->stems.push_back(static_cast<uint32_t>(it->second));
    out->content.push_back((it->second >> 32) != 0);
  }
}

void FeatureExtractor::ContentSet(const StemmedWords& stemmed, std::vector<uint32_t>* out) {
  out->clear();
  for (size_t i = 0; i < stemmed.stems.size(); ++i) {
    if (stemmed.content[i]) out->push_back(stemmed.stems[i]);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace neardup
