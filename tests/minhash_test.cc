// Tests for MinHash: golden signatures (the byte-exact contract), every SIMD target against the
// scalar reference, and the statistical error of the Jaccard estimate for both schemes.
#include "neardup/sketch/minhash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <unordered_set>
#include <vector>

#include "neardup/sketch/minhash_kernel.h"
#include "neardup/verify/jaccard.h"

namespace neardup {
namespace {

constexpr SketchScheme kSchemes[] = {SketchScheme::kOnePermutation, SketchScheme::kIndependent};

const char* SchemeName(SketchScheme s) {
  return s == SketchScheme::kOnePermutation ? "one-permutation" : "independent";
}

std::vector<uint32_t> SketchOf(const MinHasher& h, const std::vector<uint32_t>& ids,
                               bool scalar = false) {
  std::vector<uint32_t> sig(static_cast<size_t>(h.num_perm()), 0x12345678u);
  if (scalar) {
    h.SketchScalar(ids, sig.data());
  } else {
    h.Sketch(ids, sig.data());
  }
  return sig;
}

// `count` distinct random ids.
std::vector<uint32_t> DistinctIds(size_t count, std::mt19937_64* rng) {
  std::unordered_set<uint32_t> seen;
  std::vector<uint32_t> out;
  while (out.size() < count) {
    const auto x = static_cast<uint32_t>((*rng)());
    if (seen.insert(x).second) out.push_back(x);
  }
  return out;
}

// Golden signatures for k = 16, seed 42, over ids including 0 and 0xFFFFFFFF.
TEST(MinHashTest, GoldenSignatures) {
  const std::vector<uint32_t> ids = {0, 1, 2, 3, 1000, 0xFFFFFFFFu, 123456789};
  const std::vector<uint32_t> want_one_perm = {0x8f1f347eu, 0xee679c20u, 0xc545d94du, 0x0115855bu,
                                               0x33bf2be8u, 0x0115855bu, 0x33bf2be8u, 0xc545d94du,
                                               0xee679c20u, 0x8f1f347eu, 0x33bf2be8u, 0xc545d94du,
                                               0x8f1f347eu, 0xee679c20u, 0x0115855bu, 0x0115855bu};
  const std::vector<uint32_t> want_independent = {
      0x28efe333u, 0x23da19fau, 0x5c807f0du, 0x04df9d0au, 0x2a23fa48u, 0x1b91e0edu,
      0x088d84fcu, 0x32ebfc19u, 0x0e3b307au, 0x05cc3616u, 0x07c6eb28u, 0x05e8fbf8u,
      0x470ea7e3u, 0x02ed8f58u, 0x851c11b0u, 0x31a33eb7u};
  const MinHasher one_perm(16, 42, SketchScheme::kOnePermutation);
  const MinHasher independent(16, 42, SketchScheme::kIndependent);
  EXPECT_EQ(SketchOf(one_perm, ids, /*scalar=*/true), want_one_perm);
  EXPECT_EQ(SketchOf(one_perm, ids), want_one_perm);
  EXPECT_EQ(SketchOf(independent, ids, /*scalar=*/true), want_independent);
  EXPECT_EQ(SketchOf(independent, ids), want_independent);
}

TEST(MinHashTest, DefaultSchemeIsIndependent) {
  EXPECT_EQ(MinHasher(128, 1).scheme(), SketchScheme::kIndependent);
}

TEST(MinHashTest, EmptySetIsAllOnes) {
  for (SketchScheme s : kSchemes) {
    SCOPED_TRACE(SchemeName(s));
    const MinHasher h(64, 9, s);
    EXPECT_EQ(SketchOf(h, {}), std::vector<uint32_t>(64, 0xFFFFFFFFu));
    EXPECT_EQ(SketchOf(h, {}, true), std::vector<uint32_t>(64, 0xFFFFFFFFu));
  }
}

TEST(MinHashTest, OrderAndDuplicatesDoNotMatter) {
  std::mt19937_64 rng(3);
  for (SketchScheme s : kSchemes) {
    SCOPED_TRACE(SchemeName(s));
    const MinHasher h(128, 5, s);
    std::vector<uint32_t> ids = DistinctIds(300, &rng);
    const std::vector<uint32_t> want = SketchOf(h, ids);
    std::vector<uint32_t> shuffled = ids;
    shuffled.insert(shuffled.end(), ids.begin(), ids.begin() + 100);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    EXPECT_EQ(SketchOf(h, shuffled), want);
  }
}

TEST(MinHashTest, SeedSelectsFamily) {
  std::mt19937_64 rng(4);
  const std::vector<uint32_t> ids = DistinctIds(50, &rng);
  for (SketchScheme s : kSchemes) {
    SCOPED_TRACE(SchemeName(s));
    EXPECT_EQ(SketchOf(MinHasher(128, 1, s), ids), SketchOf(MinHasher(128, 1, s), ids));
    EXPECT_NE(SketchOf(MinHasher(128, 1, s), ids), SketchOf(MinHasher(128, 2, s), ids));
  }
}

TEST(MinHashTest, NumPermIsClamped) {
  EXPECT_EQ(MinHasher(0, 1).num_perm(), 1);
  EXPECT_EQ(MinHasher(100000, 1).num_perm(), 4096);
}

TEST(MinHashTest, EstimateJaccardCountsEqualSlots) {
  const std::vector<uint32_t> a = {1, 2, 3, 4}, b = {1, 0, 3, 0};
  EXPECT_DOUBLE_EQ(EstimateJaccard(a, b), 0.5);
  EXPECT_DOUBLE_EQ(EstimateJaccard(a, a), 1.0);
  EXPECT_DOUBLE_EQ(EstimateJaccard({}, {}), 0.0);
}

// Every Highway target this CPU supports gives the scalar reference's bytes, on random and
// adversarial inputs and on num_perm values that are not multiples of any vector width.
TEST(MinHashTest, EveryTargetMatchesScalar) {
  const std::vector<internal::KernelTarget> targets = internal::AvailableKernelTargets();
  ASSERT_FALSE(targets.empty());
  std::mt19937_64 rng(11);
  std::vector<std::vector<uint32_t>> inputs = {
      {}, {0}, {0xFFFFFFFFu}, {0, 0xFFFFFFFFu}, {0, 0, 0, 0}, std::vector<uint32_t>(50, 7)};
  for (size_t n : std::vector<size_t>{1, 2, 5, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 1280}) {
    inputs.push_back(DistinctIds(n, &rng));
  }
  std::vector<uint32_t> dups = DistinctIds(40, &rng);
  dups.insert(dups.end(), dups.begin(), dups.end());
  dups.push_back(0);
  dups.push_back(0xFFFFFFFFu);
  inputs.push_back(dups);
  for (const internal::KernelTarget& t : targets) {
    internal::ForceKernelTarget(t.bits);
    for (SketchScheme s : kSchemes) {
      for (int k : {1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100, 128, 200, 256, 4096}) {
        const MinHasher h(k, static_cast<uint64_t>(k) * 31, s);
        for (const std::vector<uint32_t>& ids : inputs) {
          if (k == 4096 && ids.size() > 200) continue;  // keep the scalar reference cheap
          SCOPED_TRACE(testing::Message() << "target=" << t.name << " scheme=" << SchemeName(s)
                                          << " k=" << k << " n=" << ids.size());
          ASSERT_EQ(SketchOf(h, ids), SketchOf(h, ids, /*scalar=*/true));
        }
      }
    }
  }
  internal::ForceKernelTarget(0);
}

struct ErrorStats {
  double mean_z2 = 0;  // mean of (estimate - J)^2 / (J (1 - J) / k) over pairs with 0 < J < 1
  double mean_abs_error = 0;  // over all pairs
  double mean_sigma = 0;      // mean of sqrt(J (1 - J) / k) over all pairs
  double within_4_sigma = 0;  // fraction with |error| <= 4 sigma + 1/k (the estimate is discrete)
};

// `pairs` random set pairs with |A| = |B| = n and a uniformly random overlap, sketched with `h`.
ErrorStats MeasureError(const MinHasher& h, size_t n, int pairs, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const double k = h.num_perm();
  ErrorStats st;
  int interior = 0;
  int within = 0;
  for (int p = 0; p < pairs; ++p) {
    const size_t inter = static_cast<size_t>(rng() % (n + 1));
    const std::vector<uint32_t> ids = DistinctIds(2 * n - inter, &rng);
    std::vector<uint32_t> a(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(n));
    std::vector<uint32_t> b(ids.end() - static_cast<std::ptrdiff_t>(n), ids.end());
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    const double j = ExactJaccard(a, b);
    const double est = EstimateJaccard(SketchOf(h, a), SketchOf(h, b));
    const double sigma = std::sqrt(j * (1 - j) / k);
    const double err = est - j;
    st.mean_abs_error += std::abs(err);
    st.mean_sigma += sigma;
    within += std::abs(err) <= 4 * sigma + 1 / k + 1e-12;
    if (j > 0 && j < 1) {
      st.mean_z2 += err * err / (sigma * sigma);
      ++interior;
    }
  }
  st.mean_abs_error /= pairs;
  st.mean_sigma /= pairs;
  st.within_4_sigma = static_cast<double>(within) / pairs;
  st.mean_z2 = interior > 0 ? st.mean_z2 / interior : 0;
  return st;
}

// The estimate's error matches the binomial bound sqrt(J (1 - J) / k) for both schemes, and the
// one-permutation scheme (with densification) is as accurate as k independent permutations,
// including sets much smaller than k.
TEST(MinHashTest, EstimateErrorWithinStatisticalBound) {
  constexpr int kPerm = 128;
  struct Case {
    size_t n;
    int pairs;
  };
  const Case cases[] = {{1, 200},         {5, 600},     {20, 600},
                        {kPerm - 1, 600}, {kPerm, 600}, {10 * kPerm, 300}};
  for (const Case& c : cases) {
    ErrorStats by_scheme[2];
    for (int s = 0; s < 2; ++s) {
      SCOPED_TRACE(testing::Message() << SchemeName(kSchemes[s]) << " n=" << c.n);
      const MinHasher h(kPerm, 1234, kSchemes[s]);
      const ErrorStats st = MeasureError(h, c.n, c.pairs, 77 + c.n);
      by_scheme[s] = st;
      // For a binomial estimate E[z^2] = 1 and E|error| = sqrt(2/pi) sigma ~ 0.8 sigma.
      // One permutation loses accuracy on sets much smaller than k: two elements of the union
      // sharing a bin lose one of them, and densification copies each bin ~k/n times.
      const bool small_one_perm = kSchemes[s] == SketchScheme::kOnePermutation && c.n < kPerm / 2;
      EXPECT_LE(st.mean_z2, small_one_perm ? 2.0 : 1.3);
      EXPECT_LE(st.mean_abs_error, (small_one_perm ? 1.2 : 0.95) * st.mean_sigma + 1e-9);
      EXPECT_GE(st.within_4_sigma, 0.99);
    }
    SCOPED_TRACE(testing::Message() << "n=" << c.n);
    // From n ~ k/2 up, one permutation is no worse than independent permutations (up to
    // sampling noise); below, its variance is up to ~1.7x (measured; see the header).
    EXPECT_LE(by_scheme[0].mean_z2, (c.n < kPerm / 2 ? 2.0 : 1.25) * by_scheme[1].mean_z2 + 0.05);
    RecordProperty("n" + std::to_string(c.n) + "_one_perm_z2",
                   std::to_string(by_scheme[0].mean_z2));
    RecordProperty("n" + std::to_string(c.n) + "_independent_z2",
                   std::to_string(by_scheme[1].mean_z2));
    std::printf(
        "n=%zu  mean z^2: one-perm %.3f  independent %.3f   mean|err|: %.4f vs %.4f (sigma %.4f)\n",
        c.n, by_scheme[0].mean_z2, by_scheme[1].mean_z2, by_scheme[0].mean_abs_error,
        by_scheme[1].mean_abs_error, by_scheme[0].mean_sigma);
  }
}

}  // namespace
}  // namespace neardup
