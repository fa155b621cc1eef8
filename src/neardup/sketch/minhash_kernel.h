// MinHash kernels: the scalar reference for each SketchScheme and the Highway dynamic-dispatch
// versions, plus hooks for tests and benchmarks to list and force SIMD targets.
// Thread-safety: kernels are pure functions; ForceKernelTarget is not thread-safe (tests only).
#ifndef NEARDUP_INTERNAL_MINHASH_KERNEL_H_
#define NEARDUP_INTERNAL_MINHASH_KERNEL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace neardup::internal {

// murmur3's 64-bit finalizer: a bijection on uint64 with full avalanche.
inline uint64_t Fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Multiply-shift range reduction of a 32-bit hash to [0, n) (Lemire's "fastrange").
inline uint32_t FastRange32(uint32_t h, uint32_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(h) * n) >> 32);
}

// ---- kIndependent: sig[i] = min over x of ((a[i] * x + b[i]) mod 2^64) >> 32; all-ones if n == 0.
void IndependentScalar(const uint32_t* ids, size_t n, const uint64_t* a, const uint64_t* b,
                       size_t k, uint32_t* sig);
// Same result, best Highway target for this CPU (or the one forced by ForceKernelTarget).
void IndependentDispatch(const uint32_t* ids, size_t n, const uint64_t* a, const uint64_t* b,
                         size_t k, uint32_t* sig);

// ---- kOnePermutation. Per shingle x: h = Fmix64(x ^ mix_key); slot = FastRange32(h >> 32, k);
// value = low 32 bits of h; each slot keeps its minimum value. Empty slots are then densified.
// Writes the per-slot minima to sig (0xFFFFFFFF where empty) and sets bit i of `occupied`
// (ceil(k / 64) words, zeroed by the callee) for each non-empty slot. Returns the number of
// non-empty slots.
size_t OnePermBinsScalar(const uint32_t* ids, size_t n, uint64_t mix_key, size_t k, uint32_t* sig,
                         uint64_t* occupied);
size_t OnePermBinsDispatch(const uint32_t* ids, size_t n, uint64_t mix_key, size_t k, uint32_t* sig,
                           uint64_t* occupied);

// ---- Target hooks for tests and benches.
struct KernelTarget {
  int64_t bits;      // a HWY_* target bit
  std::string name;  // e.g. "AVX3"
};
// Highway targets compiled into this binary that this CPU supports, best first.
std::vector<KernelTarget> AvailableKernelTargets();
// Makes every dispatched kernel use `target` (one of AvailableKernelTargets) until called again;
// 0 restores normal dispatch. Not thread-safe: for tests and benchmarks.
void ForceKernelTarget(int64_t target);

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_MINHASH_KERNEL_H_
