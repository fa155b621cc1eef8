// LSH banding: choosing bands x rows for a threshold, band keys of a signature, and a batch index
// that turns band keys into candidate pairs. Thread-safety: LshBatchIndex is thread-compatible.
#ifndef NEARDUP_LSH_H_
#define NEARDUP_LSH_H_

#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "neardup/byte_sketch.h"
#include "neardup/candidate_budget.h"

namespace neardup {

struct LshParams {
  int bands = 0;
  int rows = 0;
};

// Probability that two sets of Jaccard similarity s become candidates: 1 - (1 - s^r)^b.
double CandidateProbability(double s, LshParams p);

// The (bands, rows) with bands * rows <= num_perm minimizing
//   fp_weight * integral_0^t P(s) ds + fn_weight * integral_t^1 (1 - P(s)) ds,
// as datasketch's _optimal_param does. threshold in (0, 1].
LshParams OptimalLshParams(double threshold, int num_perm, double fp_weight = 0.5,
                           double fn_weight = 0.5);

// Writes p.bands 32-bit keys: key[i] = low 32 bits of XXH3 of signature slots [i*r, (i+1)*r),
// seeded with the band index so equal slot values in different bands do not collide.
void BandKeys(const uint32_t* signature, LshParams p, uint32_t* keys);
// The same layout of keys from a multiply-xorshift mix of each band's slots (seeded with the band
// index), for indexes that live in memory only (the sentence level: 82 bands per sentence, where
// one XXH3 call per band was a third of sketching it). Not the keys BandKeys gives; not stable
// across versions, so never stored.
void MixedBandKeys(const uint32_t* signature, LshParams p, uint32_t* keys);

// A screen for candidate pairs: item i's byte sketch (byte_sketch.h) is the kByteSketchSize bytes
// at sketches[i * kByteSketchSize]; a pair is kept only when its two sketches agree on at least
// min_agreement positions, and, with a budget (candidate_budget.h; the plain join only), when it
// is strong or among the best weak candidates of one of its items. Empty sketches: no screen.
struct ByteScreen {
  std::span<const uint8_t> sketches;
  uint32_t min_agreement = 0;
  CandidateBudget budget;
};

// Collects band keys of many items and reports every pair of items sharing at least one band key.
// Memory: 4 bytes per (item, band) plus 8 bytes per item in the band being grouped.
class LshBatchIndex {
 public:
  explicit LshBatchIndex(LshParams p) : params_(p) {}
  // An index holding keys.size() / p.bands items whose keys are already laid out as Add would
  // (item-major: item i's keys at [i * p.bands, (i + 1) * p.bands)); a trailing part is dropped.
  LshBatchIndex(LshParams p, std::vector<uint32_t> keys);
  // Items get ids 0, 1, 2, ... in Add order. keys has params().bands entries.
  uint32_t Add(const uint32_t* keys);
  size_t size() const { return count_; }
  LshParams params() const { return params_; }
  // All pairs (a, b), a < b, sharing a band key: sorted, unique. Buckets larger than
  // max_bucket items contribute no pairs (they are counted in *skipped_buckets if non-null):
  // such a bucket is boilerplate, not news copy, and exact duplicates are grouped before LSH.
  std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(
      size_t max_bucket = 5000, size_t* skipped_buckets = nullptr) const;
  // The same, keeping only the pairs that pass `screen` and for which keep(a, b) (if set) is true,
  // tested in that order as pairs are generated, so the ones dropped never take memory. A bucket's
  // sketches are gathered before its pairs are screened, so the cost per colliding pair is a
  // 64-byte compare in cache. Bands are grouped on the cores of the calling task arena, so keep
  // is called concurrently; the result does not depend on the thread count.
  // `anchored` (one flag per item, or empty for all): only pairs with at least one anchored item
  // are generated, at a cost proportional to those pairs rather than to all pairs of a bucket.
  std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(
      const ByteScreen& screen, const std::function<bool(uint32_t, uint32_t)>& keep = nullptr,
      size_t max_bucket = 5000, size_t* skipped_buckets = nullptr,
      std::span<const uint8_t> anchored = {}) const;

 private:
  // The (a << 32 | b) pairs of every band bucket of at most max_bucket items, unsorted; with
  // first_band_only, each pair only from the first band whose key the two share (no duplicates,
  // but a pair whose first shared bucket is oversized is lost: only valid when none is).
  std::vector<uint64_t> BandPairs(const ByteScreen& screen,
                                  const std::function<bool(uint32_t, uint32_t)>& keep,
                                  size_t max_bucket, bool first_band_only,
                                  size_t* skipped_buckets) const;
  std::vector<std::pair<uint32_t, uint32_t>> AnchoredPairs(
      const ByteScreen& screen, const std::function<bool(uint32_t, uint32_t)>& keep,
      size_t max_bucket, size_t* skipped_buckets, std::span<const uint8_t> anchored) const;
  LshParams params_;
  size_t count_ = 0;
  std::vector<uint32_t> keys_;  // item-major: keys_[item * bands + band]
};

}  // namespace neardup

#endif  // NEARDUP_LSH_H_
