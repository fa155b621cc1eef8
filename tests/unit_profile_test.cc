// Tests of UnitProfiles (verify/unit_profile.h): its features must equal the scalar reference
// (ComputeSetFeatures, AddSequenceFeatures) bit for bit on every pair of random corpora of edited
// copies, with and without synonyms, with a pruning hook, and on the units it leaves to the
// reference (long units, a stem repeated, words the weighted sets lack).

#include "neardup/verify/unit_profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "neardup/base/random.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

struct Corpus {
  std::vector<std::vector<uint32_t>> stems;
  std::vector<std::vector<uint8_t>> kinds;
};

uint32_t WordId(uint64_t k) { return SynonymTable::StemIdOf("w" + std::to_string(k), 0); }

// `units` units over a Zipf-like vocabulary of `vocab` words; every third unit an edited copy of
// an earlier one (words substituted, dropped, inserted, two swapped), so near-copies, reordered
// copies and unrelated pairs all occur.
Corpus RandomCorpus(size_t units, uint64_t vocab, uint64_t seed) {
  Corpus c;
  uint64_t state = seed;
  auto next = [&](uint64_t n) { return SplitMix64(&state) % n; };
  auto word = [&] {
    const uint64_t r = next(vocab);
    return WordId(next(2) ? r : r % (1 + vocab / 16));  // half from the common words
  };
  for (size_t u = 0; u < units; ++u) {
    std::vector<uint32_t> s;
    std::vector<uint8_t> k;
    if (u >= 3 && u % 3 == 0) {
      const size_t from = next(u);
      for (size_t i = 0; i < c.stems[from].size(); ++i) {
        const uint64_t e = next(10);
        if (e == 0) continue;                             // dropped
        if (e == 1) s.push_back(word()), k.push_back(1);  // inserted
        s.push_back(e == 2 ? word() : c.stems[from][i]);
        k.push_back(e == 3 ? static_cast<uint8_t>(next(4)) : c.kinds[from][i]);
      }
      if (s.size() > 3 && next(2)) std::swap(s[1], s[s.size() - 2]);
    } else {
      const size_t n = 1 + next(next(8) == 0 ? 120 : 40);
      for (size_t i = 0; i < n; ++i) {
        s.push_back(word());
        const uint64_t kind = next(5) < 3 ? uint64_t{kWordLower} : next(4);
        k.push_back(static_cast<uint8_t>(kind | (next(3) == 0 ? kWordQuoted : 0)));  // quoted
      }
    }
    c.stems.push_back(s);
    c.kinds.push_back(k);
  }
  return c;
}

// The weighted sets of a corpus (distinct stems per unit, sequences in text order).
void BuildSets(const Corpus& c, WeightedSets* w, std::vector<std::vector<uint32_t>>* sets) {
  sets->clear();
  std::vector<uint64_t> offsets{0};
  std::vector<uint32_t> ids;
  for (const auto& s : c.stems) {
    std::vector<uint32_t> set = s;
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    sets->push_back(set);
    ids.insert(ids.end(), s.begin(), s.end());
    offsets.push_back(ids.size());
  }
  std::vector<std::span<const uint32_t>> spans(sets->begin(), sets->end());
  w->Build(spans);
  w->SetSequences(offsets, ids);
}

// A synonym table pairing some of the vocabulary's words in small synsets.
void RandomSynonyms(uint64_t vocab, uint64_t seed, SynonymTable* t) {
  uint64_t state = seed;
  for (uint64_t k = 0; k < vocab; ++k) {
    const uint64_t r = SplitMix64(&state) % 4;
    for (uint64_t q = 0; q < r; ++q) {
      t->Add("w" + std::to_string(k), static_cast<uint32_t>(SplitMix64(&state) % (vocab / 3)), 0);
    }
  }
  t->Seal();
}

void ExpectSame(const PairFeatureVector& want, const PairFeatureVector& got, const char* what) {
  for (size_t k = 0; k < kNumPairFeatures; ++k) {
    // Bit for bit, not near: the output must not change by a last digit.
    EXPECT_EQ(std::memcmp(&want[k], &got[k], sizeof(double)), 0)
        << what << " " << PairFeatureName(k) << ": " << want[k] << " vs " << got[k];
  }
}

