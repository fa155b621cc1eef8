// Shingler: hashes the word k-grams of a TokenList into 32-bit shingle ids with XXH3-64, without
// building a string per shingle. Thread-safety: stateless functions.
#ifndef NEARDUP_SHINGLER_H_
#define NEARDUP_SHINGLER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "neardup/text/tokenizer.h"

namespace neardup {

// Hashes each word's normalized bytes: out[i] = XXH3_64bits_withSeed(word i, seed).
void HashWords(const TokenList& words, uint64_t seed, std::vector<uint64_t>* out);

// Shingle ids of word k-grams over pre-hashed words (see HashWords):
//   id(i) = low 32 bits of XXH3_64bits_withSeed(&word_hashes[i], k * 8 bytes, seed).
// When there are fewer than k words (but at least one), the whole paragraph is one shingle (of
// all its words), so identical short paragraphs still match. No words: no shingles.
// `out` is cleared, then receives the ids sorted ascending with duplicates removed.
// Cost: O(n log n) for n words.
void ShingleIds(std::span<const uint64_t> word_hashes, int k, uint64_t seed,
                std::vector<uint32_t>* out);

}  // namespace neardup

#endif  // NEARDUP_SHINGLER_H_
