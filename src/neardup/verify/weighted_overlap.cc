// WeightedSets: dense vocabulary, idf, weighted intersection, null sample.

#include "neardup/verify/weighted_overlap.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "neardup/base/pair_lists.h"
#include "neardup/base/random.h"

namespace neardup {

void WeightedSets::FeatureTable::Reset(size_t expected) {
  size_t cap = 1024;
  while (cap < 2 * expected) cap <<= 1;
  slots_.assign(cap, kEmpty);
  size_ = 0;
}

uint32_t WeightedSets::FeatureTable::Insert(uint32_t key, uint32_t value) {
  if (2 * (size_ + 1) > slots_.size()) {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(std::max<size_t>(1024, old.size() * 2), kEmpty);  // a new table: 1024
    size_ = 0;
    for (uint64_t e : old) {
      if (e != kEmpty) Insert(static_cast<uint32_t>(e >> 32), static_cast<uint32_t>(e));
    }
  }
  const size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>(key * 0x9E3779B1u) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == kEmpty) {
      slots_[i] = uint64_t{key} << 32 | value;
      ++size_;
      return value;
    }
    if (static_cast<uint32_t>(slots_[i] >> 32) == key) return static_cast<uint32_t>(slots_[i]);
  }
}

uint32_t WeightedSets::FeatureTable::Find(uint32_t key) const {
  if (slots_.empty()) return kMissing;
  const size_t mask = slots_.size() - 1;
  for (size_t i = static_cast<size_t>(key * 0x9E3779B1u) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == kEmpty) return kMissing;
    if (static_cast<uint32_t>(slots_[i] >> 32) == key) return static_cast<uint32_t>(slots_[i]);
  }
}

void WeightedSets::Build(const std::vector<std::span<const uint32_t>>& sets) {
  // Dense ids are ranks by feature value, so they do not depend on the order features are met:
  // each core counts the distinct features of a share of the items, the counts are merged and
  // ranked, and every item's features are then looked up on every core.
  const size_t n = sets.size();
  offsets_.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) offsets_[i + 1] = offsets_[i] + sets[i].size();
  const size_t total = offsets_[n];
  struct Counts {
    FeatureTable table;  // feature -> index into vocab/df
    std::vector<uint32_t> vocab;
    std::vector<uint32_t> df;
  };
  tbb::enumerable_thread_specific<Counts> counts;
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, n, 4096), [&](const tbb::blocked_range<size_t>& r) {
        Counts& c = counts.local();
        for (size_t i = r.begin(); i < r.end(); ++i) {
          for (uint32_t f : sets[i]) {
            const uint32_t id = c.table.Insert(f, static_cast<uint32_t>(c.vocab.size()));
            if (id == c.vocab.size()) {
              c.vocab.push_back(f);
              c.df.push_back(0);
            }
            ++c.df[id];
          }
        }
      });
  std::vector<uint64_t> feature_df;  // feature << 32 | df, per core's distinct features
  for (const Counts& c : counts) {
    for (size_t k = 0; k < c.vocab.size(); ++k) {
      feature_df.push_back(uint64_t{c.vocab[k]} << 32 | c.df[k]);
    }
  }
  std::sort(feature_df.begin(), feature_df.end());
  table_.Reset(feature_df.size());
  idf_.clear();
  vocab_.clear();
  const double items = static_cast<double>(std::max<size_t>(1, n));
  for (size_t k = 0; k < feature_df.size();) {
    const uint32_t f = static_cast<uint32_t>(feature_df[k] >> 32);
    uint64_t df = 0;
    for (; k < feature_df.size() && static_cast<uint32_t>(feature_df[k] >> 32) == f; ++k) {
      df += static_cast<uint32_t>(feature_df[k]);
    }
    table_.Insert(f, static_cast<uint32_t>(idf_.size()));
    vocab_.push_back(f);
    idf_.push_back(static_cast<float>(std::log(items / static_cast<double>(df))));
  }
  dense_.resize(total);
  weight_.assign(n, 0.0);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 4096),
                    [&](const tbb::blocked_range<size_t>& r) {
                      for (size_t i = r.begin(); i < r.end(); ++i) {
                        uint32_t* out = dense_.data() + offsets_[i];
                        double w = 0;
                        for (uint32_t f : sets[i]) {
                          *out = table_.Find(f);
                          w += idf_[*out++];
                        }
                        weight_[i] = w;
                      }
                    });
}