// Every pair of units: the profile's features against the reference's.
void CompareAllPairs(const Corpus& c, const SynonymTable* syn, bool with_hook) {
  WeightedSets w;
  std::vector<std::vector<uint32_t>> sets;
  BuildSets(c, &w, &sets);
  auto words_of = [&](uint32_t i) {
    return UnitWords{c.stems[i], c.kinds[i], 0.25 + 0.5 * (i % 3), i % 2 == 0, i % 7};
  };
  UnitProfiles p;
  p.Build(&w, syn, c.stems.size(), words_of);
  // A hook that prunes some pairs, recording what it was shown.
  std::vector<double> shown;
  const SynonymHook hook = [&](const PairFeatureVector& partial, double max_synonyms) {
    shown.push_back(max_synonyms);
    shown.push_back(partial[kFeatSimilarity]);
    return partial[kFeatContainMax] + max_synonyms > 0.4;
  };
  for (uint32_t a = 0; a < c.stems.size(); ++a) {
    for (uint32_t b = 0; b < c.stems.size(); ++b) {
      SCOPED_TRACE(testing::Message() << "units " << a << " " << b);
      const UnitWords ua = words_of(a), ub = words_of(b);
      PairTotals want_t, got_t;
      shown.clear();
      PairFeatureVector want =
          ComputeSetFeatures(w, ua, ub, syn, &want_t, with_hook ? &hook : nullptr);
      const std::vector<double> want_shown = shown;
      shown.clear();
      PairFeatureVector got = p.SetFeatures(a, b, ua, ub, &got_t, with_hook ? &hook : nullptr);
      EXPECT_EQ(want_shown, shown);
      ExpectSame(want, got, "set");
      EXPECT_EQ(std::memcmp(&want_t.shared, &got_t.shared, sizeof(double)), 0);
      EXPECT_EQ(want_t.weight_a, got_t.weight_a);
      EXPECT_EQ(want_t.weight_b, got_t.weight_b);
      EXPECT_EQ(want_t.shared_occurrences_a, got_t.shared_occurrences_a);
      EXPECT_EQ(want_t.shared_occurrences_b, got_t.shared_occurrences_b);
      EXPECT_EQ(want_t.pruned, got_t.pruned);
      EXPECT_EQ(want_t.shared_stems, got_t.shared_stems);
      EXPECT_EQ(want_t.rarest, got_t.rarest);
      if (p.Profiled(a) && p.Profiled(b)) {  // the verifier's overlap from the same merge
        const WeightedOverlap o = w.Overlap(a, b),
                              from = w.OverlapFrom(a, b, got_t.shared, got_t.shared_stems,
                                                   got_t.rarest);
        for (const auto field :
             {&WeightedOverlap::shared_weight, &WeightedOverlap::similarity,
              &WeightedOverlap::containment_a, &WeightedOverlap::containment_b,
              &WeightedOverlap::global, &WeightedOverlap::rarest_shared, &WeightedOverlap::local}) {
          EXPECT_EQ(std::memcmp(&(o.*field), &(from.*field), sizeof(double)), 0);
        }
        EXPECT_EQ(o.shared, from.shared);
      }
      AddSequenceFeatures(w, ua, ub, want_t, &want);
      p.AddSequenceFeatures(a, b, ua, ub, got_t, &got);
      ExpectSame(want, got, "sequence");
      // The reference's window is LocalAligner's too: it must be the scalar table's.
      const AlignedWindow fast = BestAlignedWindow(w, ua.stems, ub.stems),
                          scalar = ScalarAlignedWindow(w, ua.stems, ub.stems);
      EXPECT_EQ(std::memcmp(&fast.matched, &scalar.matched, sizeof(double)), 0);
      EXPECT_EQ(std::memcmp(&fast.weight_x, &scalar.weight_x, sizeof(double)), 0);
      EXPECT_EQ(std::memcmp(&fast.weight_y, &scalar.weight_y, sizeof(double)), 0);
      EXPECT_EQ(fast.words, scalar.words);
      if (testing::Test::HasFailure()) return;
    }
  }
}

TEST(UnitProfileTest, SameAsTheReferenceWithoutSynonyms) {
  CompareAllPairs(RandomCorpus(90, 300, 1), nullptr, false);
}

TEST(UnitProfileTest, SameAsTheReferenceWithSynonyms) {
  SynonymTable syn;
  RandomSynonyms(300, 2, &syn);
  CompareAllPairs(RandomCorpus(90, 300, 3), &syn, false);
  CompareAllPairs(RandomCorpus(60, 80, 4), &syn, true);  // a small vocabulary: many synonyms
}

