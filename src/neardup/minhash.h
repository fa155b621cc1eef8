// MinHash signatures of shingle-id sets, and the Jaccard estimate between two signatures.
// Thread-safety: a MinHasher is immutable after construction; Sketch may be called from any thread.
#ifndef NEARDUP_MINHASH_H_
#define NEARDUP_MINHASH_H_

#include <cstdint>
#include <span>
#include <vector>

namespace neardup {

// How the num_perm signature slots are filled.
enum class SketchScheme {
  // One hash per shingle picks a slot and a value; empty slots are filled by optimal densification
  // (Shrivastava 2017). O(n + k) per set. Not the default: on sets much smaller than k its
  // estimate's variance is up to ~1.7x that of kIndependent (n = 5, k = 128; ~1.5x at n = 20,
  // equal from n ~ k/2), since union elements sharing a bin are lost and densification copies
  // each filled bin ~k/n times; and with AVX-512 it is not faster below ~300 shingles.
  //   h = Fmix64(x ^ mix_key); slot = (hi32(h) * k) >> 32; value = lo32(h); slot keeps its min.
  //   Empty slot i copies the value of the non-empty slot j minimizing Fmix64((i << 32 | j) ^
  //   densify_key) (ties: smaller j). This is optimal densification's "probe until non-empty"
  //   with the probe order fixed as a permutation, so it costs O(1) expected per empty slot
  //   instead of O(k / non-empty).
  kOnePermutation,
  // k independent 2-universal hashes h_i(x) = (a_i * x + b_i) >> 32 over 64-bit arithmetic.
  // O(n * k) but SIMD across the k hashes (8 per AVX-512 vector). The default: the estimate is
  // binomial, error sqrt(J (1 - J) / k), at every set size, and it is the faster scheme for
  // paragraph-sized sets (k = 128, 100 words: 1.3 us vs 1.9 us including shingling).
  //   a_i = SplitMix64 stream from seed, | 1; b_i = the next draw.
  kIndependent,
};

class MinHasher {
 public:
  // num_perm in [1, 4096] (clamped); seed selects the hash family (same seed, same signatures, on every CPU).
  MinHasher(int num_perm, uint64_t seed, SketchScheme scheme = SketchScheme::kIndependent);

  int num_perm() const { return num_perm_; }
  SketchScheme scheme() const { return scheme_; }

  // Writes num_perm() values to `sig` for the set `shingles` (duplicates allowed, order irrelevant).
  // An empty set gives all-0xFFFFFFFF. Uses the fastest kernel this CPU supports; the result is
  // bit-for-bit the same as SketchScalar.
  void Sketch(std::span<const uint32_t> shingles, uint32_t* sig) const;
  // The scalar reference kernel, kept as the definition of the signature.
  void SketchScalar(std::span<const uint32_t> shingles, uint32_t* sig) const;

 private:
  int num_perm_;
  uint64_t seed_;
  SketchScheme scheme_;
  std::vector<uint64_t> a_, b_;  // kIndependent coefficients (a odd)
  // kOnePermutation keys and, per slot i, the first densify_len_ other slots in densification
  // order (ascending priority), row-major.
  uint64_t mix_key_ = 0;
  uint64_t densify_key_ = 0;
  size_t densify_len_ = 0;
  std::vector<uint16_t> densify_order_;

  void Densify(const uint64_t* occupied, size_t filled, uint32_t* sig) const;
};

// Fraction of equal slots: the unbiased Jaccard estimate. Both spans have the same length;
// 0.0 when they are empty.
double EstimateJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

}  // namespace neardup

#endif  // NEARDUP_MINHASH_H_
