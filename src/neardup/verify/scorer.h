// Scorer: reworded mode's one decision per candidate pair — a logistic model over PairFeatures,
// p = 1 / (1 + exp(-(bias + sum w_i x_i))), its weights fit by scripts/fit_scorer.py on labelled
// real news pairs (data/scorer/README.md) and compiled in from scorer_weights.inc.
// Thread-safety: immutable; every method may be called from any thread.
#ifndef NEARDUP_VERIFY_SCORER_H_
#define NEARDUP_VERIFY_SCORER_H_

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "neardup/status.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

// What one feature added to a pair's log-odds: weight * value.
struct Contribution {
  size_t feature = 0;  // a PairFeature
  double value = 0;    // the feature's value for the pair
  double logit = 0;    // weight * value
};

class Scorer {
 public:
  Scorer(double bias, const std::array<double, kNumPairFeatures>& weights, double threshold)
      : bias_(bias), weights_(weights), threshold_(threshold) {}

  // The model compiled into the library (scorer_weights.inc).
  static const Scorer& Default();

  // Reads a weights file as scripts/fit_scorer.py writes it (data/scorer/weights.tsv): lines
  // "name<TAB>value" for "bias", "threshold" and every PairFeatureName, '#' comments. Errors name
  // the file and line; a missing or unknown name is an error.
  static StatusOr<Scorer> FromFile(const std::string& path);

  double bias() const { return bias_; }
  double weight(size_t feature) const { return weights_[feature]; }
  // The default decision threshold on the probability (the fit's cross-validated choice).
  double threshold() const { return threshold_; }

  // The log-odds and the probability of a pair. O(kNumPairFeatures).
  double Logit(const PairFeatureVector& f) const;
  double Probability(const PairFeatureVector& f) const;

  // The `k` largest contributions by absolute log-odds, descending (ties: lower feature first).
  std::vector<Contribution> TopContributions(const PairFeatureVector& f, size_t k) const;

  // An upper bound of Logit(f) once AddSequenceFeatures has filled the sequence features of `f`
  // (left 0 by ComputeSetFeatures; `totals` as it returned them): a pair whose bound is
  // under the decision's log-odds is rejected without its O(n m) features. Exact, never an
  // estimate: the decisions are the same as with every feature computed.
  double UpperLogit(const PairFeatureVector& f, const PairTotals& totals) const;

  // The log-odds of probability p in (0, 1).
  static double LogOdds(double p) { return std::log(p / (1 - p)); }

  // Sets o->probability and o->reasons (the 3 strongest contributions) for features f; returns
  // the probability.
  double Judge(const PairFeatureVector& f, WeightedOverlap* o) const;

 private:
  double bias_;
  std::array<double, kNumPairFeatures> weights_;
  double threshold_;
};

}  // namespace neardup

#endif  // NEARDUP_VERIFY_SCORER_H_
