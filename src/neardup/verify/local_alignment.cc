// LocalAligner (local_alignment.h): a floor under the best score from the matching cells alone,
// then the table over the cells that can still reach it, then one trace back.

#include "neardup/verify/local_alignment.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <limits>

namespace neardup {
namespace {

constexpr uint64_t kEmptySlot = UINT64_MAX;
size_t SlotOf(uint32_t key, size_t mask) {
  return static_cast<size_t>((uint64_t{key} * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

// Rows are done kStrip at a time when every cell is computed, skewed (row r of the strip one
// column behind row r - 1), so the strip's rows are independent chains of dependent operations
// the CPU runs side by side.
constexpr size_t kStrip = 4;

// The least positive double: a score at least this is above 0.
constexpr double kTiny = std::numeric_limits<double>::denorm_min();

// a > b ? a : b (std::max(b, a) for doubles, -0 and +0 included): what one maxsd computes, which
// the compiler emits for it (no branch).
inline double MaxSd(double a, double b) { return a > b ? a : b; }
// a >= b ? if_at_least : otherwise, by a compare mask where there is SSE2 (no branch, and the
// compare runs beside whatever computes if_at_least).
inline double AtLeast(double a, double b, double if_at_least, double otherwise) {
#if defined(__SSE2__)
  const __m128d mask = _mm_cmple_sd(_mm_set_sd(b), _mm_set_sd(a));  // b <= a: a >= b
  return _mm_cvtsd_f64(_mm_or_pd(_mm_and_pd(mask, _mm_set_sd(if_at_least)),
                                 _mm_andnot_pd(mask, _mm_set_sd(otherwise))));
#else
  return a >= b ? if_at_least : otherwise;
#endif
}
// pick ? a : b, by masks where there is SSE2 (no branch).
inline double Select(bool pick, double a, double b) {
#if defined(__SSE2__)
  const __m128d mask = _mm_castsi128_pd(_mm_set1_epi64x(-static_cast<int64_t>(pick)));
  return _mm_cvtsd_f64(
      _mm_or_pd(_mm_and_pd(mask, _mm_set_sd(a)), _mm_andnot_pd(mask, _mm_set_sd(b))));
#else
  return pick ? a : b;
#endif
}

}  // namespace

void LocalAligner::SetFirst(std::span<const uint32_t> x) {
  at_.clear();
  for (size_t i = 0; i < x.size(); ++i) at_.emplace_back(x[i], static_cast<uint32_t>(i));
  std::sort(at_.begin(), at_.end());
  size_t size = 16;
  while (size < 2 * at_.size()) size *= 2;
  slots_.assign(size, kEmptySlot);
  for (size_t e = at_.size(); e-- > 0;) {  // a word's first entry stays
    size_t slot = SlotOf(at_[e].first, size - 1);
    while (slots_[slot] != kEmptySlot &&
           static_cast<uint32_t>(slots_[slot] >> 32) != at_[e].first) {
      slot = (slot + 1) & (size - 1);
    }
    slots_[slot] = uint64_t{at_[e].first} << 32 | e;
  }
}

std::span<const std::pair<uint32_t, uint32_t>> LocalAligner::EntriesOf(uint32_t word) const {
  const size_t mask = slots_.size() - 1;
  size_t slot = SlotOf(word, mask);
  while (slots_[slot] != kEmptySlot && static_cast<uint32_t>(slots_[slot] >> 32) != word) {
    slot = (slot + 1) & mask;
  }
  if (slots_[slot] == kEmptySlot) return {};
  const auto begin = static_cast<size_t>(static_cast<uint32_t>(slots_[slot]));
  size_t end = begin;
  while (end < at_.size() && at_[end].first == word) ++end;
  return {at_.data() + begin, end - begin};
}

// The matching cells (match_begin_, match_col_) and, per row and per column, the weight of the
// words after it that match a word of the other side (gain_x_, gain_y_): the most an alignment
// through a cell can still gain. O(n + m + r) for r matching cells.
void LocalAligner::FindMatches(std::span<const uint32_t> y) {
  const size_t n = ix_.size(), m = y.size();
  match_begin_.assign(n + 1, 0);
  col_entries_.assign(m, {0, 0});
  for (size_t j = 0; j < m; ++j) {
    const auto entries = EntriesOf(y[j]);
    if (entries.empty()) continue;
    for (const auto& e : entries) ++match_begin_[e.second + 1];
    const auto begin = static_cast<uint32_t>(entries.data() - at_.data());
    col_entries_[j] = {begin, begin + static_cast<uint32_t>(entries.size())};
  }
  for (size_t i = 0; i < n; ++i) match_begin_[i + 1] += match_begin_[i];
  // Columns ascending within each row: one cursor per row, filled in column order.
  match_cursor_.assign(match_begin_.begin(), match_begin_.end() - 1);
  match_col_.resize(match_begin_[n]);
  for (size_t j = 0; j < m; ++j) {
    for (uint32_t e = col_entries_[j].first; e < col_entries_[j].second; ++e) {
      match_col_[match_cursor_[at_[e].second]++] = static_cast<uint32_t>(j);
    }
  }
  gain_y_.resize(m);
  double after = 0;
  for (size_t j = m; j-- > 0;) {
    gain_y_[j] = after;
    if (col_entries_[j].first != col_entries_[j].second) after += iy_[j];
  }
  gain_x_.resize(n);
  after = 0;
  for (size_t i = n; i-- > 0;) {
    gain_x_[i] = after;
    if (match_begin_[i] != match_begin_[i + 1]) after += ix_[i];
  }
}

// The best local alignment score up to rounding, from the matching cells alone: a mismatch costs
// what two gaps cost (half of each word's weight), so an alignment is a chain of matches, each
// adding its weight, less half the weight of every word skipped between two of them. The chains
// ending in a row extend those of earlier rows and columns: a Fenwick tree over the columns keeps
// the best key (a chain's score plus half the weight up to its last match). O(r log m).
double LocalAligner::ChainBest() {
  const size_t n = ix_.size(), m = iy_.size();
  constexpr double kNone = -HUGE_VAL;
  chain_.assign(m + 1, kNone);
  prefix_y_.resize(m);
  double acc = 0;
  for (size_t j = 0; j < m; ++j) acc += iy_[j], prefix_y_[j] = acc;
  total_y_ = acc;
  double best = 0, prefix_x = 0;
  for (size_t i = 0; i < n; ++i) {
    prefix_x += ix_[i];
    const uint32_t begin = match_begin_[i], end = match_begin_[i + 1];
    if (begin == end) continue;
    const double w = ix_[i];
    row_chain_.resize(end - begin);
    for (uint32_t e = begin; e < end; ++e) {  // chains from earlier rows only
      const size_t j = match_col_[e];
      const double at = (prefix_x + prefix_y_[j]) / 2;
      double before = kNone;
      for (size_t k = j; k > 0; k &= k - 1) before = std::max(before, chain_[k]);
      const double score = w + std::max(0.0, before - at + w);
      row_chain_[e - begin] = score + at;
      best = std::max(best, score);
    }
    for (uint32_t e = begin; e < end; ++e) {
      const double key = row_chain_[e - begin];
      for (size_t k = match_col_[e] + 1; k <= m; k += k & (~k + 1)) {
        chain_[k] = std::max(chain_[k], key);
      }
    }
  }
  total_x_ = prefix_x;
  return best;
}

// The table as AlignStrip computes it, but only over the cells that may lie on a best alignment
// when the best score is at least `floor`: a cell whose score plus what it can still gain
// (gain_x_, gain_y_) is under the floor is set to 0 and no alignment goes through it; a row is
// computed from the first cell the row above kept (or its first matching cell that may start an
// alignment) to the last one (or its last such matching cell), and on while scores stay above 0.
// Every cell of a best alignment, and every cell scoring the best, keeps its score and its move
// (the others can only lose score, so no move on a best alignment changes), so the best cell and
// the alignment traced back from it are those of the full table. step_ must be all 0.
void LocalAligner::AlignPruned(std::span<const uint32_t> x, std::span<const uint32_t> y,
                               double floor, Best* best) {
  const size_t n = x.size(), m = y.size();
  const double* iy = iy_.data();
  const double* half_y = half_y_.data();
  // A cell is kept when its score is at least max(floor - min(gain_i, gain_y[j]), kTiny), which
  // is max(keep_x, keep_y[j]) to the bit (floor - min(a, b) is the larger of floor - a and
  // floor - b: the same subtraction, and rounding keeps the order).
  keep_y_.resize(m);
  for (size_t j = 0; j < m; ++j) keep_y_[j] = std::max(floor - gain_y_[j], kTiny);
  const double* keep_y = keep_y_.data();
  const double* gain_y = gain_y_.data();
  prev_.assign(m + 1, 0);
  cur_.assign(m + 1, 0);
  double* prev = prev_.data();
  double* cur = cur_.data();
  size_t prev_begin = 0, prev_end = 0, cur_begin = 0, cur_end = 0;  // columns written
  bool live = false;                                                // row i - 1 kept a cell
  size_t live_lo = 0, live_hi = 0;
  for (size_t i = 0; i < n; ++i) {
    std::fill(cur + cur_begin + 1, cur + cur_end + 1, 0.0);
    const uint32_t xi = x[i];
    const double wi = ix_[i], half_i = wi / 2, gain_i = gain_x_[i];
    const double keep_x = std::max(floor - gain_i, kTiny);
    size_t start = live ? live_lo : m, through = live ? live_hi + 1 : 0;
    for (uint32_t e = match_begin_[i]; e < match_begin_[i + 1]; ++e) {
      const size_t j = match_col_[e];
      if (wi + std::min(gain_i, gain_y[j]) < floor) continue;  // the cell's own test, below
      start = std::min(start, j);
      through = std::max(through, j);
    }
    uint8_t* step = step_.data() + i * m;
    double row_best = 0;
    // left: the cell to the left's score less half_y[j] (column start - 1 scores 0); half_y_
    // holds a 0 at m, read after the last column.
    double left = 0.0 - half_y[std::min(start, m)];
    size_t row_best_j = 0, j = start, lo = m, hi = 0;
    for (; j < m; ++j) {
      // As AlignStrip, cell for cell, and the two tests (above 0, not under the floor) one
      // comparison: c2 >= keep, keep > 0. Branch-free (which move wins is data the CPU cannot
      // guess, and a missed branch costs more than the cell): maxsd, compare masks and integer
      // selects, each giving the value std::max and ?: give. The next cell's `left` is chosen
      // between c2 - half_y[j + 1] and 0 - half_y[j + 1] (the subtraction beside the compare,
      // not after it: the chain from cell to cell is what bounds the row).
      const bool match = xi == y[j];
      const double diag = prev[j] + Select(match, wi, -((wi + iy[j]) / 2));
      const double up = prev[j + 1] - half_i;
      const double keep = MaxSd(keep_y[j], keep_x);
      const double c1 = MaxSd(up, diag);  // std::max(diag, up)
      const double c2 = MaxSd(left, c1);  // std::max(c1, left)
      int move = up > diag ? 2 : 1;
      move = left > c1 ? 3 : move;
      const bool kept = c2 >= keep;  // c2 > 0 and c2 + gain >= floor, to rounding (see above)
      const double c = AtLeast(c2, keep, c2, 0.0);                        // kept ? c2 : 0.0
      left = AtLeast(c2, keep, c2 - half_y[j + 1], 0.0 - half_y[j + 1]);  // c - half_y[j + 1]
      cur[j + 1] = c;
      step[j] = static_cast<uint8_t>(kept ? move : 0);
      lo = kept && j < lo ? j : lo;
      hi = kept ? j : hi;
      row_best_j = c > row_best ? j : row_best_j;
      row_best = MaxSd(c, row_best);  // c > row_best ? c : row_best
      if (j >= through && !kept) {
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

// Rows [i0, i0 + K) of the full table of x (rows) and y (columns): scores and the move into each
// cell (step_). prev_ holds row i0 - 1 on entry (index j + 1 for column j, 0 at index 0) and row
// i0 + K - 1 on return.
template <size_t K>
void LocalAligner::AlignStrip(std::span<const uint32_t> x, std::span<const uint32_t> y, size_t i0,
                              Best* best) {
  const size_t m = y.size(), stride = m + 1;
  const double* iy = iy_.data();
  const double* half_y = half_y_.data();
  const double* up_row[K];
  double* row[K];
  uint32_t xi[K];
  double wi[K], half_i[K], row_best[K];
  size_t row_best_j[K];
  for (size_t r = 0; r < K; ++r) {
    row[r] = cur_.data() + r * stride;
    up_row[r] = r == 0 ? prev_.data() : row[r - 1];
    row[r][0] = 0;
    xi[r] = x[i0 + r];
    wi[r] = ix_[i0 + r];
    half_i[r] = wi[r] / 2;
    row_best[r] = 0;
    row_best_j[r] = 0;
  }
  uint8_t* step = step_.data() + i0 * m;
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
  std::copy(row[K - 1], row[K - 1] + stride, prev_.begin());
}

LocalWindow LocalAligner::Align(std::span<const uint32_t> x, std::span<const uint32_t> y,
                                std::span<const double> ix, std::span<const double> iy,
                                bool prune) {
  const size_t n = x.size(), m = y.size();
  LocalWindow out;
  if (n == 0 || m == 0) return out;
  ix_.assign(ix.begin(), ix.end());
  iy_.assign(iy.begin(), iy.end());
  half_y_.resize(m + 1);
  for (size_t j = 0; j < m; ++j) half_y_[j] = iy_[j] / 2;
  half_y_[m] = 0;  // AlignPruned reads one past the last column
  Best best;
  double floor = 0;
  if (prune && n * m > kSmallTable) {
    FindMatches(y);
    const double chain = ChainBest();
    if (chain <= 0) return out;  // no matching cell of positive weight: no cell scores above 0
    // The full table's best is the chains' best up to rounding (well under 1e-9 of the weights).
    floor = chain - 1e-9 * (1 + total_x_ + total_y_);
  }
  if (floor > 0) {
    step_.assign(n * m, 0);
    AlignPruned(x, y, floor, &best);
  } else {
    prev_.assign(m + 1, 0);
    cur_.resize(kStrip * (m + 1));
    step_.resize(n * m);
    size_t i0 = 0;
    for (; i0 + kStrip <= n; i0 += kStrip) AlignStrip<kStrip>(x, y, i0, &best);
    for (; i0 < n; ++i0) AlignStrip<1>(x, y, i0, &best);
  }
  if (best.score <= 0) return out;
  // Back from the best cell to where its alignment starts (a cell of score 0 or the edge), then
  // its sums forward, in the order the reference accumulates them on its way.
  cells_.clear();
  size_t i = best.i, j = best.j;
  while (true) {
    const uint8_t move = step_[i * m + j];
    cells_.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
    if (move == 1 || move == 2) {
      if (i == 0) break;
      --i;
    }
    if (move == 1 || move == 3) {
      if (j == 0) break;
      --j;
    }
    if (step_[i * m + j] == 0) break;
  }
  for (size_t k = cells_.size(); k-- > 0;) {
    const uint32_t ci = cells_[k].first, cj = cells_[k].second;
    const uint8_t move = step_[size_t{ci} * m + cj];
    if (move == 1 && x[ci] == y[cj]) {
      out.matched += ix_[ci], out.weight_x += ix_[ci], out.weight_y += iy_[cj], ++out.words;
    } else if (move == 1) {
      out.weight_x += ix_[ci], out.weight_y += iy_[cj];
    } else if (move == 2) {
      out.weight_x += ix_[ci];
    } else {
      out.weight_y += iy_[cj];
    }
  }
  out.begin_x = cells_.back().first;
  out.begin_y = cells_.back().second;
  out.end_x = static_cast<uint32_t>(best.i + 1);
  out.end_y = static_cast<uint32_t>(best.j + 1);
  return out;
}

}  // namespace neardup
