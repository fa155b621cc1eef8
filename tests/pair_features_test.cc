// Tests of the reworded scorer's pair features (verify/pair_features.h) and WordNet synonym
// table (verify/synonyms.h): table-driven cases on small hand-made units.

#include "neardup/verify/pair_features.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

// A unit written as words; a word's kind from its spelling: "#12" a number, "Name" (capital) a
// name, else a lower-case word.
struct Unit {
  std::vector<uint32_t> stems;
  std::vector<uint8_t> kinds;
};
Unit Words(const std::vector<std::string>& words) {
  Unit u;
  for (const std::string& w : words) {
    if (w[0] == '#') {
      u.stems.push_back(SynonymTable::StemIdOf(w.substr(1), 0));
      u.kinds.push_back(kWordNumber);
    } else if (w[0] >= 'A' && w[0] <= 'Z') {
      std::string lower = w;
      lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
      u.stems.push_back(SynonymTable::StemIdOf(lower, 0));
      u.kinds.push_back(kWordName);
    } else {
      u.stems.push_back(SynonymTable::StemIdOf(w, 0));
      u.kinds.push_back(kWordLower);
    }
  }
  return u;
}

// IDF over the two units plus `background` units of filler words (so shared words weigh > 0).
WeightedSets Idf(const std::vector<const Unit*>& units, int background) {
  std::vector<std::vector<uint32_t>> sets;
  for (const Unit* u : units) {
    std::vector<uint32_t> s = u->stems;
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    sets.push_back(s);
  }
  for (int i = 0; i < background; ++i) sets.push_back({static_cast<uint32_t>(1000 + i)});
  std::vector<std::span<const uint32_t>> spans(sets.begin(), sets.end());
  WeightedSets w;
  w.Build(spans);
  return w;
}

PairFeatureVector Features(const Unit& a, const Unit& b, const SynonymTable* syn = nullptr) {
  const WeightedSets w = Idf({&a, &b}, 8);
  return ComputePairFeatures(w, UnitWords{a.stems, a.kinds}, UnitWords{b.stems, b.kinds}, syn);
}

TEST(PairFeaturesTest, Table) {
  struct Case {
    const char* name;
    std::vector<std::string> a, b;
    size_t feature;
    double want;
  };
  const Case cases[] = {
      {"identical: similarity 1",
       {"grave", "consequences", "warned"},
       {"grave", "consequences", "warned"},
       kFeatSimilarity,
       1.0},
      {"identical: in order",
       {"grave", "consequences", "warned"},
       {"grave", "consequences", "warned"},
       kFeatInOrder,
       1.0},
      {"identical: every bigram",
       {"grave", "consequences", "warned"},
       {"grave", "consequences", "warned"},
       kFeatBigrams,
       1.0},
      {"identical: one window, all of it",
       {"grave", "consequences", "warned"},
       {"grave", "consequences", "warned"},
       kFeatWindowShare,
       1.0},
      {"disjoint: nothing shared",
       {"grave", "consequences"},
       {"joint", "probe"},
       kFeatSimilarity,
       0.0},
      {"disjoint: no order", {"grave", "consequences"}, {"joint", "probe"}, kFeatInOrder, 0.0},
      {"contained: the short side wholly",
       {"grave", "consequences"},
       {"grave", "consequences", "joint", "probe"},
       kFeatContainMax,
       1.0},
      {"length ratio",
       {"grave", "consequences"},
       {"grave", "consequences", "joint", "probe"},
       kFeatLengthRatio,
       0.5},
      {"short side",
       {"grave", "consequences"},
       {"grave", "consequences", "joint", "probe"},
       kFeatShortSide,
       0.5},
      {"shared words",
       {"grave", "consequences", "x"},
       {"grave", "consequences", "y"},
       kFeatSharedWords,
       std::log1p(2.0)},
      {"numbers agree", {"#2014", "attack"}, {"#2014", "attack"}, kFeatNumbersAgree, 1.0},
      {"numbers clash", {"#2013", "attack"}, {"#2014", "attack"}, kFeatNumbersClash, 1.0},
      {"no numbers, no clash", {"cyber", "attack"}, {"cyber", "attack"}, kFeatNumbersClash, 0.0},
      {"lower-case words shared",
       {"Obama", "blamed", "hackers"},
       {"Obama", "blamed", "hackers"},
       kFeatLowerWords,
       std::log1p(2.0)},
      // Weighted: "obama" (in 1 of 10 units) against "blamed", "hackers" (2 of 10 each).
      {"names only on one side",
       {"Obama", "blamed", "hackers"},
       {"blamed", "hackers"},
       kFeatNamesMissing,
       std::log(10.0) / (std::log(10.0) + 2 * std::log(5.0))},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Unit a = Words(c.a), b = Words(c.b);
    const PairFeatureVector f = Features(a, b);
    EXPECT_NEAR(f[c.feature], c.want, 1e-6) << PairFeatureName(c.feature);  // idf is a float
  }
}