TEST(UnitProfileTest, SameAsTheReferenceWhenScoresTie) {
  // Every word in exactly two units (a pair of units over a vocabulary of their own): every idf
  // is the same, so alignment scores tie often and the tie rules decide the window.
  Corpus c;
  uint64_t state = 9;
  for (uint64_t pair = 0; pair < 40; ++pair) {
    const uint64_t vocab = 2 + SplitMix64(&state) % 4;
    for (int side = 0; side < 2; ++side) {
      std::vector<uint32_t> s;
      for (uint64_t i = 0; i < vocab; ++i) s.push_back(WordId(1000 * pair + i));  // each once
      const uint64_t more = SplitMix64(&state) % 16;
      for (uint64_t i = 0; i < more; ++i) {
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(SplitMix64(&state) % s.size()),
                 WordId(1000 * pair + SplitMix64(&state) % vocab));
      }
      c.stems.push_back(s);
      c.kinds.emplace_back(s.size(), kWordLower);
    }
  }
  CompareAllPairs(c, nullptr, false);
}

TEST(UnitProfileTest, UnitsLeftToTheReference) {
  Corpus c = RandomCorpus(12, 60, 5);
  c.stems.push_back(std::vector<uint32_t>(40, WordId(3)));  // one stem 40 times
  c.kinds.push_back(std::vector<uint8_t>(40, kWordLower));
  c.stems.push_back({});  // no words
  c.kinds.push_back({});
  for (int n : {600, 520}) {  // above 2^18 word pairs together
    std::vector<uint32_t> s;
    for (int i = 0; i < n; ++i) s.push_back(WordId(static_cast<uint64_t>(i % 50)));
    c.stems.push_back(s);
    c.kinds.push_back(std::vector<uint8_t>(s.size(), kWordLower));
  }
  SynonymTable syn;
  RandomSynonyms(60, 6, &syn);
  CompareAllPairs(c, &syn, false);
  WeightedSets w;
  std::vector<std::vector<uint32_t>> sets;
  BuildSets(c, &w, &sets);
  UnitProfiles p;
  p.Build(&w, &syn, c.stems.size(), [&](uint32_t i) { return UnitWords{c.stems[i], c.kinds[i]}; });
  EXPECT_TRUE(p.Profiled(0));
  EXPECT_FALSE(p.Profiled(12));  // 40 copies of a stem: more than a profile counts
  EXPECT_FALSE(p.Profiled(13));  // empty
  EXPECT_TRUE(p.Profiled(14));
}

TEST(UnitProfileTest, WordsTheSetsLackGoToTheReference) {
  const Corpus c = RandomCorpus(20, 100, 7);
  WeightedSets w;
  std::vector<std::vector<uint32_t>> sets;
  BuildSets(c, &w, &sets);
  // Unit 0 as the caller sees it holds a word the weighted sets never saw.
  std::vector<uint32_t> s0 = c.stems[0];
  std::vector<uint8_t> k0 = c.kinds[0];
  s0.push_back(WordId(999999));
  k0.push_back(kWordLower);
  auto words_of = [&](uint32_t i) {
    return i == 0 ? UnitWords{s0, k0} : UnitWords{c.stems[i], c.kinds[i]};
  };
  UnitProfiles p;
  p.Build(&w, nullptr, c.stems.size(), words_of);
  EXPECT_FALSE(p.Profiled(0));
  for (uint32_t b = 1; b < c.stems.size(); ++b) {
    PairTotals want_t, got_t;
    PairFeatureVector want = ComputeSetFeatures(w, words_of(0), words_of(b), nullptr, &want_t);
    PairFeatureVector got = p.SetFeatures(0, b, words_of(0), words_of(b), &got_t);
    AddSequenceFeatures(w, words_of(0), words_of(b), want_t, &want);
    p.AddSequenceFeatures(0, b, words_of(0), words_of(b), got_t, &got);
    ExpectSame(want, got, "unprofiled");
  }
}

TEST(UnitProfileTest, OnlyWantedUnitsAreProfiled) {
  const Corpus c = RandomCorpus(10, 500, 8);  // no stem 16 times in a unit
  WeightedSets w;
  std::vector<std::vector<uint32_t>> sets;
  BuildSets(c, &w, &sets);
  std::vector<char> wanted(c.stems.size(), 0);
  wanted[2] = wanted[5] = 1;
  UnitProfiles p;
  p.Build(
      &w, nullptr, c.stems.size(),
      [&](uint32_t i) {
        return UnitWords{c.stems[i], c.kinds[i]};
      },
      wanted);
  for (uint32_t i = 0; i < c.stems.size(); ++i) EXPECT_EQ(p.Profiled(i), i == 2 || i == 5) << i;
}

}  // namespace
}  // namespace neardup
