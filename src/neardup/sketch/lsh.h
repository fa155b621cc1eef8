// LSH banding: choosing bands x rows for a threshold, band keys of a signature, and a batch index
// that turns band keys into candidate pairs. Thread-safety: LshBatchIndex is thread-compatible.
#ifndef NEARDUP_LSH_H_
#define NEARDUP_LSH_H_

#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "neardup/base/default_init_allocator.h"
#include "neardup/sketch/byte_sketch.h"
#include "neardup/sketch/candidate_budget.h"

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
// A screen for candidate pairs: item i's byte sketch (byte_sketch.h) is the kByteSketchSize bytes
// at sketches[i * kByteSketchSize]; a pair is kept only when its two sketches agree on at least
// min_agreement positions, and, with a budget (candidate_budget.h; the plain join only), when it
// is strong or among the best weak candidates of one of its items. Empty sketches: no screen.
// `flagged` (empty: every item; else one flag per item, any other size is taken as empty):
// CandidatePairs' keep is asked only about pairs holding a flagged item (flagged[i] != 0); a pair
// of two others is kept without asking.
struct ByteScreen {
  std::span<const uint8_t> sketches;
  uint32_t min_agreement = 0;
  CandidateBudget budget;
  std::span<const char> flagged;
};

// Screened buckets of more than kSplitBucket items (in a large corpus, paragraphs of one topic
// sharing its common words) are split: a pair in such a bucket is examined only if its two byte
// sketches also agree on both positions of one of kSplitProbes position pairs chosen per band
// (SplitProbesAgree). Two sets of Jaccard similarity s pass in such a bucket with probability
// about 1 - (1 - s^2)^4 (0.50 at s = 0.4, 0.68 at 0.5, 0.83 at 0.6, 0.98 at 0.8), and a pair that
// alike shares several bands; in smaller buckets every pair is examined. Measured on a
// 1M-paragraph generated corpus (1.24 billion pairs compared in buckets, 1.11 billion of them in
// buckets over 64): with 8 probes candidate generation 9.9 -> 5.7 s and reported pairs 885,688 ->
// 885,561; 4 probes instead of 8: candidate stage 3.71-4.02 -> 3.57-3.58 s, pairs 885,830 ->
// 885,708; 300k paragraphs: recall 0.9989 either way (0.9969 -> 0.9967 at 30% edits); the
// 2,000-paragraph corpora have no bucket over 64.
inline constexpr size_t kSplitBucket = 64;
inline constexpr uint32_t kSplitProbes = 4;

// Probe q of band `band`'s split: two byte-sketch positions, distinct for distinct q < 32.
inline std::pair<uint32_t, uint32_t> SplitProbe(size_t band, uint32_t q) {
  const uint32_t p = (static_cast<uint32_t>(band) * 7 + 2 * q) % kByteSketchSize;
  return {p, (p + 1) % kByteSketchSize};
}

// Whether byte sketches a and b agree on both positions of one of band's first `probes` probes.
inline bool SplitProbesAgree(size_t band, const uint8_t* a, const uint8_t* b,
                             uint32_t probes = kSplitProbes) {
  for (uint32_t q = 0; q < probes; ++q) {
    const auto [p1, p2] = SplitProbe(band, q);
    if (a[p1] == b[p1] && a[p2] == b[p2]) return true;
  }
  return false;
}

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
  // Adds `items` items at once and returns where their keys go (item-major, as Add lays them
  // out), for the caller to fill before the next call on this index; distinct items' keys may
  // be written from different threads. O(1): the keys are left unwritten.
  uint32_t* Extend(size_t items);
  size_t size() const { return count_; }
  // Item `item`'s params().bands keys, as Add took them. O(1).
  const uint32_t* Keys(uint32_t item) const {
    return keys_.data() + static_cast<size_t>(item) * static_cast<size_t>(params_.bands);
  }
  LshParams params() const { return params_; }
  // All pairs (a, b), a < b, sharing a band key: sorted, unique. Buckets larger than
  // max_bucket items contribute no pairs (they are counted in *skipped_buckets if non-null):
  // such a bucket is boilerplate, not news copy, and exact duplicates are grouped before LSH.
  std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(
      size_t max_bucket = 5000, size_t* skipped_buckets = nullptr) const;
  // The same, keeping only the pairs that pass `screen` and for which keep(a, b) (if set) is true,
  // of the buckets split when oversized (kSplitBucket) only those their split examines,
  // tested in that order as pairs are generated, so the ones dropped never take memory. A bucket's
  // sketches are gathered before its pairs are screened, so the cost per colliding pair is a
  // 64-byte compare in cache; the pairs passing the screen are judged (keep, budget, first shared
  // band) in batches, each pair's random reads fetched ahead. Bands are grouped on the cores of
  // the calling task arena, so keep is called concurrently, in no set order; the result does not
  // depend on the thread count.
  std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(
      const ByteScreen& screen, const std::function<bool(uint32_t, uint32_t)>& keep = nullptr,
      size_t max_bucket = 5000, size_t* skipped_buckets = nullptr) const;

 private:
  // The (a << 32 | b) pairs of every band bucket of at most max_bucket items, unsorted, each
  // mostly once (from the first band whose bucket examined it; a few twice).
  std::vector<uint64_t> BandPairs(const ByteScreen& screen,
                                  const std::function<bool(uint32_t, uint32_t)>& keep,
                                  size_t max_bucket, size_t* skipped_buckets) const;
  // Per band, the sorted keys held by more than max_bucket items. Cost: one pass over the keys.
  std::vector<std::vector<uint32_t>> OversizedKeys(size_t max_bucket) const;
  LshParams params_;
  size_t count_ = 0;
  UninitVector<uint32_t> keys_;  // item-major: keys_[item * bands + band]
};

}  // namespace neardup

#endif  // NEARDUP_LSH_H_