void WeightedSets::SetSequences(const std::vector<uint64_t>& offsets,
                                const std::vector<uint32_t>& ids) {
  // Looked up in place on every core (a missing id marked), then compacted in order.
  const size_t n = offsets.empty() ? 0 : offsets.size() - 1;
  seq_.resize(n == 0 ? 0 : offsets[n]);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, seq_.size(), 1 << 14),
                    [&](const tbb::blocked_range<size_t>& r) {
                      for (size_t k = r.begin(); k < r.end(); ++k) seq_[k] = table_.Find(ids[k]);
                    });
  seq_offsets_.assign(n + 1, 0);
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    for (uint64_t k = offsets[i]; k < offsets[i + 1]; ++k) {
      if (seq_[k] != FeatureTable::kMissing) seq_[kept++] = seq_[k];
    }
    seq_offsets_[i + 1] = kept;
  }
  seq_.resize(kept);
}

double WeightedSets::Local(uint32_t a, uint32_t b, uint32_t min_words) const {
  if (a + 1 >= seq_offsets_.size() || b + 1 >= seq_offsets_.size()) return 0;
  const uint32_t* x = seq_.data() + seq_offsets_[a];
  const uint32_t* y = seq_.data() + seq_offsets_[b];
  const size_t n = seq_offsets_[a + 1] - seq_offsets_[a];
  const size_t m = seq_offsets_[b + 1] - seq_offsets_[b];
  if (n < min_words || m < min_words || n * m > (1u << 18)) return 0;
  struct Cell {
    float score = 0, matched = 0;
    uint32_t i0 = 0, j0 = 0;
    uint32_t count = 0;  // matched words
  };
  thread_local std::vector<Cell> prev, cur;
  prev.assign(m + 1, Cell());
  cur.assign(m + 1, Cell());
  // Prefix sums of idf along each sequence, for the regions' weights.
  thread_local std::vector<double> px, py;
  px.assign(n + 1, 0);
  py.assign(m + 1, 0);
  for (size_t i = 0; i < n; ++i) px[i + 1] = px[i] + idf_[x[i]];
  for (size_t j = 0; j < m; ++j) py[j + 1] = py[j] + idf_[y[j]];
  // The region must hold at least half of the lighter item's weight: a rewritten sentence, not a
  // name ("North Korean leader Kim Jong Un") both paragraphs mention.
  const float min_matched = static_cast<float>(0.5 * std::min(weight_[a], weight_[b]));
  double best = 0;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = Cell();
    const float wa = idf_[x[i - 1]];
    for (size_t j = 1; j <= m; ++j) {
      const float wb = idf_[y[j - 1]];
      Cell c;  // score 0: a region may start after this cell
      c.i0 = static_cast<uint32_t>(i);
      c.j0 = static_cast<uint32_t>(j);
      if (x[i - 1] == y[j - 1]) {
        const Cell& d = prev[j - 1];
        Cell t = d.score > 0
                     ? d
                     : Cell{0, 0, static_cast<uint32_t>(i - 1), static_cast<uint32_t>(j - 1), 0};
        t.score += wa;
        t.matched += wa;
        ++t.count;
        if (t.score > c.score) c = t;
      } else {
        const Cell& d = prev[j - 1];
        if (d.score - 0.5f * (wa + wb) > c.score) {
          c = d;
          c.score -= 0.5f * (wa + wb);
        }
      }
      if (prev[j].score - 0.5f * wa > c.score) {
        c = prev[j];
        c.score -= 0.5f * wa;
      }
      if (cur[j - 1].score - 0.5f * wb > c.score) {
        c = cur[j - 1];
        c.score -= 0.5f * wb;
      }
      cur[j] = c;
      if (c.matched >= min_matched && c.count >= min_words) {
        const double wx = px[i] - px[c.i0], wy = py[j] - py[c.j0];
        if (wx > 0 && wy > 0) best = std::max(best, std::min(1.0, c.matched / std::sqrt(wx * wy)));
      }
    }
    std::swap(prev, cur);
  }
  return best;
}

