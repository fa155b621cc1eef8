// Highway SIMD MinHash kernels, compiled once per target and picked at run time
// (HWY_DYNAMIC_DISPATCH). Each must match the scalar reference in minhash_kernel_scalar.cc bit for
// bit.
// Highway's foreach_target re-includes this file once per target, so the order
// of these lines matters.
// clang-format off
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "neardup/sketch/minhash_kernel.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <algorithm>
#include <cstring>

#include "neardup/sketch/minhash_kernel.h"
// clang-format on

HWY_BEFORE_NAMESPACE();
namespace neardup::internal::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// kIndependent. Lanes are permutations i (u64); the running minimum is kept on the full 64-bit
// a_i * x + b_i (mod 2^64) and shifted right by 32 at the end (the shift is monotonic).
//   a * x mod 2^64 = MulEven(a_lo, x) + (lo32(a_hi * x) << 32)
// where the second term is one 32-bit multiply of (a_lo, a_hi) by (0, x) viewed as u32 lanes.
void IndependentImpl(const uint32_t* HWY_RESTRICT ids, size_t n, const uint64_t* HWY_RESTRICT a,
                     const uint64_t* HWY_RESTRICT b, size_t k, uint32_t* HWY_RESTRICT sig) {
#if HWY_TARGET == HWY_SCALAR
  IndependentScalar(ids, n, a, b, k, sig);  // one lane: nothing to gain, and no u32 halves of u64
#else
  const hn::ScalableTag<uint64_t> d64;
  const hn::Repartition<uint32_t, decltype(d64)> d32;
  const size_t N = hn::Lanes(d64);
  const auto ones = hn::Set(d64, ~uint64_t{0});
  size_t i = 0;
  // Four vectors of permutations per pass over the shingles: 4 independent min chains.
  for (; i + 4 * N <= k; i += 4 * N) {
    const auto a0 = hn::BitCast(d32, hn::LoadU(d64, a + i));
    const auto a1 = hn::BitCast(d32, hn::LoadU(d64, a + i + N));
    const auto a2 = hn::BitCast(d32, hn::LoadU(d64, a + i + 2 * N));
    const auto a3 = hn::BitCast(d32, hn::LoadU(d64, a + i + 3 * N));
    const auto b0 = hn::LoadU(d64, b + i);
    const auto b1 = hn::LoadU(d64, b + i + N);
    const auto b2 = hn::LoadU(d64, b + i + 2 * N);
    const auto b3 = hn::LoadU(d64, b + i + 3 * N);
    auto m0 = ones, m1 = ones, m2 = ones, m3 = ones;
    for (size_t j = 0; j < n; ++j) {
      const uint64_t x = ids[j];
      const auto xe = hn::BitCast(d32, hn::Set(d64, x));        // (x, 0) per u64 lane
      const auto xo = hn::BitCast(d32, hn::Set(d64, x << 32));  // (0, x)
      m0 =
          hn::Min(m0, hn::Add(hn::Add(hn::MulEven(a0, xe), hn::BitCast(d64, hn::Mul(a0, xo))), b0));
      m1 =
          hn::Min(m1, hn::Add(hn::Add(hn::MulEven(a1, xe), hn::BitCast(d64, hn::Mul(a1, xo))), b1));
      m2 =
          hn::Min(m2, hn::Add(hn::Add(hn::MulEven(a2, xe), hn::BitCast(d64, hn::Mul(a2, xo))), b2));
      m3 =
          hn::Min(m3, hn::Add(hn::Add(hn::MulEven(a3, xe), hn::BitCast(d64, hn::Mul(a3, xo))), b3));
    }
    // Odd u32 lanes are the high halves: hi32 of each u64 minimum, in order.
    hn::StoreU(hn::ConcatOdd(d32, hn::BitCast(d32, m1), hn::BitCast(d32, m0)), d32, sig + i);
    hn::StoreU(hn::ConcatOdd(d32, hn::BitCast(d32, m3), hn::BitCast(d32, m2)), d32,
               sig + i + 2 * N);
  }
  if (i < k) IndependentScalar(ids, n, a + i, b + i, k - i, sig + i);
#endif
}

