// UnitProfiles: per-unit kinds, counts and synsets; the pair features from them, computed in the
// same order and with the same arithmetic as pair_features.cc so every value is the same double.

#include "neardup/verify/unit_profile.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/scorer.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

// As pair_features.cc: kind bits of a distinct stem over its occurrences; kBitQuoted lies
// outside UnitProfiles::kKindMask.
constexpr uint8_t kBitLower = 1, kBitNumber = 2, kBitName = 4, kBitQuoted = 8;

uint8_t BitsOfKind(uint8_t flags) {
  if ((flags & kWordQuoted) != 0) {
    return static_cast<uint8_t>(kBitQuoted | BitsOfKind(flags & kWordKindMask));
  }
  const uint8_t kind = flags;
  if (kind == kWordLower) return kBitLower;
  if (kind == kWordNumber) return kBitNumber;
  if (kind == kWordName) return kBitName;
  return 0;
}

// Per-thread buffers of the feature functions (no allocation per pair once warm).
struct Scratch {
  std::vector<uint32_t> left_a, left_b;            // unshared stems: positions in the unit
  std::vector<std::pair<uint32_t, uint32_t>> syn;  // synonym edges (position in a, in b)
  std::vector<uint32_t> syn_b;                     // b's unshared words that have synsets
  std::vector<char> used;
  // The synsets of one unit's words (the last `a` asked for: candidates come sorted by their
  // first unit, so one unit is met many times in a row): (synset, position) sorted, and an open
  // addressing table from synset to its first entry there.
  uint64_t synsets_of = UINT64_MAX;  // generation << 32 | unit
  std::vector<std::pair<uint32_t, uint32_t>> unit_synsets;
  std::vector<uint64_t> synset_slots;  // synset << 32 | first entry; kEmptySlot when empty
  std::vector<char> unshared_a;
};
constexpr uint64_t kEmptySlot = UINT64_MAX;
uint64_t SlotOf(uint32_t synset, size_t mask) {
  return (uint64_t{synset} * 0x9E3779B97F4A7C15ULL >> 32) & mask;
}
Scratch& LocalScratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

void UnitProfiles::Build(const WeightedSets* weighted, const SynonymTable* synonyms, size_t units,
                         const std::function<UnitWords(uint32_t)>& words_of,
                         std::span<const char> wanted) {
  static std::atomic<uint32_t> generations{0};
  generation_ = generations.fetch_add(1) + 1;
  weighted_ = weighted;
  synonyms_ = synonyms;
  const WeightedSets& w = *weighted;
  word_bits_.assign(w.dense_size(), 0);
  profiled_.assign(units, 0);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, units, 1024), [&](const auto& r) {
    for (size_t u = r.begin(); u < r.end(); ++u) {
      if (!wanted.empty() && !wanted[u]) continue;
      const auto i = static_cast<uint32_t>(u);
      const UnitWords words = words_of(i);
      const std::span<const uint32_t> set = w.DenseFeatures(i), seq = w.DenseSequence(i);
      if (seq.size() != words.stems.size() || words.stems.empty()) continue;
      uint8_t* bits = word_bits_.data() + w.DenseOffset(i);
      bool exact = true;
      for (size_t k = 0; k < seq.size() && exact; ++k) {
        const auto at = std::lower_bound(set.begin(), set.end(), seq[k]);
        // The stem the weighted sets hold at this place must be this word's (a missing word
        // would be skipped by the sequence and not compared as itself).
        if (at == set.end() || *at != seq[k] || w.DenseFeatureId(seq[k]) != words.stems[k]) {
          exact = false;
          break;
        }
        uint8_t& b = bits[at - set.begin()];
        const uint32_t count = (b >> kCountShift) + 1u;
        if (count > kMaxCount) exact = false;
        const uint8_t kind = k < words.kinds.size() ? words.kinds[k] : uint8_t{kWordOther};
        b = static_cast<uint8_t>((count << kCountShift) | (b & (kKindMask | kBitQuoted)) |
                                 BitsOfKind(kind));
      }
      for (size_t k = 0; k < set.size() && exact; ++k) exact = (bits[k] >> kCountShift) > 0;
      profiled_[u] = exact ? 1 : 0;
    }
  });
  live_offsets_.assign(1, 0);
  live_synsets_.clear();
  has_live_.clear();
  if (synonyms == nullptr || synonyms->size() == 0) return;
  // Only a synset two words of the vocabulary hold can pair two different words: each word keeps
  // those of its synsets (most of WordNet's senses of a word are held by no other word here).
  const size_t v = w.vocabulary_size();
  std::vector<uint32_t> held;
  for (size_t d = 0; d < v; ++d) {
    for (const auto& e : synonyms->EntriesOf(w.DenseFeatureId(static_cast<uint32_t>(d)))) {
      held.push_back(e.second);
    }
  }
  std::sort(held.begin(), held.end());
  live_offsets_.assign(v + 1, 0);
  for (size_t d = 0; d < v; ++d) {
    for (const auto& e : synonyms->EntriesOf(w.DenseFeatureId(static_cast<uint32_t>(d)))) {
      const auto [lo, hi] = std::equal_range(held.begin(), held.end(), e.second);
      if (hi - lo >= 2) live_synsets_.push_back(e.second);
    }
    live_offsets_[d + 1] = live_synsets_.size();
  }
  has_live_.assign(v / 64 + 1, 0);
  for (size_t d = 0; d < v; ++d) {
    if (live_offsets_[d + 1] > live_offsets_[d]) has_live_[d >> 6] |= uint64_t{1} << (d & 63);
  }
}

