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
  std::vector<uint8_t> step;  // the local alignment's move into each cell
  // The pair's matching cells, row by row: row i's columns (ascending) are
  // match_col[match_begin[i], match_begin[i + 1]); per column the range of x's entries in `at`.
  std::vector<uint32_t> match_begin, match_col;
  std::vector<std::pair<uint32_t, uint32_t>> col_entries;
  std::vector<uint32_t> match_cursor;
  std::vector<double> prefix_y, row_chain;
  double total_x = 0, total_y = 0;
  std::vector<double> gain_x, gain_y;  // weight of the matching words after a row / a column
  std::vector<double> chain;           // Fenwick tree of the chains' keys over y's columns
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

// The pair's matching cells (s->match_begin, s->match_col) and, per row and per column, the
// weight of the words after it that match a word of the other side (s->gain_x, s->gain_y): the
// most an alignment through a cell can still gain. x's words must be in s->at (CacheFirstUnit),
// s->ix and s->iy filled. O(n + m + r) for r matching cells.
void FindMatches(std::span<const uint32_t> y, SequenceScratch* s) {
  const size_t n = s->ix.size(), m = y.size(), mask = s->slots.size() - 1;
  s->match_begin.assign(n + 1, 0);
  s->col_entries.assign(m, {0, 0});
  for (size_t j = 0; j < m; ++j) {
    size_t slot = SlotOf(y[j], mask);
    while (s->slots[slot] != kEmptySlot && static_cast<uint32_t>(s->slots[slot] >> 32) != y[j]) {
      slot = (slot + 1) & mask;
    }
    if (s->slots[slot] == kEmptySlot) continue;
    const auto begin = static_cast<uint32_t>(s->slots[slot]);
    uint32_t end = begin;
    for (; end < s->at.size() && s->at[end].first == y[j]; ++end) {
      ++s->match_begin[s->at[end].second + 1];
    }
    s->col_entries[j] = {begin, end};
  }
  for (size_t i = 0; i < n; ++i) s->match_begin[i + 1] += s->match_begin[i];
  // Columns ascending within each row: one cursor per row, filled in column order.
  s->match_cursor.assign(s->match_begin.begin(), s->match_begin.end() - 1);
  s->match_col.resize(s->match_begin[n]);
  s->gain_y.resize(m);
  double after = 0;
  for (size_t j = m; j-- > 0;) {
    s->gain_y[j] = after;
    if (s->col_entries[j].first != s->col_entries[j].second) after += s->iy[j];
  }
  for (size_t j = 0; j < m; ++j) {
    for (uint32_t e = s->col_entries[j].first; e < s->col_entries[j].second; ++e) {
      s->match_col[s->match_cursor[s->at[e].second]++] = static_cast<uint32_t>(j);
    }
  }
  s->gain_x.resize(n);
  after = 0;
  for (size_t i = n; i-- > 0;) {
    s->gain_x[i] = after;
    if (s->match_begin[i] != s->match_begin[i + 1]) after += s->ix[i];
  }
}

// The best local alignment score of x and y up to rounding, from the matching cells alone: a
// mismatch costs what two gaps cost (half of each word's idf), so an alignment is a chain of
// matches, each adding its idf, less half the idf of every word skipped between two of them.
// The chains ending in a row come from those of earlier rows and columns: a Fenwick tree over
// the columns keeps the best key (chain score plus half the weight before its last match).
// O(r log m) for r matching cells (FindMatches first).
double ChainBest(SequenceScratch* s) {
  const size_t n = s->ix.size(), m = s->iy.size();
  constexpr double kNone = -HUGE_VAL;
  s->chain.assign(m + 1, kNone);
  s->prefix_y.resize(m);
  double acc = 0;
  for (size_t j = 0; j < m; ++j) acc += s->iy[j], s->prefix_y[j] = acc;
  s->total_y = acc;
  double best = 0, prefix_x = 0;
  for (size_t i = 0; i < n; ++i) {
    prefix_x += s->ix[i];
    const uint32_t begin = s->match_begin[i], end = s->match_begin[i + 1];
    if (begin == end) continue;
    const double w = s->ix[i];
    s->row_chain.resize(end - begin);
    for (uint32_t e = begin; e < end; ++e) {  // chains from earlier rows only
      const size_t j = s->match_col[e];
      const double at = (prefix_x + s->prefix_y[j]) / 2;
      double before = kNone;
      for (size_t k = j; k > 0; k &= k - 1) before = std::max(before, s->chain[k]);
      const double score = w + std::max(0.0, before - at + w);
      s->row_chain[e - begin] = score + at;
      best = std::max(best, score);
    }
    for (uint32_t e = begin; e < end; ++e) {
      const double key = s->row_chain[e - begin];
      for (size_t k = s->match_col[e] + 1; k <= m; k += k & (~k + 1)) {
        s->chain[k] = std::max(s->chain[k], key);
      }
    }
  }
  s->total_x = prefix_x;
  return best;
}

