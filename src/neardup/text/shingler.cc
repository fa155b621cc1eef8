// Shingler: word hashes and k-gram shingle ids (see shingler.h). Stateless.
#include "neardup/text/shingler.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>

namespace neardup {
namespace {

void InsertionSort(uint32_t* a, size_t n) {
  for (size_t i = 1; i < n; ++i) {
    const uint32_t x = a[i];
    size_t j = i;
    for (; j > 0 && a[j - 1] > x; --j) a[j] = a[j - 1];
    a[j] = x;
  }
}

// Sorts hash values (uniform 32-bit) in expected O(n): scatter into ~n buckets by the top bits,
// then one insertion-sort pass, which only moves keys within their bucket. std::sort on ~100
// random keys costs more than hashing and sketching them (branch mispredictions). If a bucket is
// crowded (duplicates of one phrase, or non-uniform input), falls back to std::sort.
void SortHashes(uint32_t* a, size_t n) {
  constexpr size_t kSmall = 24;
  constexpr uint32_t kMaxBucket = 24;
  if (n <= kSmall) {
    InsertionSort(a, n);
    return;
  }
  const int bits = std::min(16, static_cast<int>(std::bit_width(n - 1)));
  const size_t buckets = size_t{1} << bits;
  const int shift = 32 - bits;
  thread_local std::vector<uint32_t> count, tmp;
  count.assign(buckets + 1, 0);
  tmp.resize(n);
  uint32_t crowded = 0;
  for (size_t i = 0; i < n; ++i) crowded = std::max(crowded, ++count[(a[i] >> shift) + 1]);
  if (crowded > kMaxBucket) {
    std::sort(a, a + n);
    return;
  }
  for (size_t b = 1; b <= buckets; ++b) count[b] += count[b - 1];
  for (size_t i = 0; i < n; ++i) tmp[count[a[i] >> shift]++] = a[i];
  std::copy(tmp.begin(), tmp.end(), a);
  InsertionSort(a, n);
}

}  // namespace

void HashWords(const TokenList& words, uint64_t seed, std::vector<uint64_t>* out) {
  out->resize(words.size());
  const char* base = words.normalized.data();
  for (size_t i = 0; i < words.tokens.size(); ++i) {
    const Token& t = words.tokens[i];
    (*out)[i] = XXH3_64bits_withSeed(base + t.norm_begin, t.norm_len, seed);
  }
}

void ShingleIds(std::span<const uint64_t> word_hashes, int k, uint64_t seed,
                std::vector<uint32_t>* out) {
  out->clear();
  const size_t n = word_hashes.size();
  if (n == 0) return;
  const size_t kk = k < 1 ? 1 : static_cast<size_t>(k);
  if (n < kk) {
    out->push_back(static_cast<uint32_t>(
        XXH3_64bits_withSeed(word_hashes.data(), n * sizeof(uint64_t), seed)));
    return;
  }
  const size_t count = n - kk + 1;
  out->resize(count);
  uint32_t* ids = out->data();
  const size_t len = kk * sizeof(uint64_t);
  for (size_t i = 0; i < count; ++i) {
    ids[i] = static_cast<uint32_t>(XXH3_64bits_withSeed(word_hashes.data() + i, len, seed));
  }
  SortHashes(ids, count);
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace neardup
