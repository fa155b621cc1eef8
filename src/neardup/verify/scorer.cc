// Scorer: the compiled-in weights, the weights-file reader, log-odds and contributions.

#include "neardup/verify/scorer.h"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace neardup {
namespace {
#include "neardup/verify/scorer_weights.inc"
}  // namespace

const Scorer& Scorer::Default() {
  static const Scorer scorer(kScorerBias, kScorerWeights, kScorerThreshold);
  return scorer;
}

StatusOr<Scorer> Scorer::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IOError(path + ": cannot open");
  std::array<double, kNumPairFeatures> w{};
  std::array<bool, kNumPairFeatures + 2> seen{};
  double bias = 0, threshold = 0;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(n) + ": ";
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) return Status::Corruption(where + "expected name<TAB>value");
    const std::string name = line.substr(0, tab);
    char* end = nullptr;
    const double v = std::strtod(line.c_str() + tab + 1, &end);
    if (end == line.c_str() + tab + 1) {
      return Status::Corruption(
          std::string(where).append("bad value for '").append(name).append("'"));
    }
    size_t k = 0;
    if (name == "bias") {
      bias = v, k = kNumPairFeatures;
    } else if (name == "threshold") {
      threshold = v, k = kNumPairFeatures + 1;
    } else {
      while (k < kNumPairFeatures && PairFeatureName(k) != name) ++k;
      if (k == kNumPairFeatures) {
        return Status::Corruption(
            std::string(where).append("unknown feature '").append(name).append("'"));
      }
      w[k] = v;
    }
    seen[k] = true;
  }
  for (size_t k = 0; k < seen.size(); ++k) {
    if (!seen[k]) {
      const std::string name = k < kNumPairFeatures    ? std::string(PairFeatureName(k))
                               : k == kNumPairFeatures ? "bias"
                                                       : "threshold";
      return Status::Corruption(std::string(path).append(": missing '").append(name).append("'"));
    }
  }
  return Scorer(bias, w, threshold);
}

double Scorer::Logit(const PairFeatureVector& f) const {
  double z = bias_;
  for (size_t k = 0; k < kNumPairFeatures; ++k) z += weights_[k] * f[k];
  return z;
}

double Scorer::UpperLogit(const PairFeatureVector& f, const PairTotals& totals) const {
  double z = Logit(f);
  for (size_t k = 0; k < kNumPairFeatures; ++k) {
    if (IsSequenceFeature(k)) z += std::max(0.0, weights_[k]) * MaxSequenceFeature(k, totals);
  }
  return z;
}

double Scorer::Probability(const PairFeatureVector& f) const {
  return 1.0 / (1.0 + std::exp(-Logit(f)));
}

std::vector<Contribution> Scorer::TopContributions(const PairFeatureVector& f, size_t k) const {
  std::vector<Contribution> all(kNumPairFeatures);
  for (size_t i = 0; i < kNumPairFeatures; ++i) all[i] = {i, f[i], weights_[i] * f[i]};
  std::stable_sort(all.begin(), all.end(), [](const Contribution& x, const Contribution& y) {
    return std::abs(x.logit) > std::abs(y.logit);
  });
  all.resize(std::min(k, all.size()));
  return all;
}

double Scorer::Judge(const PairFeatureVector& f, WeightedOverlap* o) const {
  o->probability = Probability(f);
  const std::vector<Contribution> top = TopContributions(f, o->reasons.size());
  o->reason_count = static_cast<uint8_t>(top.size());
  for (size_t k = 0; k < top.size(); ++k) {
    o->reasons[k] = {static_cast<uint8_t>(top[k].feature), static_cast<float>(top[k].value),
                     static_cast<float>(top[k].logit)};
  }
  return o->probability;
}

}  // namespace neardup