double WeightedSets::HeaviestCommonSubsequence(std::span<const uint32_t> x,
                                               std::span<const uint32_t> y, double band) const {
  const size_t n = x.size(), m = y.size();
  if (n == 0 || m == 0) return 0;
  const double slope = static_cast<double>(m) / static_cast<double>(n);
  // Row by row: prev[j] = heaviest common subsequence of x[0, i) and y[0, j).
  thread_local std::vector<double> prev, cur;
  prev.assign(m + 1, 0);
  cur.assign(m + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    const double center = (static_cast<double>(i) + 0.5) * slope;
    for (size_t j = 0; j < m; ++j) {
      double best = std::max(prev[j + 1], cur[j]);
      if (x[i] == y[j] && x[i] != FeatureTable::kMissing &&
          std::abs(static_cast<double>(j) + 0.5 - center) <= band) {
        best = std::max(best, prev[j] + static_cast<double>(idf_[x[i]]));
      }
      cur[j + 1] = best;
    }
    std::swap(prev, cur);
  }
  return prev[m];
}

double WeightedSets::InOrderShare(uint32_t a, uint32_t b, std::span<const uint32_t> seq_a,
                                  std::span<const uint32_t> seq_b) const {
  const WeightedOverlap o = Overlap(a, b);
  if (o.shared_weight <= 0) return 0;
  if (uint64_t{seq_a.size()} * seq_b.size() > kMaxInOrderCells) return 1;
  thread_local std::vector<uint32_t> x, y;
  x.clear();
  y.clear();
  for (const uint32_t id : seq_a) x.push_back(table_.Find(id));
  for (const uint32_t id : seq_b) y.push_back(table_.Find(id));
  const double in_order = HeaviestCommonSubsequence(x, y, std::numeric_limits<double>::infinity());
  // A word repeated on both sides can be matched more than once; the share stays within 1.
  return std::min(1.0, in_order / o.shared_weight);
}

double WeightedSets::DiagonalScore(uint32_t a, uint32_t b, double band_share,
                                   uint32_t min_band) const {
  if (a + 1 >= seq_offsets_.size() || b + 1 >= seq_offsets_.size()) return 0;
  const std::span<const uint32_t> x(seq_.data() + seq_offsets_[a],
                                    seq_offsets_[a + 1] - seq_offsets_[a]);
  const std::span<const uint32_t> y(seq_.data() + seq_offsets_[b],
                                    seq_offsets_[b + 1] - seq_offsets_[b]);
  if (uint64_t{x.size()} * y.size() > kMaxInOrderCells) return 0;
  const double wa = weight_[a], wb = weight_[b];
  if (wa <= 0 || wb <= 0) return 0;
  const double band = std::max(static_cast<double>(min_band),
                               band_share * static_cast<double>(std::max(x.size(), y.size())));
  return std::min(1.0, HeaviestCommonSubsequence(x, y, band) / std::sqrt(wa * wb));
}