void UnitProfiles::Prefetch(uint32_t i) const {
  if (i < profiled_.size()) __builtin_prefetch(word_bits_.data() + weighted_->DenseOffset(i));
}

PairFeatureVector UnitProfiles::SetFeatures(uint32_t a, uint32_t b, const UnitWords& ua,
                                            const UnitWords& ub, PairTotals* totals,
                                            const SynonymHook* worth_synonyms) const {
  if (!Profiled(a) || !Profiled(b)) {
    return ComputeSetFeatures(*weighted_, ua, ub, synonyms_, totals, worth_synonyms);
  }
  PairFeatureVector f{};
  *totals = PairTotals();
  if (ua.stems.empty() || ub.stems.empty()) return f;
  const WeightedSets& w = *weighted_;
  const std::span<const uint32_t> da = w.DenseFeatures(a), db = w.DenseFeatures(b);
  const uint8_t* bits_a = word_bits_.data() + w.DenseOffset(a);
  const uint8_t* bits_b = word_bits_.data() + w.DenseOffset(b);
  const double max_idf = w.MaxIdf();
  const double rare_idf = max_idf / 2;  // held by at most sqrt(N) units
  // The sum of the idf of the unit's distinct stems in ascending order, as the reference adds.
  SetSums sums;
  sums.weight_a = w.Weight(a);
  sums.weight_b = w.Weight(b);
  Scratch& s = LocalScratch();
  s.left_a.clear();
  s.left_b.clear();
  const size_t na = da.size(), nb = db.size();
  size_t i = 0, j = 0;
  while (i < na || j < nb) {
    if (j == nb || (i < na && da[i] < db[j])) {
      const uint8_t bits = bits_a[i] & kKindMask;
      sums.numbers_a |= (bits & kBitNumber) != 0;
      sums.number_only_a |= (bits & kBitNumber) != 0;
      if (bits == kBitName) sums.names_only_a += static_cast<double>(w.DenseIdf(da[i]));
      s.left_a.push_back(static_cast<uint32_t>(i++));
    } else if (i == na || db[j] < da[i]) {
      const uint8_t bits = bits_b[j] & kKindMask;
      sums.numbers_b |= (bits & kBitNumber) != 0;
      sums.number_only_b |= (bits & kBitNumber) != 0;
      if (bits == kBitName) sums.names_only_b += static_cast<double>(w.DenseIdf(db[j]));
      s.left_b.push_back(static_cast<uint32_t>(j++));
    } else {
      const double idf = w.DenseIdf(da[i]);
      const uint8_t xb = bits_a[i] & kKindMask, yb = bits_b[j] & kKindMask;
      sums.shared += idf;
      ++sums.shared_count;
      totals->shared_occurrences_a += bits_a[i] >> kCountShift;
      totals->shared_occurrences_b += bits_b[j] >> kCountShift;
      if ((xb & kBitLower) && (yb & kBitLower)) {
        sums.shared_lower += idf, ++sums.lower_count;
        sums.lower_rarest = std::max(sums.lower_rarest, idf);
      }
      sums.rarest = std::max(sums.rarest, idf);
      if (idf >= rare_idf) sums.rare_shared += 1;
      sums.quoted_a += (bits_a[i] & kBitQuoted) != 0 ? 1 : 0;
      sums.quoted_b += (bits_b[j] & kBitQuoted) != 0 ? 1 : 0;
      if ((xb | yb) & kBitNumber) {
        sums.numbers_a = sums.numbers_b = sums.number_shared = true;
      }
      ++i, ++j;
    }
  }
  const double geo = FinishSetFeatures(sums, max_idf, na, nb, ua, ub, totals, &f);
  if (synonyms_ == nullptr || synonyms_->size() == 0) return f;
  if (worth_synonyms != nullptr) {
    double room_a = 0, room_b = 0;
    for (const uint32_t k : s.left_a) room_a += static_cast<double>(w.DenseIdf(da[k]));
    for (const uint32_t k : s.left_b) room_b += static_cast<double>(w.DenseIdf(db[k]));
    if (!(*worth_synonyms)(f, std::min(1.0, std::min(room_a, room_b) / geo))) {
      totals->pruned = true;
      return f;
    }
  }
  f[kFeatSynonyms] = std::min(1.0, Synonyms(a, da, db, s.left_a, s.left_b, bits_a, bits_b) / geo);
  return f;
}

