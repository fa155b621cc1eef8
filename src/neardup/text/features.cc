// FeatureExtractor: normalized token → stopword test → Snowball stem → 32-bit id.

#include "neardup/text/features.h"

#include <xxhash.h>

#include <algorithm>

#include "neardup/text/stopwords.h"

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

uint64_t& FeatureExtractor::CacheSlot(uint64_t word_hash) {
  if (2 * (cache_size_ + 1) > cache_keys_.size()) {
    // Grow (or start); past 1M words, start over instead (a corpus's vocabulary is smaller).
    const size_t capacity = cache_size_ >= (size_t{1} << 20) || cache_keys_.empty()
                                ? size_t{1} << 12
                                : cache_keys_.size() * 2;
    std::vector<uint64_t> keys(capacity), values(capacity, 0);
    keys.swap(cache_keys_);
    values.swap(cache_values_);
    const bool keep = cache_size_ < (size_t{1} << 20);
    cache_size_ = 0;
    for (size_t k = 0; keep && k < keys.size(); ++k) {
      if (values[k] & kPresent) {
        CacheSlot(keys[k]) = values[k];
        ++cache_size_;
      }
    }
  }
  const size_t mask = cache_keys_.size() - 1;
  for (size_t i = static_cast<size_t>(word_hash * 0x9E3779B97F4A7C15ULL >> 32) & mask;;
       i = (i + 1) & mask) {
    if (!(cache_values_[i] & kPresent)) {
      cache_keys_[i] = word_hash;
      return cache_values_[i];  // empty: the caller fills it
    }
    if (cache_keys_[i] == word_hash) return cache_values_[i];
  }
}

void FeatureExtractor::Stem(const TokenList& words, std::span<const uint64_t> word_hashes,
                            uint64_t seed, StemmedWords* out) {
  if (cache_seed_ != seed) {
    cache_keys_.clear();
    cache_values_.clear();
    cache_size_ = 0;
    cache_seed_ = seed;
  }
  out->Clear();
  out->stems.reserve(words.size());
  out->content.reserve(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    uint64_t& entry = CacheSlot(word_hashes[i]);
    if (!(entry & kPresent)) {
      const std::string_view w = words.Word(i);
      const std::string_view s = stemmer_.Stem(w);
      const uint64_t id = static_cast<uint32_t>(XXH3_64bits_withSeed(s.data(), s.size(), seed));
      entry = id | (IsStopword(w) ? 0 : uint64_t{1} << 32) | kPresent;
      ++cache_size_;
    }
    out->stems.push_back(static_cast<uint32_t>(entry));
    out->content.push_back((entry >> 32 & 1) != 0);
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