std::vector<std::pair<uint32_t, uint32_t>> WeightedSets::PairsSharingRareFeature(
    double min_idf, const std::function<bool(uint32_t, uint32_t)>& keep) const {
  // Postings of the rare features only (a counting sort by feature), items ascending.
  const size_t v = idf_.size();
  std::vector<uint8_t> rare(v);
  for (size_t f = 0; f < v; ++f) rare[f] = static_cast<double>(idf_[f]) >= min_idf ? 1 : 0;
  std::vector<uint64_t> start(v + 1, 0);
  for (const uint32_t f : dense_) start[f + 1] += rare[f];
  for (size_t f = 0; f < v; ++f) start[f + 1] += start[f];
  std::vector<uint32_t> items(start[v]);
  {
    std::vector<uint64_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i + 1 < offsets_.size(); ++i) {
      for (uint64_t j = offsets_[i]; j < offsets_[i + 1]; ++j) {
        const uint32_t f = dense_[j];
        if (rare[f]) items[next[f]++] = static_cast<uint32_t>(i);
      }
    }
  }
  tbb::enumerable_thread_specific<std::vector<uint64_t>> local;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, v, 64), [&](const tbb::blocked_range<size_t>& r) {
    std::vector<uint64_t>& out = local.local();
    for (size_t f = r.begin(); f < r.end(); ++f) {
      for (uint64_t x = start[f]; x < start[f + 1]; ++x) {
        for (uint64_t y = x + 1; y < start[f + 1]; ++y) {
          if (keep(items[x], items[y])) out.push_back(uint64_t{items[x]} << 32 | items[y]);
        }
      }
    }
  });
  std::vector<uint64_t> all =
      JoinLists(local, [](std::vector<uint64_t>& out) -> std::vector<uint64_t>& { return out; });
  return SortedUniquePairs(&all, size());
}

bool WeightedSets::SharesFeature(uint32_t a, uint32_t b) const {
  const uint32_t* x = dense_.data() + offsets_[a];
  const uint32_t* xe = dense_.data() + offsets_[a + 1];
  const uint32_t* y = dense_.data() + offsets_[b];
  const uint32_t* ye = dense_.data() + offsets_[b + 1];
  while (x != xe && y != ye) {
    if (*x < *y) {
      ++x;
    } else if (*y < *x) {
      ++y;
    } else {
      return true;
    }
  }
  return false;
}

WeightedOverlap WeightedSets::OverlapFrom(uint32_t a, uint32_t b, double shared_weight,
                                          uint32_t shared, double rarest_shared) const {
  WeightedOverlap o;
  o.shared_weight = shared_weight;
  o.rarest_shared = rarest_shared;
  o.shared = shared;
  const double wa = weight_[a], wb = weight_[b];
  if (wa > 0 && wb > 0) {
    o.similarity = std::min(1.0, o.shared_weight / std::sqrt(wa * wb));
    o.containment_a = std::min(1.0, o.shared_weight / wa);
    o.containment_b = std::min(1.0, o.shared_weight / wb);
  }
  o.global = o.similarity;
  return o;
}

namespace {

// The reference's merge of xs and ys, its sums continuing from `out`.
SharedIds MergeShared(std::span<const uint32_t> xs, std::span<const uint32_t> ys, const float* idf,
                      SharedIds out) {
  const uint32_t* x = xs.data();
  const uint32_t* xe = x + xs.size();
  const uint32_t* y = ys.data();
  const uint32_t* ye = y + ys.size();
  // Branch-free merge (which side advances is data, not a jump the CPU must guess); adding 0.0
  // for a non-shared id leaves the sum bit-identical to adding only the shared ones.
  while (x != xe && y != ye) {
    const uint32_t vx = *x, vy = *y;
    const bool equal = vx == vy;
    const float w = equal ? idf[vx] : 0.0f;
    out.weight += w;
    out.rarest = std::max(out.rarest, w);
    out.count += equal;
    x += vx <= vy;
    y += vy <= vx;
  }
  return out;
}

}  // namespace

SharedIds SumSharedScalar(std::span<const uint32_t> x, std::span<const uint32_t> y,
                          const float* idf) {
  return MergeShared(x, y, idf, SharedIds());
}