// The reference pairs each unshared word of a (heaviest first, ties by stem) with the first
// unused unshared word of b (in stem order) that shares a synset with it, names and numbers
// left out. Only the words of a that share a synset with some word of b can pair, so those
// pairs (edges) are found first, through an index of a's synsets, and only they are ordered.
double UnitProfiles::Synonyms(uint32_t a, std::span<const uint32_t> da,
                              std::span<const uint32_t> db, const std::vector<uint32_t>& left_a,
                              const std::vector<uint32_t>& left_b, const uint8_t* bits_a,
                              const uint8_t* bits_b) const {
  const WeightedSets& w = *weighted_;
  Scratch& s = LocalScratch();
  bool any_b = false;
  for (const uint32_t k : left_b) {
    any_b |= !(bits_b[k] & (kBitName | kBitNumber)) && HasLive(db[k]);
  }
  if (!any_b || left_a.empty()) return 0;
  const uint64_t key = uint64_t{generation_} << 32 | a;
  if (s.synsets_of != key) {
    s.synsets_of = key;
    s.unit_synsets.clear();
    for (size_t k = 0; k < da.size(); ++k) {
      if ((bits_a[k] & (kBitName | kBitNumber)) || !HasLive(da[k])) continue;
      for (const uint32_t e : LiveSynsets(da[k])) s.unit_synsets.emplace_back(e, k);
    }
    std::sort(s.unit_synsets.begin(), s.unit_synsets.end());
    size_t size = 16;
    while (size < 2 * s.unit_synsets.size()) size *= 2;
    s.synset_slots.assign(size, kEmptySlot);
    for (size_t e = s.unit_synsets.size(); e-- > 0;) {  // the first entry of a synset stays
      const uint32_t synset = s.unit_synsets[e].first;
      size_t slot = SlotOf(synset, size - 1);
      while (s.synset_slots[slot] != kEmptySlot &&
             static_cast<uint32_t>(s.synset_slots[slot] >> 32) != synset) {
        slot = (slot + 1) & (size - 1);
      }
      s.synset_slots[slot] = uint64_t{synset} << 32 | e;
    }
  }
  if (s.unit_synsets.empty()) return 0;
  s.unshared_a.assign(da.size(), 0);
  for (const uint32_t k : left_a) s.unshared_a[k] = 1;
  s.syn.clear();
  const size_t mask = s.synset_slots.size() - 1;
  for (const uint32_t q : left_b) {
    if ((bits_b[q] & (kBitName | kBitNumber)) || !HasLive(db[q])) continue;
    for (const uint32_t e : LiveSynsets(db[q])) {
      size_t slot = SlotOf(e, mask);
      while (s.synset_slots[slot] != kEmptySlot &&
             static_cast<uint32_t>(s.synset_slots[slot] >> 32) != e) {
        slot = (slot + 1) & mask;
      }
      if (s.synset_slots[slot] == kEmptySlot) continue;
      for (size_t at = static_cast<uint32_t>(s.synset_slots[slot]);
           at < s.unit_synsets.size() && s.unit_synsets[at].first == e; ++at) {
        const uint32_t k = s.unit_synsets[at].second;
        if (s.unshared_a[k]) s.syn.emplace_back(k, q);
      }
    }
  }
  if (s.syn.empty()) return 0;
  // Edges by a's word (heaviest first, ties by stem = by dense index), then b's word ascending.
  std::sort(s.syn.begin(), s.syn.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) {
      const float ix = w.DenseIdf(da[x.first]), iy = w.DenseIdf(da[y.first]);
      return ix != iy ? ix > iy : da[x.first] < da[y.first];
    }
    return x.second < y.second;
  });
  s.used.assign(db.size(), 0);
  double syn = 0;
  for (size_t e = 0; e < s.syn.size();) {
    const uint32_t k = s.syn[e].first;
    uint32_t best = UINT32_MAX;
    for (; e < s.syn.size() && s.syn[e].first == k; ++e) {
      if (best == UINT32_MAX && !s.used[s.syn[e].second]) best = s.syn[e].second;
    }
    if (best != UINT32_MAX) {
      s.used[best] = 1;
      syn += std::min(static_cast<double>(w.DenseIdf(da[k])),
                      static_cast<double>(w.DenseIdf(db[best])));
    }
  }
  return syn;
}