#if HWY_TARGET != HWY_SCALAR
// Low 64 bits of v * c for a constant c, from 32x32->64 multiplies (no 64-bit mullo before
// AVX-512).
template <class D64, class V>
HWY_INLINE V MulLo64(D64 d64, V v, uint64_t c) {
  const hn::Repartition<uint32_t, D64> d32;
  const auto c_lo = hn::BitCast(d32, hn::Set(d64, c & 0xFFFFFFFFu));
  const auto c_hi = hn::BitCast(d32, hn::Set(d64, c >> 32));
  const auto v32 = hn::BitCast(d32, v);
  const auto v_hi = hn::BitCast(d32, hn::ShiftRight<32>(v));
  const auto cross = hn::Add(hn::MulEven(v32, c_hi), hn::MulEven(v_hi, c_lo));
  return hn::Add(hn::MulEven(v32, c_lo), hn::ShiftLeft<32>(cross));
}

template <class D64, class V>
HWY_INLINE V Fmix64V(D64 d64, V h) {
  h = hn::Xor(h, hn::ShiftRight<33>(h));
  h = MulLo64(d64, h, 0xff51afd7ed558ccdULL);
  h = hn::Xor(h, hn::ShiftRight<33>(h));
  h = MulLo64(d64, h, 0xc4ceb9fe1a85ec53ULL);
  return hn::Xor(h, hn::ShiftRight<33>(h));
}

#endif  // HWY_TARGET != HWY_SCALAR

// kOnePermutation bins: the hashes are computed N at a time, then scattered (min) one by one.
size_t OnePermBinsImpl(const uint32_t* HWY_RESTRICT ids, size_t n, uint64_t mix_key, size_t k,
                       uint32_t* HWY_RESTRICT sig, uint64_t* HWY_RESTRICT occupied) {
#if HWY_TARGET == HWY_SCALAR
  return OnePermBinsScalar(ids, n, mix_key, k, sig, occupied);
#else
  const hn::ScalableTag<uint64_t> d64;
  const hn::Rebind<uint32_t, decltype(d64)> d32half;  // N u32 lanes, widened to N u64
  const size_t N = hn::Lanes(d64);
  constexpr size_t kMaxLanes = HWY_MAX_BYTES / sizeof(uint64_t);
  HWY_ALIGN uint64_t h[kMaxLanes];
  std::fill(sig, sig + k, ~uint32_t{0});
  std::memset(occupied, 0, ((k + 63) / 64) * sizeof(uint64_t));
  const uint32_t kk = static_cast<uint32_t>(k);
  const auto key = hn::Set(d64, mix_key);
  size_t j = 0;
  for (; j + N <= n; j += N) {
    const auto x = hn::PromoteTo(d64, hn::LoadU(d32half, ids + j));
    hn::Store(Fmix64V(d64, hn::Xor(x, key)), d64, h);
    for (size_t l = 0; l < N; ++l) {
      const uint32_t slot = FastRange32(static_cast<uint32_t>(h[l] >> 32), kk);
      const uint32_t value = static_cast<uint32_t>(h[l]);
      sig[slot] = std::min(sig[slot], value);
      occupied[slot >> 6] |= uint64_t{1} << (slot & 63);
    }
  }
  for (; j < n; ++j) {
    const uint64_t hj = Fmix64(ids[j] ^ mix_key);
    const uint32_t slot = FastRange32(static_cast<uint32_t>(hj >> 32), kk);
    sig[slot] = std::min(sig[slot], static_cast<uint32_t>(hj));
    occupied[slot >> 6] |= uint64_t{1} << (slot & 63);
  }
  size_t count = 0;
  for (size_t w = 0; w < (k + 63) / 64; ++w) {
    count += static_cast<size_t>(__builtin_popcountll(occupied[w]));
  }
  return count;
#endif
}

}  // namespace neardup::internal::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace neardup::internal {

HWY_EXPORT(IndependentImpl);
HWY_EXPORT(OnePermBinsImpl);

void IndependentDispatch(const uint32_t* ids, size_t n, const uint64_t* a, const uint64_t* b,
                         size_t k, uint32_t* sig) {
  HWY_DYNAMIC_DISPATCH(IndependentImpl)(ids, n, a, b, k, sig);
}

size_t OnePermBinsDispatch(const uint32_t* ids, size_t n, uint64_t mix_key, size_t k, uint32_t* sig,
                           uint64_t* occupied) {
  return HWY_DYNAMIC_DISPATCH(OnePermBinsImpl)(ids, n, mix_key, k, sig, occupied);
}

std::vector<KernelTarget> AvailableKernelTargets() {
  std::vector<KernelTarget> out;
  for (int64_t t : hwy::SupportedAndGeneratedTargets()) out.push_back({t, hwy::TargetName(t)});
  return out;
}

void ForceKernelTarget(int64_t target) { hwy::SetSupportedTargetsForTest(target); }

}  // namespace neardup::internal
#endif  // HWY_ONCE
