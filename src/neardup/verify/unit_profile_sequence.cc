// UnitProfiles' sequence features: the in-order share from the matching words alone (a sparse
// heaviest common subsequence), bigrams, and the local alignment (window) as a skewed four-row
// dynamic programme traced back once; each the same double as pair_features.cc computes.

#include <algorithm>
#include <cmath>

#include "neardup/verify/unit_profile.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

constexpr uint64_t kEmptySlot = UINT64_MAX;
size_t SlotOf(uint32_t key, size_t mask) {
  return static_cast<size_t>((uint64_t{key} * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

// Per-thread buffers (no allocation per pair once warm) and what was worked out for the last
// first unit (candidates come sorted by their first unit, so one is met many times in a row).
struct SequenceScratch {
  uint64_t unit = UINT64_MAX;                     // generation << 32 | unit of what follows
  std::vector<std::pair<uint32_t, uint32_t>> at;  // (word, position) of the unit, sorted
  std::vector<uint64_t> slots;                    // word << 32 | its first entry in `at`
  std::vector<uint64_t> bigrams_a, bigrams_b;
  std::vector<double> best_before;  // Fenwick tree of prefix maxima over a's positions
  std::vector<double> ix, iy, half_y, prev, cur;
  std::vector<uint8_t> step;                         // the local alignment's move into each cell
  std::vector<std::pair<uint32_t, uint32_t>> cells;  // the best alignment's cells, last first
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
  s->at.clear();
  for (size_t i = 0; i < x.size(); ++i) s->at.emplace_back(x[i], static_cast<uint32_t>(i));
  std::sort(s->at.begin(), s->at.end());
  size_t size = 16;
  while (size < 2 * s->at.size()) size *= 2;
  s->slots.assign(size, kEmptySlot);
  for (size_t e = s->at.size(); e-- > 0;) {  // a word's first entry stays
    size_t slot = SlotOf(s->at[e].first, size - 1);
    while (s->slots[slot] != kEmptySlot &&
           static_cast<uint32_t>(s->slots[slot] >> 32) != s->at[e].first) {
      slot = (slot + 1) & (size - 1);
    }
    s->slots[slot] = uint64_t{s->at[e].first} << 32 | e;
  }
  DenseBigrams(x, &s->bigrams_a);
}

// The heaviest common subsequence of x and y (each match weighing its word's idf) from their
// matching positions alone: y's words in order, each word's positions in x last first, a Fenwick
// tree giving the heaviest chain before a position. A chain's weight is added up in the same
// order as the reference's full table does, and rounding is monotone, so the maximum is the
// same double. O(r log n) for r matching position pairs.
double SparseHeaviestCommon(const WeightedSets& w, std::span<const uint32_t> y,
                            SequenceScratch* s) {
  const size_t n = s->at.size(), mask = s->slots.size() - 1;
  s->best_before.assign(n + 1, 0.0);
  double* tree = s->best_before.data();
  double best = 0;
  for (const uint32_t word : y) {
    size_t slot = SlotOf(word, mask);
    while (s->slots[slot] != kEmptySlot && static_cast<uint32_t>(s->slots[slot] >> 32) != word) {
      slot = (slot + 1) & mask;
    }
    if (s->slots[slot] == kEmptySlot) continue;
    const double weight = w.DenseIdf(word);
    size_t end = static_cast<uint32_t>(s->slots[slot]);
    while (end < s->at.size() && s->at[end].first == word) ++end;
    for (size_t e = end; e-- > 0 && s->at[e].first == word;) {
      const size_t i = s->at[e].second;  // chains through positions before i, then this match
      double before = 0;
      for (size_t k = i; k > 0; k &= k - 1) before = std::max(before, tree[k]);
      const double value = before + weight;
      best = std::max(best, value);
      for (size_t k = i + 1; k <= n; k += k & (~k + 1)) tree[k] = std::max(tree[k], value);
    }
  }
  return best;
}

// The best cell of the local alignment so far: the first (row by row) of the highest score.
struct Best {
  double score = 0;
  size_t i = 0, j = 0;
};

// Rows are done kStrip at a time, skewed (row r of the strip one column behind row r - 1), so the
// strip's rows are independent chains of dependent operations the CPU runs side by side; every
// cell computes what the one-row-at-a-time reference (BestWindow) computes.
constexpr size_t kStrip = 4;

// Rows [i0, i0 + K) of the local alignment of x (rows) and y (columns): scores and the move into
// each cell (s->step). s->prev holds row i0 - 1 on entry (index j + 1 for column j, 0 at index
// 0) and row i0 + K - 1 on return.
template <size_t K>
void AlignStrip(std::span<const uint32_t> x, std::span<const uint32_t> y, size_t i0,
                SequenceScratch* s, Best* best) {
  const size_t m = y.size(), stride = m + 1;
  const double* iy = s->iy.data();
  const double* half_y = s->half_y.data();
  const double* up_row[K];
  double* row[K];
  uint32_t xi[K];
  double wi[K], half_i[K], row_best[K];
  size_t row_best_j[K];
  for (size_t r = 0; r < K; ++r) {
    row[r] = s->cur.data() + r * stride;
    up_row[r] = r == 0 ? s->prev.data() : row[r - 1];
    row[r][0] = 0;
    xi[r] = x[i0 + r];
    wi[r] = s->ix[i0 + r];
    half_i[r] = wi[r] / 2;
    row_best[r] = 0;
    row_best_j[r] = 0;
  }
  uint8_t* step = s->step.data() + i0 * m;
  for (size_t t = 0; t + 1 < m + K; ++t) {
#pragma GCC unroll 8
    for (size_t r = 0; r < K; ++r) {
      if (t < r || t - r >= m) continue;
      const size_t j = t - r;
      const double* sp = up_row[r];
      double* sc = row[r];
      // Branch-free (which move wins is data the CPU cannot guess): maxsd and integer selects;
      // ties broken as the reference breaks them, and a - b is a + (-b).
      const bool match = xi[r] == y[j];
      const double delta[2] = {-((wi[r] + iy[j]) / 2), wi[r]};
      const double diag = sp[j] + delta[match];
      const double up = sp[j + 1] - half_i[r];
      const double left = sc[j] - half_y[j];
      const double c1 = std::max(diag, up);
      const double c2 = std::max(c1, left);
      const double c = std::max(0.0, c2);  // +0 when c2 <= 0, as the reference's reset
      int move = up > diag ? 2 : 1;
      move = left > c1 ? 3 : move;
      sc[j + 1] = c;
      step[r * m + j] = static_cast<uint8_t>(c2 > 0 ? move : 0);
      const bool better = c > row_best[r];
      row_best[r] = std::max(row_best[r], c);
      row_best_j[r] = better ? j : row_best_j[r];
    }
  }
  for (size_t r = 0; r < K; ++r) {
    if (row_best[r] > best->score) *best = {row_best[r], i0 + r, row_best_j[r]};
  }
  std::copy(row[K - 1], row[K - 1] + stride, s->prev.begin());
}

// The best local alignment of x and y (BestWindow): its matched weight, the two windows' weights
// and the words matched (0: none).
struct Window {
  double matched = 0, wx = 0, wy = 0;
  uint32_t words = 0;
};
Window BestWindow(const WeightedSets& w, std::span<const uint32_t> x, std::span<const uint32_t> y,
                  SequenceScratch* s) {
  const size_t n = x.size(), m = y.size();
  s->ix.resize(n);
  s->iy.resize(m);
  s->half_y.resize(m);
  for (size_t i = 0; i < n; ++i) s->ix[i] = w.DenseIdf(x[i]);
  for (size_t j = 0; j < m; ++j) s->iy[j] = w.DenseIdf(y[j]), s->half_y[j] = s->iy[j] / 2;
  s->prev.assign(m + 1, 0);
  s->cur.resize(kStrip * (m + 1));
  s->step.resize(n * m);
  Best best;
  size_t i0 = 0;
  for (; i0 + kStrip <= n; i0 += kStrip) AlignStrip<kStrip>(x, y, i0, s, &best);
  for (; i0 < n; ++i0) AlignStrip<1>(x, y, i0, s, &best);
  Window out;
  if (best.score <= 0) return out;
  // Back from the best cell to where its alignment starts (a cell of score 0 or the edge), then
  // its sums forward, in the order the reference accumulates them on its way.
  s->cells.clear();
  size_t i = best.i, j = best.j;
  while (true) {
    const uint8_t move = s->step[i * m + j];
    s->cells.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
    if (move == 1 || move == 2) {
      if (i == 0) break;
      --i;
    }
    if (move == 1 || move == 3) {
      if (j == 0) break;
      --j;
    }
    if (s->step[i * m + j] == 0) break;
  }
  for (size_t k = s->cells.size(); k-- > 0;) {
    const uint32_t ci = s->cells[k].first, cj = s->cells[k].second;
    const uint8_t move = s->step[size_t{ci} * m + cj];
    if (move == 1 && x[ci] == y[cj]) {
      out.matched += s->ix[ci], out.wx += s->ix[ci], out.wy += s->iy[cj], ++out.words;
    } else if (move == 1) {
      out.wx += s->ix[ci], out.wy += s->iy[cj];
    } else if (move == 2) {
      out.wx += s->ix[ci];
    } else {
      out.wy += s->iy[cj];
    }
  }
  return out;
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
  DenseBigrams(y, &s.bigrams_b);
  size_t common = 0;
  for (size_t p = 0, q = 0; p < s.bigrams_a.size() && q < s.bigrams_b.size();) {
    if (s.bigrams_a[p] == s.bigrams_b[q]) {
      ++common, ++p, ++q;
    } else if (s.bigrams_a[p] < s.bigrams_b[q]) {
      ++p;
    } else {
      ++q;
    }
  }
  const size_t fewer = std::min(s.bigrams_a.size(), s.bigrams_b.size());
  (*f)[kFeatBigrams] = fewer > 0 ? static_cast<double>(common) / static_cast<double>(fewer) : 0;
  const double shared = totals.shared;
  if (shared <= 0) return true;
  const double cells = static_cast<double>(x.size()) * static_cast<double>(y.size());
  if (cells > 262144.0) {
    (*f)[kFeatInOrder] = 1.0;
    return true;
  }
  (*f)[kFeatInOrder] = std::min(1.0, SparseHeaviestCommon(w, y, &s) / shared);
  if (worth_window != nullptr && !(*worth_window)(*f)) return false;
  const Window win = BestWindow(w, x, y, &s);
  if (win.words > 0) {
    (*f)[kFeatWindow] = std::min(1.0, win.matched / std::sqrt(win.wx * win.wy));
    (*f)[kFeatWindowShare] =
        std::min(1.0, win.matched / std::min(totals.weight_a, totals.weight_b));
    (*f)[kFeatWindowWords] = std::log1p(static_cast<double>(win.words));
  }
  return true;
}

}  // namespace neardup
