// WeightedSets: the reworded-mode verifier. IDF weights of content-stem features computed on the
// corpus being scanned, and the weighted overlap of two feature sets normalised by the geometric
// mean of their weights (the null sample it is judged against: null_sample.h).
// Thread-safety: immutable after Build(); Overlap may be called from any thread.
#ifndef NEARDUP_WEIGHTED_OVERLAP_H_
#define NEARDUP_WEIGHTED_OVERLAP_H_

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

namespace neardup {

// One feature's part in a scorer decision (verify/scorer.h): which PairFeature, its value, and
// what it added to the log-odds.
struct ScoreReason {
  uint8_t feature = 0;
  float value = 0;
  float logit = 0;
};

struct WeightedOverlap {
  double shared_weight = 0;  // sum of idf over the shared features
  uint32_t shared = 0;       // shared features
  double similarity = 0;     // shared_weight / sqrt(weight(a) * weight(b)), in [0, 1]
  double containment_a = 0;  // shared_weight / weight(a): share of a found in b
  double containment_b = 0;  // shared_weight / weight(b)
  double global = 0;         // the bag-of-words score
  double rarest_shared = 0;  // the largest idf among the shared features (0: none shared)
  double local = 0;          // best local alignment score (0 when none qualifies)
  double threshold = 0;      // filled by the caller: what the pair was judged against
  // Filled by the caller when the scorer judged the pair: its probability and the strongest
  // contributions, reasons[0..reason_count).
  double probability = 0;
  std::array<ScoreReason, 3> reasons{};
  uint8_t reason_count = 0;
  // Filled by the caller when the pair was kept as near-verbatim text (scan/verify_reworded.h):
  // the Jaccard similarity of the two texts' word k-gram shingles, lexical mode's measure; 0
  // otherwise.
  double verbatim = 0;
};

// What two ascending, duplicate-free id lists share: the idf (idf[id]) of the shared ids added
// up in ascending id order, their number, and the largest of them (0 when none).
struct SharedIds {
  double weight = 0;
  uint32_t count = 0;
  float rarest = 0;
};
// SumSharedScalar: the reference, a merge one id at a time without branches. SumShared: the same
// three values bit for bit, comparing four ids of each list at once (SSE2; the reference where it
// is missing). O(|x| + |y|); SumShared about a quarter of the steps on lists of similar length.
SharedIds SumSharedScalar(std::span<const uint32_t> x, std::span<const uint32_t> y,
                          const float* idf);
SharedIds SumShared(std::span<const uint32_t> x, std::span<const uint32_t> y, const float* idf);

class WeightedSets {
 public:
  // sets[i]: ascending, duplicate-free feature ids of item i. The document frequency of a
  // feature is the number of items holding it; idf = ln(N / df) with N = sets.size() (so a
  // feature every item holds weighs 0). Cost: O(F + V log V) for F features in all and V distinct
  // ones, on the cores of the calling task arena (the result does not depend on their number).
  void Build(const std::vector<std::span<const uint32_t>>& sets);

  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  double Weight(uint32_t i) const { return weight_[i]; }
  uint32_t Features(uint32_t i) const {
    return static_cast<uint32_t>(offsets_[i + 1] - offsets_[i]);
  }
  // The weighted overlap of items a and b. similarity = max(global, local): `global` compares the
  // two feature sets; `local` is the best local alignment (Smith-Waterman over the items' content
  // words in text order, match +idf, mismatch and gap -idf/2 of the skipped word) whose region
  // matches at least `min_local_words` content words of each side and aligns at least half of the
  // lighter item's weight, scored as the aligned weight
  // over the geometric mean of the two regions' weights — so a rewritten sentence inside a longer
  // paragraph is scored on the sentence. min_local_words = 0 or no sequences: global only.
  // `local_below`: the local alignment is only computed when the global score is under it (a pair
  // that passes on its whole sets needs no rescue; its `local` is then 0).
  // `local_min_rarest`: nor unless a shared feature has at least this idf (a rewritten sentence
  // keeps a word of its own; two paragraphs on one topic may share only its common words).
  WeightedOverlap Overlap(uint32_t a, uint32_t b, uint32_t min_local_words = 0,
                          double local_below = 2.0, double local_min_rarest = 0) const;
  // Overlap(a, b) with its default arguments from what a merge of the two items' features found
  // (UnitProfiles::SetFeatures): the shared features' idf added up in ascending feature order,
  // their number and the largest of them. The same result, bit for bit. O(1).
  WeightedOverlap OverlapFrom(uint32_t a, uint32_t b, double shared_weight, uint32_t shared,
                              double rarest_shared) const;

