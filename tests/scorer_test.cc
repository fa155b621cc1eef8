// Tests of the reworded scorer (verify/scorer.h): the logistic model, its explanations, the
// weights file, and that the compiled-in weights are the fitted file's (data/scorer/weights.tsv).

#include "neardup/verify/scorer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

namespace neardup {
namespace {

Scorer Toy() {
  std::array<double, kNumPairFeatures> w{};
  w[kFeatSimilarity] = 4;
  w[kFeatNumbersClash] = -2;
  w[kFeatInOrder] = 1;
  return Scorer(-2, w, 0.5);
}

TEST(ScorerTest, LogisticTable) {
  struct Case {
    const char* name;
    double similarity, clash, order;
    double want_logit;
  };
  const Case cases[] = {
      {"nothing", 0, 0, 0, -2},
      {"similar", 1, 0, 0, 2},
      {"similar, numbers clash", 1, 1, 0, 0},
      {"similar, in order", 1, 0, 1, 3},
  };
  const Scorer s = Toy();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    PairFeatureVector f{};
    f[kFeatSimilarity] = c.similarity;
    f[kFeatNumbersClash] = c.clash;
    f[kFeatInOrder] = c.order;
    EXPECT_DOUBLE_EQ(s.Logit(f), c.want_logit);
    EXPECT_NEAR(s.Probability(f), 1 / (1 + std::exp(-c.want_logit)), 1e-12);
  }
}

TEST(ScorerTest, TopContributionsStrongestFirst) {
  PairFeatureVector f{};
  f[kFeatSimilarity] = 0.5;  // +2
  f[kFeatNumbersClash] = 1;  // -2
  f[kFeatInOrder] = 0.25;    // +0.25
  const auto top = Toy().TopContributions(f, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].feature, size_t{kFeatSimilarity});  // ties: the lower feature first
  EXPECT_EQ(top[1].feature, size_t{kFeatNumbersClash});
  EXPECT_DOUBLE_EQ(top[1].logit, -2);
  EXPECT_EQ(top[2].feature, size_t{kFeatInOrder});
  WeightedOverlap o;
  const double p = Toy().Judge(f, &o);
  EXPECT_DOUBLE_EQ(p, o.probability);
  EXPECT_EQ(o.reason_count, 3);
  EXPECT_EQ(o.reasons[0].feature, kFeatSimilarity);
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ScorerTest, WeightsFileErrorsNameTheLine) {
  std::string full = "# comment\nbias\t-1\nthreshold\t0.5\n";
  for (size_t k = 0; k < kNumPairFeatures; ++k) {
    full += std::string(PairFeatureName(k)) + "\t" + std::to_string(k) + "\n";
  }
  auto ok = Scorer::FromFile(WriteFile("w_ok.tsv", full));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->bias(), -1);
  EXPECT_EQ(ok->weight(3), 3);
  auto unknown = Scorer::FromFile(WriteFile("w_unknown.tsv", full + "novelty\t1\n"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find(":" + std::to_string(kNumPairFeatures + 4) +
                                            ": unknown feature 'novelty'"),
            std::string::npos)
      << unknown.status().message();
  auto missing = Scorer::FromFile(WriteFile("w_missing.tsv", "bias\t1\n"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing 'similarity'"), std::string::npos);
  EXPECT_FALSE(Scorer::FromFile(WriteFile("w_bad.tsv", "bias\tx\n")).ok());
  EXPECT_FALSE(Scorer::FromFile(::testing::TempDir() + "no_such_file.tsv").ok());
}

// The compiled-in model is the one scripts/fit_scorer.py stored: refitting without regenerating
// scorer_weights.inc (or editing either by hand) fails here.
TEST(ScorerTest, CompiledWeightsAreTheFittedFile) {
  auto file = Scorer::FromFile(std::string(NEARDUP_SOURCE_DIR) + "/data/scorer/weights.tsv");
  ASSERT_TRUE(file.ok()) << file.status().message();
  const Scorer& compiled = Scorer::Default();
  EXPECT_NEAR(compiled.bias(), file->bias(), 1e-6);
  EXPECT_NEAR(compiled.threshold(), file->threshold(), 1e-9);
  for (size_t k = 0; k < kNumPairFeatures; ++k) {
    EXPECT_NEAR(compiled.weight(k), file->weight(k), 1e-6) << PairFeatureName(k);
  }
}

}  // namespace
}  // namespace neardup
