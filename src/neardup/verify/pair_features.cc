// ComputePairFeatures: two stem sequences → sorted sets with weights and kinds → merged counts,
// synonym pairing of the leftovers, in-order share and bigrams.

#include "neardup/verify/pair_features.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/local_alignment.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

constexpr std::string_view kNames[kNumPairFeatures] = {
    "similarity",     "contain_min",  "contain_max",  "in_order",      "rarest",
    "rare_shared",    "bigrams",      "synonyms",     "numbers_agree", "numbers_clash",
    "names_missing",  "length_ratio", "short_side",   "lower_shared",  "window",
    "window_share",   "window_words", "shared_words", "fragments",     "lower_words",
    "sentence_level", "candidates",   "lower_rarest", "clause_level",  "quoted"};

// Kind bits of a distinct stem over its occurrences.
constexpr uint8_t kBitLower = 1, kBitNumber = 2, kBitName = 4;

struct Word {
  uint32_t stem;
  uint8_t bits;
  bool quoted;  // an occurrence lies inside quotation marks (kWordQuoted)
  double idf;
  uint32_t count;  // occurrences in the unit
};

// The distinct stems of a unit, ascending, with their kinds and idf.
std::vector<Word> Distinct(const WeightedSets& idf, const UnitWords& u) {
  std::vector<Word> w;
  w.reserve(u.stems.size());
  for (size_t i = 0; i < u.stems.size(); ++i) {
    const uint8_t flags = i < u.kinds.size() ? u.kinds[i] : uint8_t{kWordOther};
    const uint8_t kind = flags & kWordKindMask;
    uint8_t bits = 0;
    if (kind == kWordLower) bits = kBitLower;
    if (kind == kWordNumber) bits = kBitNumber;
    if (kind == kWordName) bits = kBitName;
    w.push_back({u.stems[i], bits, (flags & kWordQuoted) != 0, 0, 1});
  }
  std::sort(w.begin(), w.end(), [](const Word& x, const Word& y) { return x.stem < y.stem; });
  size_t out = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (out > 0 && w[out - 1].stem == w[i].stem) {
      w[out - 1].bits |= w[i].bits;
      w[out - 1].quoted |= w[i].quoted;
      ++w[out - 1].count;
    } else {
      w[out++] = w[i];
    }
  }
  w.resize(out);
  for (Word& x : w) x.idf = idf.IdfOf(x.stem);
  return w;
}