  // The share of the weight items a and b share that they share in one common order: the
  // heaviest common subsequence of seq_a and seq_b (the two items' content words in text order,
  // as feature ids given to Build; each word weighs its idf, ids Build did not see are skipped)
  // over the shared weight of their sets, capped at 1. Near 1 when one text was edited from the
  // other, lower when the words the two share are told in another order (two stories naming one
  // cast). 0 when they share no weight; 1 when the sequences hold more than kMaxInOrderCells
  // word pairs (long texts are not penalised). O(n m) for n and m words.
  static constexpr uint64_t kMaxInOrderCells = uint64_t{1} << 18;
  double InOrderShare(uint32_t a, uint32_t b, std::span<const uint32_t> seq_a,
                      std::span<const uint32_t> seq_b) const;

  // The weight items a and b share in place: the heaviest common subsequence of their content
  // words (SetSequences) in which word i of a (n words) matches word j of b (m words) only near
  // the diagonal, |(j + 1/2) - (i + 1/2) m / n| <= max(min_band, band_share * max(n, m)), over
  // the geometric mean of the two items' weights, capped at 1. What an outlet's copy keeps of a
  // paragraph when it swaps words for others in place; words two paragraphs on one story share
  // at other places do not count. 0 without sequences or above kMaxInOrderCells word pairs.
  // O(n m).
  double DiagonalScore(uint32_t a, uint32_t b, double band_share, uint32_t min_band) const;

  // The content words of every item in text order (offsets: size() + 1 entries), for the local
  // score. Ids not seen by Build are ignored. Runs on the cores of the calling task arena.
  void SetSequences(const std::vector<uint64_t>& offsets, const std::vector<uint32_t>& ids);

  // Every pair (a, b), a < b, of items holding a common feature whose idf is at least min_idf
  // (so no pair left out has an Overlap with rarest_shared >= min_idf) and for which keep(a, b)
  // is true: sorted, unique. keep is called concurrently, on the cores of the calling task arena.
  // Cost: O(F) plus one keep call per pair of items of each such feature, at most
  // F * N * e^-min_idf / 2 calls in all for F features held and N items.
  std::vector<std::pair<uint32_t, uint32_t>> PairsSharingRareFeature(
      double min_idf, const std::function<bool(uint32_t, uint32_t)>& keep) const;

  // Hints the memory system that item i's features will be read soon: PrefetchIndex loads the
  // position of its features, PrefetchFeatures (a few calls later) the features and the idf
  // weights they name are then fetched. No effect on any result.
  void PrefetchIndex(uint32_t i) const { __builtin_prefetch(offsets_.data() + i); }
  void PrefetchFeatures(uint32_t i) const { __builtin_prefetch(dense_.data() + offsets_[i]); }

  // The idf of feature id `feature` (as given to Build): ln(N / df); a feature Build did not see
  // weighs MaxIdf(), as if one item held it. O(1) expected (a hash lookup).
  double IdfOf(uint32_t feature) const {
    const uint32_t d = table_.Find(feature);
    return d == FeatureTable::kMissing ? MaxIdf() : static_cast<double>(idf_[d]);
  }
  // ln(N) for the N items of Build (at least ln 2): the idf of a feature one item holds.
  double MaxIdf() const { return std::log(std::max<double>(2.0, static_cast<double>(size()))); }

