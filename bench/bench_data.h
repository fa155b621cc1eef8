// Deterministic benchmark inputs: every generator output is a function of (parameters, seed) only.
#ifndef NEARDUP_BENCH_BENCH_DATA_H_
#define NEARDUP_BENCH_BENCH_DATA_H_

#include <cstdint>
#include <random>
#include <vector>

namespace neardup::bench {

// Word hashes of `count` paragraphs of `words` words each, drawn from a Zipf-free vocabulary of
// 20000 distinct word hashes (so words repeat across paragraphs as in text).
inline std::vector<std::vector<uint64_t>> WordHashParagraphs(size_t count, size_t words,
                                                             uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> vocab(20000);
  for (uint64_t& w : vocab) w = rng();
  std::vector<std::vector<uint64_t>> out(count, std::vector<uint64_t>(words));
  for (auto& p : out) {
    for (uint64_t& w : p) w = vocab[rng() % vocab.size()];
  }
  return out;
}

}  // namespace neardup::bench

#endif  // NEARDUP_BENCH_BENCH_DATA_H_
