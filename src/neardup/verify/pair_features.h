// PairFeatures: the explainable evidence the reworded scorer weighs for one candidate pair of
// units (paragraphs or sentences): IDF-weighted overlap, containments, order, rare words, word
// pairs, WordNet synonyms, numbers and names, lengths. Thread-safety: pure functions.
#ifndef NEARDUP_VERIFY_PAIR_FEATURES_H_
#define NEARDUP_VERIFY_PAIR_FEATURES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace neardup {

class WeightedSets;
class SynonymTable;

// One unit's content stems in text order and the WordKind of each (fingerprint.h).
struct UnitWords {
  std::span<const uint32_t> stems;
  std::span<const uint8_t> kinds;  // same length as stems (empty: every word kWordOther)
  double share = 1;                // a sentence: its share of its paragraph's content words
  bool sentence = false;           // judged at the sentence level (SentenceMatcher)
  uint32_t candidates = 0;         // candidate pairs the unit is in at its level (its degree)
};

// The features, each a number the scorer weighs (scorer.h). All are scale-free (shares, ratios,
// idf over the largest idf of the corpus), so one model serves corpora of any size.
enum PairFeature : size_t {
  kFeatSimilarity,     // shared idf weight / geometric mean of the two units' weights
  kFeatContainMin,     // the smaller of shared weight / weight(a) and / weight(b)
  kFeatContainMax,     // the larger of the two: a short unit inside a long one
  kFeatInOrder,        // heaviest common subsequence / shared weight: told in one order
  kFeatRarest,         // idf of the rarest shared stem / MaxIdf: a word of its own
  kFeatRareShared,     // ln(1 + shared stems held by at most sqrt(N) units)
  kFeatBigrams,        // shared content-word bigrams / the fewer bigrams of the two
  kFeatSynonyms,       // weight of unshared words WordNet pairs up / geometric mean
  kFeatNumbersAgree,   // 1 if both hold a number and they share one
  kFeatNumbersClash,   // 1 if each holds a number the other lacks
  kFeatNamesMissing,   // the larger share of a unit's weight in names the other lacks
  kFeatLengthRatio,    // fewer content words / more content words
  kFeatShortSide,      // 1 / (content words of the smaller unit): little evidence
  kFeatLowerShared,    // share of the shared weight written in lower case in both: what is said
  kFeatWindow,         // the best local alignment (a clause quoted inside other text): matched
                       // weight over the geometric mean of the two aligned windows' weights
  kFeatWindowShare,    // that matched weight / the lighter unit's weight: how much of it
  kFeatWindowWords,    // ln(1 + words matched in the window)
  kFeatSharedWords,    // ln(1 + distinct content stems the two share)
  kFeatFragments,      // 1 - the larger UnitWords::share: two sentences that are both a small
                       // part of paragraphs saying other things
  kFeatLowerWords,     // ln(1 + shared stems written in lower case in both): what is said,
                       // counted (sibling stories share their cast's names, not their words)
  kFeatSentenceLevel,  // 1 for a pair of sentences (the sentence level compares many more
                       // pairs, so a match there is rarer a priori), 0 for paragraphs
  kFeatCandidates,     // ln(1 + the mean of the two units' candidate counts): a unit compared
                       // with many others (a topic's common sentence) copies any one less often
  kNumPairFeatures
};

// Stable names, used by the weights file, --explain and the JSONL report.
std::string_view PairFeatureName(size_t feature);

using PairFeatureVector = std::array<double, kNumPairFeatures>;

// The features of units a and b. `idf`: the IDF of the level the pair is judged at (paragraphs or
// sentences), built over all the corpus's units of that level (a stem it does not hold weighs
// MaxIdf). `synonyms`: may be null or empty (kFeatSynonyms is then 0). Units without content words
// give all zeros. Cost: O(n m) for n and m content words (the in-order share; above 2^18 word
// pairs it is taken as 1), plus O((n + m) log(n + m)).
PairFeatureVector ComputePairFeatures(const WeightedSets& idf, const UnitWords& a,
                                      const UnitWords& b, const SynonymTable* synonyms);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_PAIR_FEATURES_H_
