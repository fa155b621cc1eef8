// LSH banding (lsh.h): parameter choice, band keys, the batch index's keys and its oversized
// buckets. The batch candidate generation itself, BandPairs, is in lsh_band_pairs.cc.
#include "neardup/sketch/lsh.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <mutex>
#include <vector>

#include "neardup/base/pair_lists.h"

namespace neardup {
namespace {

LshParams ComputeOptimalLshParams(double threshold, int num_perm, double fp_weight,
                                  double fn_weight) {
  // Midpoint rule, ~1000 points per unit length (datasketch's fallback integrator uses step 0.001;
  // the integrands are smooth, so the error is far below the gaps between (b, r) choices).
  // Points [0, n_fp) cover [0, t] and weigh fp; the rest cover [t, 1] and weigh fn.
  constexpr double kPerUnit = 1000.0;
  const double t = std::clamp(threshold, 0.0, 1.0);
  const int n_fp = static_cast<int>(std::ceil(t * kPerUnit));
  const int n_fn = static_cast<int>(std::ceil((1.0 - t) * kPerUnit));
  const size_t n = static_cast<size_t>(n_fp) + static_cast<size_t>(n_fn);
  std::vector<double> log_s(n), weight(n);
  for (int i = 0; i < n_fp + n_fn; ++i) {
    const bool fp = i < n_fp;
    const double h = fp ? t / n_fp : (1.0 - t) / n_fn;
    const double s = fp ? (i + 0.5) * h : t + (i - n_fp + 0.5) * h;
    log_s[static_cast<size_t>(i)] = std::log(s);
    weight[static_cast<size_t>(i)] = h * (fp ? fp_weight : fn_weight);
  }
  // log1p(-s^r) for one r at a time, so each (b, r) costs one exp per point:
  // P(s) = 1 - exp(b * log1p(-s^r)).
  std::vector<double> log_miss(n);
  LshParams best{1, 1};
  double best_error = std::numeric_limits<double>::infinity();
  for (int r = 1; r <= num_perm; ++r) {
    for (size_t j = 0; j < n; ++j) log_miss[j] = std::log1p(-std::exp(r * log_s[j]));
    for (int b = 1; b <= num_perm / r; ++b) {
      double error = 0.0;
      for (size_t j = 0; j < n; ++j) {
        const double miss = std::exp(b * log_miss[j]);  // 1 - P(s)
        error += weight[j] * (static_cast<int>(j) < n_fp ? 1.0 - miss : miss);
      }
      // Ties go to the smaller b, then smaller r (datasketch's loop order, b outer).
      if (error < best_error ||
          (error == best_error && (b < best.bands || (b == best.bands && r < best.rows)))) {
        best_error = error;
        best = {b, r};
      }
    }
  }
  return best;
}

}  // namespace

double CandidateProbability(double s, LshParams p) {
  return 1.0 - std::pow(1.0 - std::pow(s, p.rows), p.bands);
}

LshParams OptimalLshParams(double threshold, int num_perm, double fp_weight, double fn_weight) {
  // Memoized: the search costs ~1M exp() calls for 256 permutations, and every run asks for the
  // same few settings.
  struct Memo {
    double threshold, fp, fn;
    int num_perm;
    LshParams params;
  };
  static std::mutex mu;
  static std::vector<Memo> memo;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (const Memo& m : memo) {
      if (m.threshold == threshold && m.num_perm == num_perm && m.fp == fp_weight &&
          m.fn == fn_weight) {
        return m.params;
      }
    }
  }
  const LshParams p = ComputeOptimalLshParams(threshold, num_perm, fp_weight, fn_weight);
  std::lock_guard<std::mutex> lock(mu);
  if (memo.size() < 64) memo.push_back({threshold, fp_weight, fn_weight, num_perm, p});
  return p;
}

void BandKeys(const uint32_t* signature, LshParams p, uint32_t* keys) {
  const size_t r = static_cast<size_t>(p.rows);
  for (int i = 0; i < p.bands; ++i) {
    const uint32_t* band = signature + static_cast<size_t>(i) * r;
    keys[i] = static_cast<uint32_t>(
        XXH3_64bits_withSeed(band, r * sizeof(uint32_t), static_cast<uint64_t>(i)));
  }
}

LshBatchIndex::LshBatchIndex(LshParams p, std::vector<uint32_t> keys)
    : params_(p), count_(keys.size() / static_cast<size_t>(p.bands)) {
  keys_.assign(keys.begin(),
               keys.begin() + static_cast<std::ptrdiff_t>(count_ * static_cast<size_t>(p.bands)));
}