// The heaviest common subsequence of two stem sequences, each match weighing its idf. O(n m).
double HeaviestCommon(const WeightedSets& idf, std::span<const uint32_t> x,
                      std::span<const uint32_t> y) {
  std::vector<double> wx(x.size());
  for (size_t i = 0; i < x.size(); ++i) wx[i] = idf.IdfOf(x[i]);
  std::vector<double> prev(y.size() + 1, 0), cur(y.size() + 1, 0);
  for (size_t i = 0; i < x.size(); ++i) {
    for (size_t j = 0; j < y.size(); ++j) {
      double best = std::max(prev[j + 1], cur[j]);
      if (x[i] == y[j]) best = std::max(best, prev[j] + wx[i]);
      cur[j + 1] = best;
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

}  // namespace

AlignedWindow BestAlignedWindow(const WeightedSets& idf, std::span<const uint32_t> x,
                                std::span<const uint32_t> y) {
  // LocalAligner keeps a byte per cell in per-thread scratch; past this many cells (4 MiB) the
  // reference, O(m) memory and the same result, keeps a long unpunctuated "sentence" from pinning
  // n m bytes per thread for the rest of the run.
  constexpr size_t kMaxTableCells = size_t{1} << 22;
  if (x.size() * y.size() > kMaxTableCells) return ScalarAlignedWindow(idf, x, y);
  struct Scratch {
    LocalAligner aligner;
    std::vector<double> ix, iy;
  };
  thread_local Scratch s;
  s.ix.resize(x.size());
  s.iy.resize(y.size());
  for (size_t i = 0; i < x.size(); ++i) s.ix[i] = idf.IdfOf(x[i]);
  for (size_t j = 0; j < y.size(); ++j) s.iy[j] = idf.IdfOf(y[j]);
  if (x.size() * y.size() > LocalAligner::kSmallTable) s.aligner.SetFirst(x);
  const LocalWindow w = s.aligner.Align(x, y, s.ix, s.iy);
  if (w.words == 0) return {};
  return {w.matched, w.weight_x, w.weight_y, w.words, w.begin_x, w.end_x, w.begin_y, w.end_y};
}

AlignedWindow ScalarAlignedWindow(const WeightedSets& idf, std::span<const uint32_t> x,
                                  std::span<const uint32_t> y) {
  struct Cell {
    double score = 0, matched = 0, wx = 0, wy = 0;
    uint32_t words = 0, bx = 0, by = 0;  // where the alignment ending here starts
  };
  std::vector<double> ix(x.size()), iy(y.size());
  for (size_t i = 0; i < x.size(); ++i) ix[i] = idf.IdfOf(x[i]);
  for (size_t j = 0; j < y.size(); ++j) iy[j] = idf.IdfOf(y[j]);
  std::vector<Cell> prev(y.size() + 1), cur(y.size() + 1);
  Cell best;
  uint32_t end_x = 0, end_y = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    cur[0] = Cell();
    const auto ui = static_cast<uint32_t>(i);
    for (size_t j = 0; j < y.size(); ++j) {
      const auto uj = static_cast<uint32_t>(j);
      const Cell& d = prev[j];
      const bool fresh = d.score <= 0;  // an alignment starting at (i, j)
      const uint32_t bx = fresh ? ui : d.bx, by = fresh ? uj : d.by;
      Cell c;  // the empty alignment
      if (x[i] == y[j]) {
        c = {d.score + ix[i], d.matched + ix[i], d.wx + ix[i], d.wy + iy[j], d.words + 1, bx, by};
      } else {
        c = {d.score - (ix[i] + iy[j]) / 2, d.matched, d.wx + ix[i], d.wy + iy[j], d.words, bx, by};
      }
      const Cell& up = prev[j + 1];  // skip x[i]
      if (up.score - ix[i] / 2 > c.score) {
        c = {up.score - ix[i] / 2, up.matched, up.wx + ix[i], up.wy, up.words, up.bx, up.by};
      }
      const Cell& left = cur[j];  // skip y[j]
      if (left.score - iy[j] / 2 > c.score) {
        c = {left.score - iy[j] / 2,
             left.matched,
             left.wx,
             left.wy + iy[j],
             left.words,
             left.bx,
             left.by};
      }
      if (c.score <= 0) c = Cell();
      cur[j + 1] = c;
      if (c.score > best.score) best = c, end_x = ui + 1, end_y = uj + 1;
    }
    std::swap(prev, cur);
  }
  if (best.words == 0) return {};
  return {best.matched, best.wx, best.wy, best.words, best.bx, end_x, best.by, end_y};
}

namespace {

// Sorted unique content-word bigrams (adjacent stems of the sequence) as 64-bit keys.
std::vector<uint64_t> Bigrams(std::span<const uint32_t> s) {
  std::vector<uint64_t> b;
  for (size_t i = 0; i + 1 < s.size(); ++i) b.push_back(uint64_t{s[i]} << 32 | s[i + 1]);
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return b;
}

}  // namespace

std::string_view PairFeatureName(size_t feature) {
  return feature < kNumPairFeatures ? kNames[feature] : std::string_view("?");
}

bool IsSequenceFeature(size_t feature) {
  return feature == kFeatInOrder || feature == kFeatBigrams || feature == kFeatWindow ||
         feature == kFeatWindowShare || feature == kFeatWindowWords;
}

double MaxSequenceFeature(size_t feature, const PairTotals& totals) {
  if (!IsSequenceFeature(feature)) return 0;
  if (feature == kFeatWindowWords) {
    // A window matches each occurrence of a shared stem at most once.
    return std::log1p(
        static_cast<double>(std::min(totals.shared_occurrences_a, totals.shared_occurrences_b)));
  }
  return 1;
}

PairFeatureVector ComputePairFeatures(const WeightedSets& idf, const UnitWords& a,
                                      const UnitWords& b, const SynonymTable* synonyms) {
  PairTotals totals;
  PairFeatureVector f = ComputeSetFeatures(idf, a, b, synonyms, &totals);
  AddSequenceFeatures(idf, a, b, totals, &f);
  return f;
}

void AddSequenceFeatures(const WeightedSets& idf, const UnitWords& a, const UnitWords& b,
                         const PairTotals& totals, PairFeatureVector* f) {
  if (a.stems.empty() || b.stems.empty()) return;
  const double shared = totals.shared;
  if (shared > 0) {
    const double cells = static_cast<double>(a.stems.size()) * static_cast<double>(b.stems.size());
    (*f)[kFeatInOrder] =
        cells > 262144.0 ? 1.0 : std::min(1.0, HeaviestCommon(idf, a.stems, b.stems) / shared);
    if (cells <= 262144.0) {
      const AlignedWindow w = BestAlignedWindow(idf, a.stems, b.stems);
      if (w.words > 0) {
        (*f)[kFeatWindow] = std::min(1.0, w.matched / std::sqrt(w.weight_x * w.weight_y));
        (*f)[kFeatWindowShare] =
            std::min(1.0, w.matched / std::min(totals.weight_a, totals.weight_b));
        (*f)[kFeatWindowWords] = std::log1p(static_cast<double>(w.words));
      }
    }
  }
  const std::vector<uint64_t> ba = Bigrams(a.stems), bb = Bigrams(b.stems);
  size_t common = 0;
  for (size_t x = 0, y = 0; x < ba.size() && y < bb.size();) {
    if (ba[x] == bb[y]) {
      ++common, ++x, ++y;
    } else if (ba[x] < bb[y]) {
      ++x;
    } else {
      ++y;
    }
  }
  const size_t fewer = std::min(ba.size(), bb.size());
  (*f)[kFeatBigrams] = fewer > 0 ? static_cast<double>(common) / static_cast<double>(fewer) : 0;
}

double FinishSetFeatures(const SetSums& sums, double max_idf, size_t words_a, size_t words_b,
                         const UnitWords& a, const UnitWords& b, PairTotals* totals,
                         PairFeatureVector* f_out) {
  PairFeatureVector& f = *f_out;
  const double geo = std::sqrt(std::max(sums.weight_a, 1e-12) * std::max(sums.weight_b, 1e-12));
  f[kFeatSimilarity] = std::min(1.0, sums.shared / geo);
  const double ca = sums.weight_a > 0 ? sums.shared / sums.weight_a : 0,
               cb = sums.weight_b > 0 ? sums.shared / sums.weight_b : 0;
  f[kFeatContainMin] = std::min(ca, cb);
  f[kFeatContainMax] = std::max(ca, cb);
  if (sums.shared > 0) f[kFeatLowerShared] = sums.shared_lower / sums.shared;
  totals->shared = sums.shared;
  totals->weight_a = sums.weight_a;
  totals->weight_b = sums.weight_b;
  totals->shared_stems = static_cast<uint32_t>(sums.shared_count);
  totals->rarest = sums.rarest;
  f[kFeatRarest] = max_idf > 0 ? sums.rarest / max_idf : 0;
  f[kFeatLowerRarest] = max_idf > 0 ? sums.lower_rarest / max_idf : 0;
  f[kFeatRareShared] = std::log1p(sums.rare_shared);
  f[kFeatNumbersAgree] = sums.numbers_a && sums.numbers_b && sums.number_shared ? 1 : 0;
  f[kFeatNumbersClash] = sums.number_only_a && sums.number_only_b ? 1 : 0;
  f[kFeatNamesMissing] = std::max(sums.weight_a > 0 ? sums.names_only_a / sums.weight_a : 0,
                                  sums.weight_b > 0 ? sums.names_only_b / sums.weight_b : 0);
  const double na = static_cast<double>(words_a), nb = static_cast<double>(words_b);
  f[kFeatLengthRatio] = std::min(na, nb) / std::max(na, nb);
  f[kFeatShortSide] = 1.0 / std::min(na, nb);
  f[kFeatSharedWords] = std::log1p(static_cast<double>(sums.shared_count));
  f[kFeatFragments] = 1.0 - std::max(a.share, b.share);
  f[kFeatLowerWords] = std::log1p(static_cast<double>(sums.lower_count));
  f[kFeatSentenceLevel] = a.sentence || b.sentence ? 1 : 0;
  f[kFeatCandidates] = std::log1p((static_cast<double>(a.candidates) + b.candidates) / 2);
  f[kFeatClauseLevel] = a.clause || b.clause ? 1 : 0;
  if (f[kFeatClauseLevel] > 0 && sums.shared_count > 0) {
    f[kFeatQuoted] =
        sums.quoted_a == sums.shared_count && sums.quoted_b == sums.shared_count ? 1 : 0;
  }
  return geo;
}

PairFeatureVector ComputeSetFeatures(const WeightedSets& idf, const UnitWords& a,
                                     const UnitWords& b, const SynonymTable* synonyms,
                                     PairTotals* totals, const SynonymHook* worth_synonyms) {
  PairFeatureVector f{};
  *totals = PairTotals();
  if (a.stems.empty() || b.stems.empty()) return f;
  const std::vector<Word> wa = Distinct(idf, a), wb = Distinct(idf, b);
  const double max_idf = idf.MaxIdf();
  const double rare_idf = max_idf / 2;  // held by at most sqrt(N) units
  SetSums sums;
  std::vector<const Word*> left_a, left_b;  // unshared, for the synonyms
  for (const Word& x : wa) sums.weight_a += x.idf;
  for (const Word& x : wb) sums.weight_b += x.idf;
  size_t i = 0, j = 0;
  while (i < wa.size() || j < wb.size()) {
    if (j == wb.size() || (i < wa.size() && wa[i].stem < wb[j].stem)) {
      const Word& x = wa[i++];
      sums.numbers_a |= (x.bits & kBitNumber) != 0;
      sums.number_only_a |= (x.bits & kBitNumber) != 0;
      if (x.bits == kBitName) sums.names_only_a += x.idf;
      left_a.push_back(&x);
    } else if (i == wa.size() || wb[j].stem < wa[i].stem) {
      const Word& y = wb[j++];
      sums.numbers_b |= (y.bits & kBitNumber) != 0;
      sums.number_only_b |= (y.bits & kBitNumber) != 0;
      if (y.bits == kBitName) sums.names_only_b += y.idf;
      left_b.push_back(&y);
    } else {
      const Word& x = wa[i++];
      const Word& y = wb[j++];
      sums.shared += x.idf;
      ++sums.shared_count;
      totals->shared_occurrences_a += x.count;
      totals->shared_occurrences_b += y.count;
      if ((x.bits & kBitLower) && (y.bits & kBitLower)) {
        sums.shared_lower += x.idf, ++sums.lower_count;
        sums.lower_rarest = std::max(sums.lower_rarest, x.idf);
      }
      sums.rarest = std::max(sums.rarest, x.idf);
      if (x.idf >= rare_idf) sums.rare_shared += 1;
      sums.quoted_a += x.quoted ? 1 : 0;
      sums.quoted_b += y.quoted ? 1 : 0;
      if ((x.bits | y.bits) & kBitNumber) {
        sums.numbers_a = sums.numbers_b = sums.number_shared = true;
      }
    }
  }
  const double geo = FinishSetFeatures(sums, max_idf, wa.size(), wb.size(), a, b, totals, &f);
  if (synonyms == nullptr || synonyms->size() == 0) return f;
  if (worth_synonyms != nullptr) {
    // The most the synonyms could add: the lighter side's unshared weight, over geo.
    double room_a = 0, room_b = 0;
    for (const Word* x : left_a) room_a += x->idf;
    for (const Word* y : left_b) room_b += y->idf;
    if (!(*worth_synonyms)(f, std::min(1.0, std::min(room_a, room_b) / geo))) {
      totals->pruned = true;
      return f;
    }
  }
  {
    // Each unshared word of a pairs with at most one unshared word of b (greedy, heaviest first);
    // a pair weighs the lighter of the two. Names and numbers have no synonyms.
    std::sort(left_a.begin(), left_a.end(), [](const Word* x, const Word* y) {
      return x->idf != y->idf ? x->idf > y->idf : x->stem < y->stem;
    });
    // (synset, index in left_b) of every unshared word of b that may have synonyms, sorted: each
    // word of a looks its synsets up here instead of testing every word of b.
    std::vector<std::pair<uint32_t, uint32_t>> b_synsets;
    for (size_t k = 0; k < left_b.size(); ++k) {
      if (left_b[k]->bits & (kBitName | kBitNumber)) continue;
      for (const auto& e : synonyms->EntriesOf(left_b[k]->stem)) {
        b_synsets.emplace_back(e.second, static_cast<uint32_t>(k));
      }
    }
    std::sort(b_synsets.begin(), b_synsets.end());
    std::vector<char> used(left_b.size(), 0);
    double syn = 0;
    for (const Word* x : left_a) {
      if (b_synsets.empty()) break;
      if (x->bits & (kBitName | kBitNumber)) continue;
      uint32_t best = UINT32_MAX;  // the first unused synonym among b's words (in b's order)
      for (const auto& e : synonyms->EntriesOf(x->stem)) {
        auto it =
            std::lower_bound(b_synsets.begin(), b_synsets.end(), std::make_pair(e.second, 0u));
        for (; it != b_synsets.end() && it->first == e.second; ++it) {
          if (!used[it->second] && left_b[it->second]->stem != x->stem) {
            best = std::min(best, it->second);
          }
        }
      }
      if (best != UINT32_MAX) {
        used[best] = 1;
        syn += std::min(x->idf, left_b[best]->idf);
      }
    }
    f[kFeatSynonyms] = std::min(1.0, syn / geo);
  }
  return f;
}

}  // namespace neardup