  // The dense view (verify/unit_profile.h): dense indices are the ranks of the feature ids Build
  // saw, so ascending dense order is ascending feature order. Item i's features as dense indices,
  // ascending; its content words in text order as dense indices (SetSequences; ids Build did not
  // see left out; empty without sequences); the idf and the feature id of dense index d. O(1).
  std::span<const uint32_t> DenseFeatures(uint32_t i) const {
    return {dense_.data() + offsets_[i], dense_.data() + offsets_[i + 1]};
  }
  std::span<const uint32_t> DenseSequence(uint32_t i) const {
    if (size_t{i} + 1 >= seq_offsets_.size()) return {};
    return {seq_.data() + seq_offsets_[i], seq_.data() + seq_offsets_[i + 1]};
  }
  uint64_t DenseOffset(uint32_t i) const { return offsets_[i]; }  // DenseFeatures(i) in all
  size_t dense_size() const { return dense_.size(); }
  float DenseIdf(uint32_t d) const { return idf_[d]; }
  uint32_t DenseFeatureId(uint32_t d) const { return vocab_[d]; }
  size_t vocabulary_size() const { return idf_.size(); }

  // Whether items a and b hold a common feature (stops at the first).
  bool SharesFeature(uint32_t a, uint32_t b) const;

  // Up to `samples` distinct random pairs of items (i, j), i != j, with item_doc[i] !=
  // item_doc[j], both holding between `lo` and `hi` - 1 features, that share at least one
  // feature: the unrelated pairs of this corpus the adaptive threshold is measured on.
  // Deterministic for a seed. When the items give at most 4 * samples pairs, every qualifying
  // pair is listed (a random subset of `samples` if more); otherwise pairs are drawn, giving up
  // after 20 * samples draws.
  std::vector<std::pair<uint32_t, uint32_t>> NullPairs(const std::vector<uint32_t>& item_doc,
                                                       size_t samples, uint64_t seed,
                                                       uint32_t lo = 0,
                                                       uint32_t hi = UINT32_MAX) const;

 private:
  // Open addressing from feature id to dense index (linear probing, load <= 1/2).
  class FeatureTable {
   public:
    static constexpr uint32_t kMissing = UINT32_MAX;
    void Reset(size_t expected);
    // The value of `key`, inserting `value` first if the key is new (growing as needed; a table
    // never Reset starts empty).
    uint32_t Insert(uint32_t key, uint32_t value);
    uint32_t Find(uint32_t key) const;  // kMissing if absent
   private:
    static constexpr uint64_t kEmpty =
        UINT64_MAX;                // key UINT32_MAX with value UINT32_MAX: never stored
    std::vector<uint64_t> slots_;  // key << 32 | value
    size_t size_ = 0;
  };
  FeatureTable table_;
  std::vector<uint64_t> offsets_;  // size() + 1
  std::vector<uint32_t> dense_;    // dense feature indices, ascending per item
  std::vector<float> idf_;         // per dense feature
  std::vector<uint32_t> vocab_;    // per dense feature: its feature id
  std::vector<double> weight_;     // per item: sum of its features' idf
  std::vector<uint64_t> seq_offsets_;
  std::vector<uint32_t> seq_;  // dense indices in text order

  double Local(uint32_t a, uint32_t b, uint32_t min_words) const;
  // The heaviest common subsequence (each match weighs its idf) of x and y, dense indices
  // (FeatureTable::kMissing never matches), matches restricted to the band as in DiagonalScore
  // (band = infinity: unrestricted). O(n m).
  double HeaviestCommonSubsequence(std::span<const uint32_t> x, std::span<const uint32_t> y,
                                   double band) const;
};

}  // namespace neardup

#endif  // NEARDUP_WEIGHTED_OVERLAP_H_
