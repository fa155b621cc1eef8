// PairFeatures: the explainable evidence the reworded scorer weighs for one candidate pair of
// units (paragraphs or sentences): IDF-weighted overlap, containments, order, rare words, word
// pairs, WordNet synonyms, numbers and names, lengths. Thread-safety: pure functions.
#ifndef NEARDUP_VERIFY_PAIR_FEATURES_H_
#define NEARDUP_VERIFY_PAIR_FEATURES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

namespace neardup {

class WeightedSets;
class SynonymTable;

// One unit's content stems in text order and the WordKind of each (fingerprint.h).
struct UnitWords {
  std::span<const uint32_t> stems;
  std::span<const uint8_t> kinds;  // same length as stems (empty: every word kWordOther), each
                                   // a WordKind, | kWordQuoted inside quotation marks
  double share = 1;                // a sentence: its share of its paragraph's content words
  bool sentence = false;           // judged at the sentence level (SentenceMatcher)
  uint32_t candidates = 0;         // candidate pairs the unit is in at its level (its degree)
  bool clause = false;             // judged at the clause level (ClauseMatcher)
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
  kFeatLowerRarest,    // idf of the rarest shared stem written in lower case in both / MaxIdf: a
                       // word of its own in what is said (not only in who says it)
  kFeatClauseLevel,    // 1 for a pair of clauses (clause_matcher.h: the aligned stretch of two
                       // sentences, with context), 0 otherwise
  kFeatQuoted,         // a clause pair: 1 when every shared stem lies inside quotation marks
                       // (kWordQuoted) in both clauses; clause_matcher.cc also sets 1 when the
                       // aligned stretch holds a whole quotation of one text; 0 for the others
  kNumPairFeatures
};

// Stable names, used by the weights file, --explain and the JSONL report.
// Also declared in the public scan_result.h; repeated here so verify/ needs no scan-level header.
std::string_view PairFeatureName(size_t feature);  // NOLINT(readability-redundant-declaration)

using PairFeatureVector = std::array<double, kNumPairFeatures>;

// The features of units a and b. `idf`: the IDF of the level the pair is judged at (paragraphs or
// sentences), built over all the corpus's units of that level (a stem it does not hold weighs
// MaxIdf). `synonyms`: may be null or empty (kFeatSynonyms is then 0). Units without content words
// give all zeros. Cost: ComputeSetFeatures plus AddSequenceFeatures.
PairFeatureVector ComputePairFeatures(const WeightedSets& idf, const UnitWords& a,
                                      const UnitWords& b, const SynonymTable* synonyms);

// What the merge of two units' distinct stems adds up, in stem order: ComputeSetFeatures and its
// fast path UnitProfiles::SetFeatures both fill one and finish the features from it.
struct SetSums {
  double weight_a = 0, weight_b = 0;  // idf of each unit's distinct stems
  double shared = 0, shared_lower = 0, rarest = 0, rare_shared = 0, lower_rarest = 0;
  size_t quoted_a = 0, quoted_b = 0;  // shared stems quoted in a, in b
  size_t shared_count = 0, lower_count = 0;
  bool numbers_a = false, numbers_b = false, number_shared = false;
  bool number_only_a = false, number_only_b = false;
  double names_only_a = 0, names_only_b = 0;
};

// The same in two steps, so a caller can stop after the cheap one (Scorer::UpperLogit).
// ComputeSetFeatures: every feature but the sequence features (IsSequenceFeature), which it
// leaves 0. O((n + m) log(n + m)) plus the synonyms' lookups.
// `worth_synonyms` (may be null): called before the synonyms are looked up with the features so
// far and the most kFeatSynonyms could be; when it returns false they are not (the feature stays
// 0) and totals->pruned is set.
struct PairTotals {
  double shared = 0, weight_a = 0, weight_b = 0;  // idf weights: shared, and of each unit
  uint32_t shared_occurrences_a = 0, shared_occurrences_b = 0;  // words of a shared stem
  uint32_t shared_stems = 0;                                    // distinct stems shared
  double rarest = 0;                                            // the largest idf of a shared stem
  bool pruned = false;
};
using SynonymHook = std::function<bool(const PairFeatureVector& partial, double max_synonyms)>;
PairFeatureVector ComputeSetFeatures(const WeightedSets& idf, const UnitWords& a,
                                     const UnitWords& b, const SynonymTable* synonyms,
                                     PairTotals* totals,
                                     const SynonymHook* worth_synonyms = nullptr);

// The set features that follow from the sums of a pair of units of `words_a` and `words_b`
// distinct stems (all but the synonyms and the sequence features), written into `f_out`; `totals`
// gets the shared and unit weights. Returns the pair's geometric-mean weight (the synonyms'
// denominator). O(1).
double FinishSetFeatures(const SetSums& sums, double max_idf, size_t words_a, size_t words_b,
                         const UnitWords& a, const UnitWords& b, PairTotals* totals,
                         PairFeatureVector* f_out);

// Fills the sequence features: in_order, bigrams and the window. O(n m) (above 2^18 word pairs
// in_order is taken as 1 and the window as none).
void AddSequenceFeatures(const WeightedSets& idf, const UnitWords& a, const UnitWords& b,
                         const PairTotals& totals, PairFeatureVector* f);
// The best local alignment of two stem sequences (Smith-Waterman: a match adds its idf, a
// mismatch or gap subtracts half the idf of the word skipped): x[begin_x, end_x) aligned with
// y[begin_y, end_y), matching `words` stems of weight `matched`; words == 0 when nothing aligns.
// O(n m) time at most (see below); per-thread scratch of n m bytes up to 4 MiB, O(m) past it.
struct AlignedWindow {
  double matched = 0, weight_x = 0, weight_y = 0;
  uint32_t words = 0;
  uint32_t begin_x = 0, end_x = 0, begin_y = 0, end_y = 0;
};
// Computed by LocalAligner (local_alignment.h) over the cells that may lie on a best alignment:
// the same result, bit for bit, as ScalarAlignedWindow, the scalar reference (one cell after
// another over the whole table, each carrying its alignment's sums), kept for tests and benches.
AlignedWindow BestAlignedWindow(const WeightedSets& idf, std::span<const uint32_t> x,
                                std::span<const uint32_t> y);
AlignedWindow ScalarAlignedWindow(const WeightedSets& idf, std::span<const uint32_t> x,
                                  std::span<const uint32_t> y);

// Whether AddSequenceFeatures computes `feature`, and the largest value it can take given what
// ComputeSetFeatures found (all of them are in [0, 1] but window_words).
bool IsSequenceFeature(size_t feature);
double MaxSequenceFeature(size_t feature, const PairTotals& totals);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_PAIR_FEATURES_H_