SharedIds SumShared(std::span<const uint32_t> xs, std::span<const uint32_t> ys, const float* idf) {
#if defined(__SSE2__)
  // Blocks of four ids of each list: the block of x against the four rotations of y's block
  // gives which of x's four are shared; the block whose last id is smaller (both when equal)
  // moves on. A shared id is found once, in the blocks that hold it both, and the shared ids
  // come out ascending (a later pair of blocks holds only larger ones), so the sum adds the
  // same terms in the same order as the reference (whose added zeros change nothing).
  const size_t nx = xs.size(), ny = ys.size();
  const uint32_t* x = xs.data();
  const uint32_t* y = ys.data();
  size_t i = 0, j = 0;
  SharedIds out;
  while (i + 4 <= nx && j + 4 <= ny) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(y + j));
    const __m128i eq01 = _mm_or_si128(
        _mm_cmpeq_epi32(a, b), _mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, _MM_SHUFFLE(0, 3, 2, 1))));
    const __m128i eq23 =
        _mm_or_si128(_mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, _MM_SHUFFLE(1, 0, 3, 2))),
                     _mm_cmpeq_epi32(a, _mm_shuffle_epi32(b, _MM_SHUFFLE(2, 1, 0, 3))));
    auto mask = static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(_mm_or_si128(eq01, eq23))));
    while (mask != 0) {
      const float w = idf[x[i + static_cast<size_t>(__builtin_ctz(mask))]];
      out.weight += w;
      out.rarest = std::max(out.rarest, w);
      ++out.count;
      mask &= mask - 1;
    }
    const uint32_t last_x = x[i + 3], last_y = y[j + 3];
    i += last_x <= last_y ? 4 : 0;
    j += last_y <= last_x ? 4 : 0;
  }
  // The rest's shared ids are all larger than the blocks': their terms continue the sums.
  return MergeShared(xs.subspan(i), ys.subspan(j), idf, out);
#else
  return SumSharedScalar(xs, ys, idf);
#endif
}

WeightedOverlap WeightedSets::Overlap(uint32_t a, uint32_t b, uint32_t min_local_words,
                                      double local_below, double local_min_rarest) const {
  WeightedOverlap o;
  const SharedIds shared = SumShared(DenseFeatures(a), DenseFeatures(b), idf_.data());
  o = OverlapFrom(a, b, shared.weight, shared.count, shared.rarest);
  const double wa = weight_[a], wb = weight_[b];
  // A local region must match min_local_words words holding half the lighter item's weight: a
  // pair whose whole sets share less cannot have one (and skips the O(n m) alignment).
  if (min_local_words > 0 && o.global < local_below && o.shared >= std::max(3u, min_local_words) &&
      o.shared_weight >= 0.5 * std::min(wa, wb) && o.rarest_shared >= local_min_rarest) {
    o.local = Local(a, b, min_local_words);
    o.similarity = std::max(o.similarity, o.local);
  }
  return o;
}

std::vector<std::pair<uint32_t, uint32_t>> WeightedSets::NullPairs(
    const std::vector<uint32_t>& item_doc, size_t samples, uint64_t seed, uint32_t lo,
    uint32_t hi) const {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  std::vector<uint32_t> items;
  for (uint32_t i = 0; i < size(); ++i) {
    if (Features(i) >= lo && Features(i) < hi) items.push_back(i);
  }
  const uint64_t n = items.size();
  if (n < 2) return out;
  uint64_t state = seed ^ 0x6e756c6cULL ^ (uint64_t{lo} << 32);  // "null"
  if (n * (n - 1) / 2 <= 4 * samples) {
    // Few enough pairs to list them all; a random subset if there are more than `samples`.
    for (size_t x = 0; x < n; ++x) {
      for (size_t y = x + 1; y < n; ++y) {
        const uint32_t i = items[x], j = items[y];
        if (item_doc[i] != item_doc[j] && SharesFeature(i, j)) out.emplace_back(i, j);
      }
    }
    for (size_t k = out.size(); k > 1 && out.size() > samples; --k) {
      std::swap(out[k - 1], out[SplitMix64(&state) % k]);  // Fisher-Yates, deterministic
    }
    if (out.size() > samples) out.resize(samples);
    return out;
  }
  std::unordered_set<uint64_t> seen;  // distinct pairs only: a small class is not resampled
  for (size_t tries = 0; tries < 20 * samples && out.size() < samples; ++tries) {
    const uint32_t i = items[SplitMix64(&state) % n];
    const uint32_t j = items[SplitMix64(&state) % n];
    if (i == j || item_doc[i] == item_doc[j]) continue;
    if (!SharesFeature(i, j)) continue;
    if (!seen.insert(uint64_t{std::min(i, j)} << 32 | std::max(i, j)).second) continue;
    out.emplace_back(i, j);
  }
  return out;
}

}  // namespace neardup
