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
  // (Shrivastava 2017). O(n + k) per set.
  kOnePermutation,
  // k independent 2-universal hashes h_i(x) = (a_i * x + b_i) >> 32 over 64-bit arithmetic. O(n * k).
  kIndependent,
};

class MinHasher {
 public:
  // num_perm in [1, 4096]; seed selects the hash family (same seed, same signatures, on every CPU).
  MinHasher(int num_perm, uint64_t seed, SketchScheme scheme = SketchScheme::kOnePermutation);

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
};

// Fraction of equal slots: the unbiased Jaccard estimate. Both spans have the same length.
double EstimateJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

}  // namespace neardup

#endif  // NEARDUP_MINHASH_H_