bool ScoreFeatures(const UnitProfiles& profiles, const Scorer& scorer, double min_logit, bool all,
                   uint32_t a, uint32_t b, const UnitWords& ua, const UnitWords& ub,
                   PairFeatureVector* f, PairTotals* totals_out) {
  PairTotals local;
  PairTotals& totals = totals_out != nullptr ? *totals_out : local;
  const SynonymHook worth = [&](const PairFeatureVector& partial, double max_synonyms) {
    return all || scorer.UpperLogit(partial, totals) +
                          std::max(0.0, scorer.weight(kFeatSynonyms)) * max_synonyms >=
                      min_logit;
  };
  *f = profiles.SetFeatures(a, b, ua, ub, &totals, &worth);
  // Cannot reach the decision whatever its synonyms, order and window: none computed; nor, once
  // the in-order share is known, whatever its window (the costliest): the window is not computed.
  bool hopeless = totals.pruned || scorer.UpperLogit(*f, totals) < min_logit;
  const UnitProfiles::WindowHook worth_window = [&](const PairFeatureVector& partial) {
    return all || WindowCanReach(scorer, partial, totals, min_logit);
  };
  if (!hopeless || all) {
    hopeless |= !profiles.AddSequenceFeatures(a, b, ua, ub, totals, f, &worth_window);
  }
  return !hopeless;
}

bool WindowCanReach(const Scorer& scorer, const PairFeatureVector& partial,
                    const PairTotals& totals, double min_logit) {
  double z = scorer.Logit(partial);
  for (const size_t k : {kFeatWindow, kFeatWindowShare, kFeatWindowWords}) {
    z += std::max(0.0, scorer.weight(k)) * MaxSequenceFeature(k, totals);
  }
  return z >= min_logit - 1e-9;
}

}  // namespace neardup
