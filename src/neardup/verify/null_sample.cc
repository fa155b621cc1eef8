// The null sample and the adaptive thresholds (null_sample.h).

#include "neardup/verify/null_sample.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>

namespace neardup {

double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  return sorted[static_cast<size_t>(std::llround(pos))];
}

double NullQuantile(const std::vector<double>& sorted, double q, double outlier_scales,
                    size_t* outliers) {
  if (outliers != nullptr) *outliers = 0;
  if (sorted.empty()) return 0;
  const double median = Quantile(sorted, 0.5);
  // The spread of the lower half: related pairs sit in the upper tail and widen the upper half
  // (a corpus of few topics, where a fifth of random pairs share one, made the upper quartile
  // itself a related pair).
  const double scale = std::max(0.01, (median - Quantile(sorted, 0.25)) / 0.6745);
  const double cutoff = median + outlier_scales * scale;
  const size_t kept =
      static_cast<size_t>(std::upper_bound(sorted.begin(), sorted.end(), cutoff) - sorted.begin());
  if (outliers != nullptr) *outliers = sorted.size() - kept;
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(kept - 1);
  return sorted[static_cast<size_t>(std::llround(pos))];
}

NullSettings NullSettingsFor(const Options& options, int threads) {
  NullSettings n;
  n.floor = options.min_score;
  n.quantile = options.null_quantile;
  n.margin = options.null_margin;
  n.outlier_scales = options.null_outlier_scales;
  n.samples = options.null_samples;
  n.seed = options.seed;
  n.threads = threads;
  return n;
}

size_t SizeClassOf(std::span<const uint32_t> class_bounds, uint32_t features) {
  size_t k = 0;
  while (k + 1 < class_bounds.size() && features >= class_bounds[k + 1]) ++k;
  return k;
}

std::vector<NullClass> AdaptiveThresholds(const WeightedSets& sets,
                                          const std::vector<uint32_t>& item_doc,
                                          std::span<const uint32_t> class_bounds,
                                          const NullSettings& settings) {
  const size_t num_classes = class_bounds.size();
  std::vector<NullClass> out(num_classes);
  tbb::task_arena arena(std::max(1, settings.threads));
  double above = settings.floor;
  for (size_t k = num_classes; k-- > 0;) {
    const uint32_t lo = std::max(class_bounds[k], settings.min_words);
    const uint32_t hi =
        k + 1 < num_classes ? class_bounds[k + 1] : std::numeric_limits<uint32_t>::max();
    NullClass& c = out[k];
    c.min_words = class_bounds[k];
    std::vector<double> null;
    if (lo < hi) {
      const auto pairs = sets.NullPairs(item_doc, settings.samples, settings.seed, lo, hi);
      null.resize(pairs.size());
      arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<size_t>(0, pairs.size(), 64),
                          [&](const tbb::blocked_range<size_t>& r) {
                            for (size_t i = r.begin(); i < r.end(); ++i) {
                              null[i] = sets.Overlap(pairs[i].first, pairs[i].second,
                                                     settings.min_local_words)
                                            .similarity;
                            }
                          });
      });
      std::sort(null.begin(), null.end());
    }
    c.null_pairs = null.size();
    size_t outliers = 0;
    c.null_score = NullQuantile(null, settings.quantile, settings.outlier_scales, &outliers);
    c.null_outliers = outliers;
    c.threshold =
        null.size() < NullSettings::kMinNullPairs
            ? above
            : std::min(1.0, std::max({above, settings.floor, c.null_score + settings.margin}));
    above = c.threshold;
  }
  return out;
}

}  // namespace neardup
