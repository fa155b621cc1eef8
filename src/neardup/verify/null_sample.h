// The null sample: what random unrelated pairs of the corpus score, by size class, and the
// adaptive thresholds judged against it (Quantile, NullQuantile, NullSettings, AdaptiveThresholds).
// Thread-safety: pure functions; AdaptiveThresholds runs on NullSettings::threads cores.
#ifndef NEARDUP_NULL_SAMPLE_H_
#define NEARDUP_NULL_SAMPLE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "neardup/options.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

// The value at quantile q in [0, 1] of an ascending sample (nearest rank); 0 for an empty one.
double Quantile(const std::vector<double>& sorted, double q);

// The quantile q of the unrelated part of a null sample (ascending). A sample of random pairs
// also holds a few related ones (copies of one story by several outlets), and a high quantile of
// the raw sample lands on them once they are more than 1 - q of it. So the values above
// median + outlier_scales * scale are set aside as related pairs first, the scale being that of
// the lower half, (median - first quartile) / 0.6745 (the standard deviation for a normal
// sample; at least 0.01), which related pairs in the upper tail do not widen; *outliers (if not
// null) receives how many. O(n).
double NullQuantile(const std::vector<double>& sorted, double q, double outlier_scales,
                    size_t* outliers = nullptr);

// The adaptive threshold of one size class of items: those whose feature count is in
// [min_words, the next class's min_words).
struct NullClass {
  uint32_t min_words = 0;      // smallest feature count of the class
  uint64_t null_pairs = 0;     // unrelated pairs of this size sampled
  double null_score = 0;       // their score at the null quantile, outliers set aside
  uint64_t null_outliers = 0;  // sampled pairs set aside as related (NullQuantile)
  double threshold = 0;        // what a pair of this class must score
};

// How AdaptiveThresholds judges: a class's threshold is
// min(1, max(floor, null_score + margin, the next larger class's threshold)), null_score being
// NullQuantile(quantile, outlier_scales) of the Overlap(.., min_local_words) similarity of
// NullPairs(item_doc, samples, seed, class range). A class with fewer than kMinNullPairs sampled
// pairs takes the next larger class's threshold (the largest: floor).
struct NullSettings {
  static constexpr size_t kMinNullPairs = 200;
  double floor = 0.5;
  double quantile = 0.99;
  double margin = 0.05;
  double outlier_scales = 8;
  size_t samples = 5000;
  uint64_t seed = 0;
  uint32_t min_words = 0;        // items with fewer features are not sampled
  uint32_t min_local_words = 0;  // passed to Overlap
  int threads = 1;
};

// The settings Options gives (floor = min_score; the caller sets min_words, min_local_words).
NullSettings NullSettingsFor(const Options& options, int threads);

// One NullClass per entry of `class_bounds` (ascending lower bounds, the first usually 0), in
// that order; a smaller class is never judged more leniently than a larger one. Deterministic
// for a seed, whatever the thread count. Cost: about samples * 20 set intersections per class.
std::vector<NullClass> AdaptiveThresholds(const WeightedSets& sets,
                                          const std::vector<uint32_t>& item_doc,
                                          std::span<const uint32_t> class_bounds,
                                          const NullSettings& settings);

// The index of the class (of `class_bounds`, as above) that an item pair whose smaller side has
// `features` features belongs to.
size_t SizeClassOf(std::span<const uint32_t> class_bounds, uint32_t features);

}  // namespace neardup

#endif  // NEARDUP_NULL_SAMPLE_H_