// The local alignment as AlignStrip computes it, but only over the cells that may lie on a best
// alignment when the best score is at least `floor`: a cell whose score plus what it can still
// gain (gain_x, gain_y) is under the floor is set to 0 and no alignment goes through it; a row
// is computed from the first cell the row above left alive (or its first matching cell that may
// start one) to the last (or its last such matching cell) and on while the scores stay above 0.
// Every cell of a best alignment, and every cell scoring the best, keeps its score and its move
// (the others can only lose score, so no move on a best alignment changes), so the best cell and
// the alignment traced back from it are those of the full table. s->step must be all 0.
void AlignPruned(std::span<const uint32_t> x, std::span<const uint32_t> y, double floor,
                 SequenceScratch* s, Best* best) {
  const size_t n = x.size(), m = y.size();
  const double* iy = s->iy.data();
  const double* half_y = s->half_y.data();
  const double* gain_y = s->gain_y.data();
  s->prev.assign(m + 1, 0);
  s->cur.assign(m + 1, 0);
  double* prev = s->prev.data();
  double* cur = s->cur.data();
  size_t prev_begin = 0, prev_end = 0, cur_begin = 0, cur_end = 0;  // columns written
  bool live = false;                                                // row i - 1 kept a cell
  size_t live_lo = 0, live_hi = 0;
  for (size_t i = 0; i < n; ++i) {
    std::fill(cur + cur_begin + 1, cur + cur_end + 1, 0.0);
    const uint32_t xi = x[i];
    const double wi = s->ix[i], half_i = wi / 2, gain_i = s->gain_x[i];
    size_t start = live ? live_lo : m, through = live ? live_hi + 1 : 0;
    for (uint32_t e = s->match_begin[i]; e < s->match_begin[i + 1]; ++e) {
      const size_t j = s->match_col[e];
      if (wi + std::min(gain_i, gain_y[j]) < floor) continue;  // as the cell's own test below
      start = std::min(start, j);
      through = std::max(through, j);
    }
    uint8_t* step = s->step.data() + i * m;
    double row_best = 0;
    size_t row_best_j = 0, j = start, lo = m, hi = 0;
    for (; j < m; ++j) {
      const bool match = xi == y[j];
      const double delta[2] = {-((wi + iy[j]) / 2), wi};
      const double diag = prev[j] + delta[match];
      const double up = prev[j + 1] - half_i;
      const double left = cur[j] - half_y[j];
      const double c1 = std::max(diag, up);
      const double c2 = std::max(c1, left);
      double c = std::max(0.0, c2);
      int move = up > diag ? 2 : 1;
      move = left > c1 ? 3 : move;
      if (c > 0 && c + std::min(gain_i, gain_y[j]) < floor) c = 0;  // on no best alignment
      cur[j + 1] = c;
      step[j] = static_cast<uint8_t>(c > 0 ? move : 0);
      if (c > 0) lo = std::min(lo, j), hi = j;
      if (c > row_best) row_best = c, row_best_j = j;
      if (j >= through && c <= 0) {
        ++j;
        break;
      }
    }
    if (row_best > best->score) *best = {row_best, i, row_best_j};
    cur_begin = std::min(start, m);
    cur_end = std::max(cur_begin, j);
    live = lo < m;
    live_lo = lo, live_hi = hi;
    std::swap(prev, cur);
    std::swap(prev_begin, cur_begin);
    std::swap(prev_end, cur_end);
  }
}

// The best local alignment of x and y (BestWindow): its matched weight, the two windows' weights
// and the words matched (0: none).
struct Window {
  double matched = 0, wx = 0, wy = 0;
  uint32_t words = 0;
};
Window BestWindow(const WeightedSets& w, std::span<const uint32_t> x, std::span<const uint32_t> y,
                  bool prune, SequenceScratch* s) {
  const size_t n = x.size(), m = y.size();
  s->ix.resize(n);
  s->iy.resize(m);
  s->half_y.resize(m);
  for (size_t i = 0; i < n; ++i) s->ix[i] = w.DenseIdf(x[i]);
  for (size_t j = 0; j < m; ++j) s->iy[j] = w.DenseIdf(y[j]), s->half_y[j] = s->iy[j] / 2;
  Best best;
  FindMatches(y, s);
  const double chain = ChainBest(s);
  // The full table's best is the chains' best up to rounding (well under 1e-9 of the weights).
  const double floor = chain - 1e-9 * (1 + s->total_x + s->total_y);
  if (prune && floor > 0) {
    s->step.assign(n * m, 0);
    AlignPruned(x, y, floor, s, &best);
  } else {
    s->prev.assign(m + 1, 0);
    s->cur.resize(kStrip * (m + 1));
    s->step.resize(n * m);
    size_t i0 = 0;
    for (; i0 + kStrip <= n; i0 += kStrip) AlignStrip<kStrip>(x, y, i0, s, &best);
    for (; i0 < n; ++i0) AlignStrip<1>(x, y, i0, s, &best);
  }
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
  const Window win = BestWindow(w, x, y, prune_windows_, &s);
  if (win.words > 0) {
    (*f)[kFeatWindow] = std::min(1.0, win.matched / std::sqrt(win.wx * win.wy));
    (*f)[kFeatWindowShare] =
        std::min(1.0, win.matched / std::min(totals.weight_a, totals.weight_b));
    (*f)[kFeatWindowWords] = std::log1p(static_cast<double>(win.words));
  }
  return true;
}

}  // namespace neardup