uint32_t LshBatchIndex::Add(const uint32_t* keys) {
  keys_.insert(keys_.end(), keys, keys + params_.bands);
  return static_cast<uint32_t>(count_++);
}

uint32_t* LshBatchIndex::Extend(size_t items) {
  const size_t at = keys_.size();
  keys_.resize(at + items * static_cast<size_t>(params_.bands));
  count_ += items;
  return keys_.data() + at;
}

std::vector<std::pair<uint32_t, uint32_t>> LshBatchIndex::CandidatePairs(
    size_t max_bucket, size_t* skipped_buckets) const {
  return CandidatePairs(ByteScreen(), nullptr, max_bucket, skipped_buckets);
}

std::vector<std::pair<uint32_t, uint32_t>> LshBatchIndex::CandidatePairs(
    const ByteScreen& screen, const std::function<bool(uint32_t, uint32_t)>& keep,
    size_t max_bucket, size_t* skipped_buckets) const {
  size_t skipped = 0;
  std::vector<uint64_t> pairs = BandPairs(screen, keep, max_bucket, &skipped);
  if (skipped_buckets != nullptr) *skipped_buckets = skipped;
  return SortedUniquePairs(&pairs, count_);
}

std::vector<std::vector<uint32_t>> LshBatchIndex::OversizedKeys(size_t max_bucket) const {
  const size_t bands = static_cast<size_t>(params_.bands);
  std::vector<std::vector<uint32_t>> oversized(bands);
  if (count_ <= max_bucket) return oversized;
  // Keys are hash values: counted in a table indexed by their top bits, a slot over max_bucket
  // flags the few keys worth counting exactly. Bands are counted chunk_bands at a time, item by
  // item, so each pass reads one piece of every item's keys (a band at a time read them all per
  // band); the slots hold about max_bucket / 8 keys each. Up to 2^16 slots, 8 bands' tables (2 MiB)
  // are counted per pass; past that (hundreds of millions of items, or a small --max-bucket) one
  // band at a time, so that a slot never averages more than max_bucket / 8 keys (a table too coarse
  // would flag every slot and sort every key).
  const int bits = std::clamp(
      static_cast<int>(std::bit_width(count_ * 8 / std::max<size_t>(max_bucket, 1))), 10, 20);
  const size_t chunk_bands = bits > 16 ? 1 : 8;
  const size_t slots = size_t{1} << bits;
  const int shift = 32 - bits;
  tbb::enumerable_thread_specific<std::vector<uint32_t>> tables;
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, (bands + chunk_bands - 1) / chunk_bands, 1),
      [&](const tbb::blocked_range<size_t>& r) {
        std::vector<uint32_t>& table = tables.local();
        for (size_t chunk = r.begin(); chunk < r.end(); ++chunk) {
          const size_t first = chunk * chunk_bands, width = std::min(chunk_bands, bands - first);
          table.assign(width * slots, 0);
          for (size_t item = 0; item < count_; ++item) {
            const uint32_t* k = keys_.data() + item * bands + first;
            for (size_t q = 0; q < width; ++q) ++table[q * slots + (k[q] >> shift)];
          }
          // The keys of the chunk's bands with a slot over max_bucket, in flagged slots, taken in
          // one more pass over the items (one per such band read a cache line per item and band:
          // in a large corpus most bands have such a slot).
          std::vector<size_t> over;
          for (size_t q = 0; q < width; ++q) {
            const uint32_t* count = table.data() + q * slots;
            if (std::any_of(count, count + slots, [&](uint32_t c) { return c > max_bucket; })) {
              over.push_back(q);
            }
          }
          if (over.empty()) continue;
          std::vector<std::vector<uint32_t>> keys(width);
          for (size_t item = 0; item < count_; ++item) {
            const uint32_t* k = keys_.data() + item * bands + first;
            for (const size_t q : over) {
              if (table[q * slots + (k[q] >> shift)] > max_bucket) keys[q].push_back(k[q]);
            }
          }
          for (const size_t q : over) {
            std::vector<uint32_t>& flagged = keys[q];
            std::sort(flagged.begin(), flagged.end());
            for (size_t i = 0; i < flagged.size();) {
              size_t j = i + 1;
              while (j < flagged.size() && flagged[j] == flagged[i]) ++j;
              if (j - i > max_bucket) oversized[first + q].push_back(flagged[i]);
              i = j;
            }
          }
        }
      });
  return oversized;
}

}  // namespace neardup
