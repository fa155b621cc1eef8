// Scalar reference MinHash kernels: the definition of the signatures (see minhash_kernel.h).
#include <algorithm>
#include <cstring>

#include "neardup/sketch/minhash_kernel.h"

namespace neardup::internal {

void IndependentScalar(const uint32_t* ids, size_t n, const uint64_t* a, const uint64_t* b,
                       size_t k, uint32_t* sig) {
  for (size_t i = 0; i < k; ++i) {
    uint64_t m = ~uint64_t{0};
    // min of the 64-bit value, then >> 32: the shift is monotonic, so this equals min of h_i(x).
    for (size_t j = 0; j < n; ++j) m = std::min(m, a[i] * ids[j] + b[i]);
    sig[i] = static_cast<uint32_t>(m >> 32);
  }
}

size_t OnePermBinsScalar(const uint32_t* ids, size_t n, uint64_t mix_key, size_t k, uint32_t* sig,
                         uint64_t* occupied) {
  std::fill(sig, sig + k, ~uint32_t{0});
  std::memset(occupied, 0, ((k + 63) / 64) * sizeof(uint64_t));
  const uint32_t kk = static_cast<uint32_t>(k);
  for (size_t j = 0; j < n; ++j) {
    const uint64_t h = Fmix64(ids[j] ^ mix_key);
    const uint32_t slot = FastRange32(static_cast<uint32_t>(h >> 32), kk);
    const uint32_t value = static_cast<uint32_t>(h);
    sig[slot] = std::min(sig[slot], value);
    occupied[slot >> 6] |= uint64_t{1} << (slot & 63);
  }
  size_t count = 0;
  for (size_t w = 0; w < (k + 63) / 64; ++w) {
    count += static_cast<size_t>(__builtin_popcountll(occupied[w]));
  }
  return count;
}

}  // namespace neardup::internal