TEST(PairFeaturesTest, ReorderedWordsLoseTheOrderNotTheOverlap) {
  const Unit a = Words({"slander", "accusation", "termed", "agency"});
  const Unit b = Words({"agency", "termed", "accusation", "slander"});
  const PairFeatureVector f = Features(a, b);
  EXPECT_NEAR(f[kFeatSimilarity], 1.0, 1e-9);
  EXPECT_LT(f[kFeatInOrder], 0.5);
  EXPECT_EQ(f[kFeatBigrams], 0.0);
}

TEST(PairFeaturesTest, AQuotedClauseIsAWindow) {
  // "grave consequences" quoted inside two otherwise different sentences.
  const Unit a = Words({"north", "korea", "warned", "grave", "consequences", "film", "release"});
  const Unit b =
      Words({"officials", "said", "grave", "consequences", "followed", "talks", "today"});
  const PairFeatureVector f = Features(a, b);
  EXPECT_NEAR(f[kFeatWindow], 1.0, 1e-9);  // the window holds only the matched words
  EXPECT_NEAR(f[kFeatWindowWords], std::log1p(2.0), 1e-9);
  EXPECT_LT(f[kFeatSimilarity], 0.5);
}

TEST(PairFeaturesTest, BestAlignedWindowNamesTheAlignedStretch) {
  const Unit a = Words({"north", "korea", "warned", "grave", "consequences", "film", "release"});
  const Unit b =
      Words({"officials", "said", "grave", "consequences", "followed", "talks", "today"});
  const WeightedSets w = Idf({&a, &b}, 8);
  const AlignedWindow x = BestAlignedWindow(w, a.stems, b.stems);
  EXPECT_EQ(x.words, 2u);
  EXPECT_EQ(x.begin_x, 3u);
  EXPECT_EQ(x.end_x, 5u);
  EXPECT_EQ(x.begin_y, 2u);
  EXPECT_EQ(x.end_y, 4u);
  const Unit c = Words({"nothing", "in", "common"});
  EXPECT_EQ(BestAlignedWindow(w, a.stems, c.stems).words, 0u);
}

TEST(PairFeaturesTest, LowerRarestIsTheRarestWordOfWhatIsSaid) {
  // Shared names only: 0; a shared lower-case word: its idf over ln N.
  const Unit a = Words({"Putin", "Trump", "met", "Helsinki"});
  const Unit b = Words({"Putin", "Trump", "talked", "Moscow"});
  EXPECT_EQ(Features(a, b)[kFeatLowerRarest], 0.0);
  const Unit c = Words({"Putin", "Trump", "met", "Moscow"});
  const WeightedSets w = Idf({&a, &c}, 8);
  const PairFeatureVector f =
      ComputePairFeatures(w, UnitWords{a.stems, a.kinds}, UnitWords{c.stems, c.kinds}, nullptr);
  EXPECT_NEAR(f[kFeatLowerRarest], w.IdfOf(a.stems[2]) / w.MaxIdf(), 1e-9);
  EXPECT_GT(f[kFeatLowerRarest], 0.0);
}

TEST(PairFeaturesTest, SynonymsPairUnsharedWords) {
  SynonymTable syn;
  syn.Add("probe", 7, 0);
  syn.Add("investigation", 7, 0);
  syn.Seal();
  EXPECT_TRUE(syn.AreSynonyms(SynonymTable::StemIdOf("probe", 0),
                              SynonymTable::StemIdOf("investigations", 0)));
  EXPECT_FALSE(
      syn.AreSynonyms(SynonymTable::StemIdOf("probe", 0), SynonymTable::StemIdOf("joint", 0)));
  const Unit a = Words({"joint", "probe"}), b = Words({"joint", "investigation"});
  EXPECT_GT(Features(a, b, &syn)[kFeatSynonyms], 0.3);
  EXPECT_EQ(Features(a, b, nullptr)[kFeatSynonyms], 0.0);
  // Names have no synonyms.
  const Unit c = Words({"joint", "Probe"});
  EXPECT_EQ(Features(c, b, &syn)[kFeatSynonyms], 0.0);
}

TEST(PairFeaturesTest, WordNetWhenInstalled) {
  const SynonymTable& t = SynonymTable::ForSeed(0);
  if (t.size() == 0) GTEST_SKIP() << "no WordNet data under " << SynonymTable::DefaultDirectory();
  EXPECT_TRUE(t.AreSynonyms(SynonymTable::StemIdOf("probe", 0),
                            SynonymTable::StemIdOf("investigation", 0)));
  EXPECT_EQ(&t, &SynonymTable::ForSeed(0));  // built once
}

TEST(PairFeaturesTest, EmptyUnitsGiveZeros) {
  const Unit a = Words({"grave"});
  const Unit empty;
  const PairFeatureVector f = Features(a, empty);
  for (size_t k = 0; k < kNumPairFeatures; ++k) EXPECT_EQ(f[k], 0.0) << PairFeatureName(k);
}

TEST(PairFeaturesTest, NamesAreStableAndDistinct) {
  for (size_t i = 0; i < kNumPairFeatures; ++i) {
    EXPECT_NE(PairFeatureName(i), "?");
    for (size_t j = 0; j < i; ++j) EXPECT_NE(PairFeatureName(i), PairFeatureName(j));
  }
  EXPECT_EQ(PairFeatureName(kNumPairFeatures), "?");
}

}  // namespace
}  // namespace neardup
