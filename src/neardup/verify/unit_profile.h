// UnitProfiles: the reworded scorer's per-unit data, computed once per unit instead of once per
// candidate pair: each unit's distinct stems (as a WeightedSets' dense indices) with their kinds
// and counts, its words in text order, and every vocabulary word's WordNet synsets. Its feature
// functions give bit for bit what ComputeSetFeatures and AddSequenceFeatures (pair_features.h,
// the scalar reference) give, a few times faster (bench/pair_features_bench.cc).
// Thread-safety: immutable after Build; the feature functions may be called from any thread.
#ifndef NEARDUP_VERIFY_UNIT_PROFILE_H_
#define NEARDUP_VERIFY_UNIT_PROFILE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "neardup/verify/pair_features.h"

namespace neardup {

class WeightedSets;
class SynonymTable;
class Scorer;

class UnitProfiles {
 public:
  // Profiles the units of `weighted`, which must be built over the units' distinct content stems
  // (WeightedSets::Build, unit i = item i) with SetSequences over the same units' content stems
  // in text order. words_of(i): unit i's stems and kinds, as the caller passes them to the
  // feature functions. `wanted` (empty: every unit): only the units marked are profiled. A unit
  // not profiled, or whose words the weighted sets do not hold exactly (a word missing, more than
  // 15 copies of one stem), takes the reference path. `weighted` and `synonyms` (may be null)
  // must outlive this. Runs on the cores of the calling task arena. Cost: O(W log W) for W words,
  // plus two synonym lookups per vocabulary word and a sort of their synsets; memory one byte per
  // distinct stem of a unit, 8 bytes per vocabulary word and 4 per synset two of them share.
  void Build(const WeightedSets* weighted, const SynonymTable* synonyms, size_t units,
             const std::function<UnitWords(uint32_t)>& words_of, std::span<const char> wanted = {});

  // Whether the window's local alignment computes only the cells that may lie on a best
  // alignment (the default; the same result, bit for bit) or every cell (benchmarks, tests).
  void set_prune_windows(bool prune) { prune_windows_ = prune; }

  // Hints the memory system that unit i's per-stem kinds and counts will be read soon (after
  // WeightedSets::PrefetchIndex(i), whose offset it reads). No effect on any result.
  void Prefetch(uint32_t i) const;

  // Whether unit i is profiled (its pairs take the fast path).
  bool Profiled(uint32_t i) const { return i < profiled_.size() && profiled_[i] != 0; }

  // ComputeSetFeatures(*weighted, ua, ub, synonyms, totals, worth_synonyms) for units a and b
  // (ua, ub: their words as words_of gave them, with the caller's share / level / candidates).
  // The same result, bit for bit. O(n + m) for n and m distinct stems, plus the synonyms' small
  // sort when a synonym pair exists.
  PairFeatureVector SetFeatures(uint32_t a, uint32_t b, const UnitWords& ua, const UnitWords& ub,
                                PairTotals* totals,
                                const SynonymHook* worth_synonyms = nullptr) const;

  // AddSequenceFeatures(*weighted, ua, ub, totals, f) for units a and b, bit for bit, and true.
  // The in-order share comes from the two units' matching words alone (a sparse heaviest common
  // subsequence, O(r log n) for r matching position pairs), the window from one local alignment
  // (O(n m) time for n and m words, n m bytes of per-thread scratch, at most 2^18) traced back
  // once. `worth_window` (may be null): called with the in-order share and bigrams filled before
  // the window is computed; when it returns false the window features stay 0 and the result is
  // false (a caller's bound: the pair cannot be accepted whatever its window).
  using WindowHook = std::function<bool(const PairFeatureVector& partial)>;
  bool AddSequenceFeatures(uint32_t a, uint32_t b, const UnitWords& ua, const UnitWords& ub,
                           const PairTotals& totals, PairFeatureVector* f,
                           const WindowHook* worth_window = nullptr) const;

 private:
  // Per distinct stem of a unit (parallel to the weighted sets' dense features): its kind bits
  // (pair_features.cc's kBit*) in the low 3 bits, whether an occurrence is quoted in bit 3, its
  // count (1..15) above.
  static constexpr uint8_t kKindMask = 7;
  static constexpr unsigned kCountShift = 4;
  static constexpr uint32_t kMaxCount = 15;

  double Synonyms(uint32_t a, std::span<const uint32_t> da, std::span<const uint32_t> db,
                  const std::vector<uint32_t>& left_a, const std::vector<uint32_t>& left_b,
                  const uint8_t* bits_a, const uint8_t* bits_b) const;

  const WeightedSets* weighted_ = nullptr;
  const SynonymTable* synonyms_ = nullptr;
  std::vector<uint8_t> word_bits_;  // per distinct stem of every unit
  std::vector<char> profiled_;      // per unit
  // Per vocabulary word (dense index): its synsets that another vocabulary word holds too,
  // ascending: live_synsets_[live_offsets_[d], live_offsets_[d + 1]).
  std::span<const uint32_t> LiveSynsets(uint32_t d) const {
    return {live_synsets_.data() + live_offsets_[d], live_synsets_.data() + live_offsets_[d + 1]};
  }
  std::vector<uint64_t> live_offsets_{0};
  std::vector<uint32_t> live_synsets_;
  // Whether LiveSynsets(d) is not empty, one bit per vocabulary word (a few hundred KiB that stay
  // in cache, where live_offsets_ is 8 bytes a word).
  bool HasLive(uint32_t d) const { return (has_live_[d >> 6] >> (d & 63)) & 1; }
  std::vector<uint64_t> has_live_;
  uint32_t generation_ = 0;    // tells this object's units from another's in per-thread caches
  bool prune_windows_ = true;  // set_prune_windows
};

// The features of units a and b as far as a decision at log-odds min_logit under `scorer` needs
// them: the set features, the synonyms unless even their largest weight cannot lift the pair to
// min_logit, the sequence features unless the pair cannot reach it whatever its order, and the
// window unless WindowCanReach says it cannot. Returns false when the pair cannot reach min_logit
// (its features are then partial); true when *f holds every feature. With `all` every feature is
// computed (Options::record_scored) and the return value is the same. `totals` (may be null)
// gets the set features' totals (PairTotals), whatever the return value.
bool ScoreFeatures(const UnitProfiles& profiles, const Scorer& scorer, double min_logit, bool all,
                   uint32_t a, uint32_t b, const UnitWords& ua, const UnitWords& ub,
                   PairFeatureVector* f, PairTotals* totals = nullptr);

// Whether a pair whose features are `partial` (every feature but the window's: kFeatWindow,
// kFeatWindowShare, kFeatWindowWords, which are 0) may reach log-odds min_logit under `scorer`
// whatever its window: false only when even the window's largest possible contributions
// (MaxSequenceFeature) leave it under min_logit by a margin of 1e-9. O(kNumPairFeatures).
bool WindowCanReach(const Scorer& scorer, const PairFeatureVector& partial,
                    const PairTotals& totals, double min_logit);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_UNIT_PROFILE_H_
