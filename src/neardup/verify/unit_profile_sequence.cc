// UnitProfiles' sequence features: the in-order share from the matching words alone (a sparse
// heaviest common subsequence), bigrams, and the local alignment (window, local_alignment.h);
// each the same double as pair_features.cc computes.

#include <algorithm>
#include <cmath>

#include "neardup/verify/local_alignment.h"
#include "neardup/verify/unit_profile.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

// A set of bigram keys (open addressing), emptied in O(1): a slot is taken when its stamp is the
// current one. Grows only, so a thread's table is allocated a few times in all.
class BigramSet {
 public:
  // Empties the set, with room for n keys at half load at least.
  void Reset(size_t n) {
    size_t size = std::max<size_t>(keys_.size(), 16);
    while (size < 2 * n) size *= 2;
    if (size != keys_.size()) {
      keys_.assign(size, 0);
      stamp_.assign(size, 0);
      now_ = 0;
    }
    if (++now_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0);
      now_ = 1;
    }
    mask_ = size - 1;
  }
  // Adds key; true when it was not in the set.
  bool Insert(uint64_t key) {
    size_t slot = SlotOf(key);
    while (stamp_[slot] == now_) {
      if (keys_[slot] == key) return false;
      slot = (slot + 1) & mask_;
    }
    stamp_[slot] = now_;
    keys_[slot] = key;
    return true;
  }
  bool Contains(uint64_t key) const {
    for (size_t slot = SlotOf(key); stamp_[slot] == now_; slot = (slot + 1) & mask_) {
      if (keys_[slot] == key) return true;
    }
    return false;
  }

 private:
  size_t SlotOf(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 32) & mask_;
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> stamp_;
  uint32_t now_ = 0;
  size_t mask_ = 0;
};

// Per-thread buffers (no allocation per pair once warm) and what was worked out for the last
// first unit (candidates come sorted by their first unit, so one is met many times in a row).
struct SequenceScratch {
  uint64_t unit = UINT64_MAX;  // generation << 32 | unit of what follows
  LocalAligner aligner;        // holds the unit's words (SetFirst)
  std::vector<uint64_t> bigrams_a;
  BigramSet set_a, set_b;           // a's distinct bigrams; b's, per pair
  std::vector<double> best_before;  // Fenwick tree of prefix maxima over a's positions
  std::vector<double> ix, iy;
};
SequenceScratch& LocalScratch() {
  thread_local SequenceScratch s;
  return s;
}

// Sorted unique bigrams (adjacent words) of a dense sequence, into *out.
void DenseBigrams(std::span<const uint32_t> s, std::vector<uint64_t>* out) {
  out->clear();
  for (size_t i = 0; i + 1 < s.size(); ++i) out->push_back(uint64_t{s[i]} << 32 | s[i + 1]);
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

// Unit a's words and bigrams into the scratch, unless they are there already.
void CacheFirstUnit(uint64_t key, std::span<const uint32_t> x, SequenceScratch* s) {
  if (s->unit == key) return;
  s->unit = key;
  s->aligner.SetFirst(x);
  DenseBigrams(x, &s->bigrams_a);
  s->set_a.Reset(s->bigrams_a.size());
  for (const uint64_t bigram : s->bigrams_a) s->set_a.Insert(bigram);
}

// The distinct bigrams of y, and how many of them a (set_a) holds: what a merge of the two sorted
// distinct lists counts, from one pass over y and two hash look-ups per bigram. O(|y|) expected.
std::pair<size_t, size_t> CommonBigrams(std::span<const uint32_t> y, SequenceScratch* s) {
  s->set_b.Reset(y.size());
  size_t distinct = 0, common = 0;
  for (size_t i = 0; i + 1 < y.size(); ++i) {
    const uint64_t key = uint64_t{y[i]} << 32 | y[i + 1];
    if (!s->set_b.Insert(key)) continue;
    ++distinct;
    common += s->set_a.Contains(key) ? 1U : 0U;
  }
  return {distinct, common};
}

// The heaviest common subsequence of x and y (each match weighing its word's idf) from their
// matching positions alone: y's words in order, each word's positions in x last first, a Fenwick
// tree giving the heaviest chain before a position. A chain's weight is added up in the same
// order as the reference's full table does, and rounding is monotone, so the maximum is the
// same double. O(r log n) for r matching position pairs.
double SparseHeaviestCommon(const WeightedSets& w, std::span<const uint32_t> y,
                            SequenceScratch* s) {
  const size_t n = s->ix.size();
  s->best_before.assign(n + 1, 0.0);
  double* tree = s->best_before.data();
  double best = 0;
  for (const uint32_t word : y) {
    const auto entries = s->aligner.EntriesOf(word);
    if (entries.empty()) continue;
    const double weight = w.DenseIdf(word);
    for (size_t e = entries.size(); e-- > 0;) {
      const size_t i = entries[e].second;  // chains through positions before i, then this match
      double before = 0;
      for (size_t k = i; k > 0; k &= k - 1) before = std::max(before, tree[k]);
      const double value = before + weight;
      best = std::max(best, value);
      for (size_t k = i + 1; k <= n; k += k & (~k + 1)) tree[k] = std::max(tree[k], value);
    }
  }
  return best;
}

}  // namespace

bool UnitProfiles::AddSequenceFeatures(uint32_t a, uint32_t b, const UnitWords& ua,
                                       const UnitWords& ub, const PairTotals& totals,
                                       PairFeatureVector* f, const WindowHook* worth_window) const {
  if (!Profiled(a) || !Profiled(b)) {
    neardup::AddSequenceFeatures(*weighted_, ua, ub, totals, f);
    return true;
  }
  if (ua.stems.empty() || ub.stems.empty()) return true;
  const WeightedSets& w = *weighted_;
  const std::span<const uint32_t> x = w.DenseSequence(a), y = w.DenseSequence(b);
  SequenceScratch& s = LocalScratch();
  CacheFirstUnit(uint64_t{generation_} << 32 | a, x, &s);
  // Bigrams (as the reference: common unique bigrams over the fewer of the two).
  const auto [distinct_b, common] = CommonBigrams(y, &s);
  const size_t fewer = std::min(s.bigrams_a.size(), distinct_b);
  (*f)[kFeatBigrams] = fewer > 0 ? static_cast<double>(common) / static_cast<double>(fewer) : 0;
  const double shared = totals.shared;
  if (shared <= 0) return true;
  const double cells = static_cast<double>(x.size()) * static_cast<double>(y.size());
  if (cells > 262144.0) {
    (*f)[kFeatInOrder] = 1.0;
    return true;
  }
  s.ix.resize(x.size());
  for (size_t i = 0; i < x.size(); ++i) s.ix[i] = w.DenseIdf(x[i]);
  (*f)[kFeatInOrder] = std::min(1.0, SparseHeaviestCommon(w, y, &s) / shared);
  if (worth_window != nullptr && !(*worth_window)(*f)) return false;
  s.iy.resize(y.size());
  for (size_t j = 0; j < y.size(); ++j) s.iy[j] = w.DenseIdf(y[j]);
  const LocalWindow win = s.aligner.Align(x, y, s.ix, s.iy, prune_windows_);
  if (win.words > 0) {
    (*f)[kFeatWindow] = std::min(1.0, win.matched / std::sqrt(win.weight_x * win.weight_y));
    (*f)[kFeatWindowShare] =
        std::min(1.0, win.matched / std::min(totals.weight_a, totals.weight_b));
    (*f)[kFeatWindowWords] = std::log1p(static_cast<double>(win.words));
  }
  return true;
}

}  // namespace neardup
