// MinHash signatures of shingle-id sets, and the Jaccard estimate between two signatures.
// Thread-safety: a MinHasher is immutable after construction; Sketch may be called from any thread.
#ifndef NEARDUP_MINHASH_H_
#define NEARDUP_MINHASH_H_

#include <cstdint>
#include <span>
#include <vector>

#include "neardup/options.h"

namespace neardup {

class MinHasher {
 public:
  // num_perm in [1, 4096] (clamped); seed selects the hash family (same seed, same signatures, on
  // every CPU).
  MinHasher(int num_perm, uint64_t seed, SketchScheme scheme = SketchScheme::kIndependent);

  int num_perm() const { return num_perm_; }
  SketchScheme scheme() const { return scheme_; }

  // Writes num_perm() values to `sig` for the set `shingles` (duplicates allowed, order
  // irrelevant). An empty set gives all-0xFFFFFFFF. Uses the fastest kernel this CPU supports; the
  // result is bit-for-bit the same as SketchScalar.
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
