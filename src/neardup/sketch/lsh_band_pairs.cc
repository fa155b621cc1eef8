// LshBatchIndex::BandPairs (lsh.h): the batch candidate generation of one index: each band's items
// sorted by key, the pairs of every bucket (oversized ones split by sketch probes) screened by
// their byte sketches, then kept, budgeted or dropped (PairJudge). Parameters and keys are in
// lsh.cc.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "neardup/base/pair_lists.h"
#include "neardup/sketch/lsh.h"

namespace neardup {
namespace {

// BandPairs: screened pairs agreeing on fewer positions than this are emitted from every band
// they share rather than only the first (PairJudge).
constexpr uint32_t kCheckAgreement = 20;

// An oversized bucket (one topic's common words) of n items whose byte sketches lie at
// `sketches`: calls consider(i, j) for the pairs of positions i < j within the sub-buckets of
// items agreeing on both positions of a probe (lsh.h), each pair once, so the cost grows with the
// pairs that are alike, not with n^2. *sub is scratch space.
template <typename Consider>
void ForEachSplitPair(size_t band, size_t n, const uint8_t* sketches, std::vector<uint64_t>* sub,
                      Consider&& consider) {
  for (uint32_t q = 0; q < kSplitProbes; ++q) {
    const auto [p1, p2] = SplitProbe(band, q);
    sub->resize(n);
    for (size_t i = 0; i < n; ++i) {
      const uint8_t* si = sketches + i * kByteSketchSize;
      (*sub)[i] = (uint64_t{si[p1]} << 8 | si[p2]) << 32 | i;
    }
    std::sort(sub->begin(), sub->end());
    for (size_t x = 0; x < n;) {
      size_t y = x + 1;
      while (y < n && ((*sub)[y] >> 32) == ((*sub)[x] >> 32)) ++y;
      for (size_t u = x; u < y; ++u) {
        const size_t i = static_cast<uint32_t>((*sub)[u]);
        const uint8_t* si = sketches + i * kByteSketchSize;
        for (size_t v = u + 1; v < y; ++v) {
          const size_t j = static_cast<uint32_t>((*sub)[v]);
          // Examined by an earlier probe already?
          if (SplitProbesAgree(band, si, sketches + j * kByteSketchSize, q)) continue;
          consider(i, j);
        }
      }
      x = y;
    }
  }
}

// The (key << 32 | item) entries of one band of an item-major key array, sorted, on the cores of
// the calling task arena: scattered (stably, blocks in order) into partitions by the key's top
// kBits, then each partition sorted on its own. Entries are distinct (items are), so the order is
// the sorted order whatever the thread count. Holds two 8-byte entries per item, reused per band.
class BandGrouping {
 public:
  // The sorted entries of band `band` of the n items; valid until the next call. O(n) expected.
  const uint64_t* Group(const uint32_t* keys, size_t n, size_t bands, size_t band) {
    entries_.resize(n);
    tmp_.resize(n);
    const size_t blocks = std::clamp<size_t>(n / 16384, 1, 256);
    counts_.assign(blocks << kBits, 0);
    auto block_range = [&](size_t b) { return std::pair{n * b / blocks, n * (b + 1) / blocks}; };
    tbb::parallel_for(size_t{0}, blocks, [&](size_t b) {
      uint32_t* count = counts_.data() + (b << kBits);
      const auto [lo, hi] = block_range(b);
      for (size_t item = lo; item < hi; ++item) {
        const uint64_t key = keys[item * bands + band];
        entries_[item] = key << 32 | item;
        ++count[key >> (32 - kBits)];
      }
    });
    // Start of (block b, partition p): partitions in order, blocks in order within each.
    starts_.resize((size_t{1} << kBits) + 1);
    size_t at = 0;
    for (size_t p = 0; p < (size_t{1} << kBits); ++p) {
      starts_[p] = at;
      for (size_t b = 0; b < blocks; ++b) {
        const uint32_t c = counts_[(b << kBits) + p];
        counts_[(b << kBits) + p] = static_cast<uint32_t>(at);
        at += c;
      }
    }
    starts_.back() = n;
    tbb::parallel_for(size_t{0}, blocks, [&](size_t b) {
      uint32_t* next = counts_.data() + (b << kBits);
      const auto [lo, hi] = block_range(b);
      for (size_t i = lo; i < hi; ++i) tmp_[next[entries_[i] >> (64 - kBits)]++] = entries_[i];
    });
    tbb::parallel_for(tbb::blocked_range<size_t>(0, size_t{1} << kBits, 16),
                      [&](const tbb::blocked_range<size_t>& r) {
                        std::vector<uint32_t> count;
                        for (size_t p = r.begin(); p < r.end(); ++p) {
                          SortPartition(tmp_.data() + starts_[p], entries_.data() + starts_[p],
                                        starts_[p + 1] - starts_[p], &count);
                        }
                      });
    return entries_.data();
  }

 private:
  static constexpr int kBits = 10;
  // Sorts the n entries at `from` (keys sharing their top kBits, otherwise uniform hash values)
  // into `to`, in expected O(n): a stable scatter by the key's next bits into ~n buckets, then an
  // insertion pass that moves entries only within a bucket; std::sort if the pass does more than
  // a few moves per entry (keys not uniform).
  static void SortPartition(const uint64_t* from, uint64_t* to, size_t n,
                            std::vector<uint32_t>* count) {
    if (n < 64) {
      std::copy(from, from + n, to);
      std::sort(to, to + n);
      return;
    }
    const int bits = std::min(20, static_cast<int>(std::bit_width(n - 1)));
    const int shift = 64 - kBits - bits;
    const uint64_t mask = (uint64_t{1} << bits) - 1;
    count->assign((size_t{1} << bits) + 1, 0);
    uint32_t* c = count->data();
    for (size_t i = 0; i < n; ++i) ++c[((from[i] >> shift) & mask) + 1];
    for (size_t b = 1; b < count->size(); ++b) c[b] += c[b - 1];
    for (size_t i = 0; i < n; ++i) to[c[(from[i] >> shift) & mask]++] = from[i];
    size_t budget = 8 * n;
    for (size_t i = 1; i < n; ++i) {
      const uint64_t x = to[i];
      size_t j = i;
      for (; j > 0 && to[j - 1] > x; --j) to[j] = to[j - 1];
      to[j] = x;
      const size_t moved = i - j;
      if (moved > budget) {
        std::sort(to, to + n);
        return;
      }
      budget -= moved;
    }
  }
  UninitVector<uint64_t> entries_, tmp_;
  std::vector<uint32_t> counts_;  // per block and partition: count, then next slot
  std::vector<size_t> starts_;    // per partition
};

// What BandPairs does with a pair of items a < b that collided in band `band` and passed the
// screen: keep, then the weak budget or the first-shared-band check, then emitted. Shared by the
// threads; `Judge` touches only its arguments' memory and the shared budget (thread-safe).
class PairJudge {
 public:
  PairJudge(const uint32_t* keys, size_t bands, const ByteScreen& screen,
            const std::function<bool(uint32_t, uint32_t)>& keep, BestWeakCandidates* weak,
            const std::vector<std::vector<uint32_t>>& oversized)
      : keys_(keys),
        bands_(bands),
        screened_(!screen.sketches.empty()),
        strong_(screened_ ? screen.budget.strong : 0),
        flagged_(screen.flagged),  // one per item (BandPairs checks)
        keep_(keep),
        weak_(weak),
        oversized_(oversized) {}

  // Hints the memory system that Judge(band, a, b, ..., agreement) comes soon. No effect on any
  // result.
  void Prefetch(size_t band, uint64_t a, uint64_t b, uint32_t agreement) const {
    if (!flagged_.empty()) {
      __builtin_prefetch(flagged_.data() + a);
      __builtin_prefetch(flagged_.data() + b);
    }
    if (agreement < strong_) {
      weak_->Prefetch(static_cast<uint32_t>(a), static_cast<uint32_t>(b));
    } else if (!screened_ || agreement >= kCheckAgreement) {
      for (size_t at = 0; at < band; at += 16) {  // 16 keys: one cache line
        __builtin_prefetch(keys_ + a * bands_ + at);
        __builtin_prefetch(keys_ + b * bands_ + at);
      }
    }
  }

  // Judges the pair (sa, sb: its byte sketches when screened, else null; agreement: theirs, 0
  // when not screened); appends it to *pairs if emitted here.
  void Judge(size_t band, uint64_t a, uint64_t b, const uint8_t* sa, const uint8_t* sb,
             uint32_t agreement, std::vector<uint64_t>* pairs) const {
    if (keep_ && (flagged_.empty() || flagged_[a] != 0 || flagged_[b] != 0) &&
        !keep_(static_cast<uint32_t>(a), static_cast<uint32_t>(b))) {
      return;
    }
    if (agreement < strong_) {  // a weak pair: offered to the budget (which dedups)
      weak_->Offer(static_cast<uint32_t>(a), static_cast<uint32_t>(b), agreement);
      return;
    }
    // Emitted by the first band the two share, so every pair appears once; except that screened
    // pairs agreeing on fewer than kCheckAgreement positions, which rarely share a second band,
    // skip the check (a cache miss on b's keys), and that an earlier shared band counts only if
    // the pair was surely examined there (its bucket not oversized, and not split or split so
    // that the probes examined it, below): the few duplicates are removed with the sort the
    // caller does anyway.
    if (!screened_ || agreement >= kCheckAgreement) {
      const uint32_t* ka = keys_ + a * bands_;
      const uint32_t* kb = keys_ + b * bands_;
      for (size_t e = 0; e < band; ++e) {
        if (ka[e] == kb[e] && (!screened_ || SplitProbesAgree(e, sa, sb)) &&
            !IsOversized(e, ka[e])) {
          return;
        }
      }
    }
    pairs->push_back(a << 32 | b);
  }

  bool IsOversized(size_t band, uint32_t key) const {
    const std::vector<uint32_t>& o = oversized_[band];
    return !o.empty() && std::binary_search(o.begin(), o.end(), key);
  }

 private:
  const uint32_t* keys_;
  size_t bands_;
  bool screened_;
  uint32_t strong_;  // 0: no budget
  std::span<const char> flagged_;
  const std::function<bool(uint32_t, uint32_t)>& keep_;
  BestWeakCandidates* weak_;
  const std::vector<std::vector<uint32_t>>& oversized_;
};

// A screened pair waiting for its judgement: items a < b, where their sketches lie in the
// thread's gathered sketches (in units of kByteSketchSize), their agreement.
struct ScreenedHit {
  uint32_t a, b, sa, sb, agreement;
};

// One thread's buffers for the buckets of a band.
struct BandScratch {
  std::vector<uint8_t> sketches;  // the byte sketches of the batch's buckets, in bucket order
  std::vector<ScreenedHit> hits;  // the batch's pairs that passed the screen
  std::vector<uint64_t> pairs;    // (a << 32 | b), a < b
  std::vector<uint64_t> sub;      // an oversized bucket's (sub-key << 32 | position)
  size_t skipped = 0;
};

// Screened pairs are judged in batches of this many (at most: a bucket's pairs may be judged in
// several), each one's random reads (budget rows, band keys) prefetched kJudgeAhead pairs before.
constexpr size_t kJudgeBatch = 1024;
constexpr size_t kJudgeAhead = 8;
// Sketches prefetched this many items ahead when gathered: each is a cache miss (and a TLB miss)
// once the sketches outgrow the last-level cache, so many are kept in flight (was 8).
constexpr size_t kGatherAhead = 24;

// The gathered sketches are judged and dropped once they pass this size between buckets.
constexpr size_t kMaxGatheredBytes = size_t{1} << 20;

// Judges the batch's hits in order and empties the hits; the gathered sketches stay (the bucket
// being screened still reads them). Memory per thread: kJudgeBatch hits, whatever the bucket.
void JudgeHits(const PairJudge& judge, size_t band, BandScratch* w) {
  const std::vector<ScreenedHit>& hits = w->hits;
  const uint8_t* sketches = w->sketches.data();
  for (size_t k = 0; k < hits.size(); ++k) {
    if (k + kJudgeAhead < hits.size()) {
      const ScreenedHit& next = hits[k + kJudgeAhead];
      judge.Prefetch(band, next.a, next.b, next.agreement);
    }
    const ScreenedHit& h = hits[k];
    judge.Judge(band, h.a, h.b, sketches + size_t{h.sa} * kByteSketchSize,
                sketches + size_t{h.sb} * kByteSketchSize, h.agreement, &w->pairs);
  }
  w->hits.clear();
}

// Judges the batch's hits and empties the batch (hits and gathered sketches): between buckets.
void JudgeBatch(const PairJudge& judge, size_t band, BandScratch* w) {
  JudgeHits(judge, band, w);
  w->sketches.clear();
}

}  // namespace

std::vector<uint64_t> LshBatchIndex::BandPairs(const ByteScreen& screen,
                                               const std::function<bool(uint32_t, uint32_t)>& keep,
                                               size_t max_bucket, size_t* skipped_buckets) const {
  const size_t bands = static_cast<size_t>(params_.bands);
  // A pair is emitted by the first band whose bucket examined it (PairJudge); buckets over
  // max_bucket examine nothing, so they are known before any band is grouped.
  const std::vector<std::vector<uint32_t>> oversized = OversizedKeys(max_bucket);
  const bool screened = !screen.sketches.empty();
  // With a budget: the weak candidates kept, one table shared by every thread.
  std::unique_ptr<BestWeakCandidates> weak;
  if (screened && screen.budget.strong > 0) {
    weak = std::make_unique<BestWeakCandidates>(count_, screen.budget.per_item);
  }
  ByteScreen checked = screen;
  if (!checked.flagged.empty() && checked.flagged.size() != count_) {
    checked.flagged = {};  // not one flag per item (a caller's bug): ask keep about every pair
  }
  const PairJudge judge(keys_.data(), bands, checked, keep, weak.get(), oversized);
  tbb::enumerable_thread_specific<BandScratch> scratch;
  // A band grouped by all cores (BandGrouping), then its buckets examined on all cores.
  auto do_band = [&](size_t band, BandGrouping& grouping) {
    const uint64_t* grouped = grouping.Group(keys_.data(), count_, bands, band);
    auto key_at = [&](size_t i) { return grouped[i] >> 32; };
    auto item_at = [&](size_t i) { return grouped[i] & 0xFFFFFFFFu; };
    // The buckets of grouped[lo, hi) (a whole number of them). Screened: a bucket's sketches are
    // gathered once per item (instead of one random read per colliding pair), its pairs screened
    // in cache, and those passing judged in batches (JudgeBatch).
    auto examine = [&](size_t lo, size_t hi, BandScratch& w) {
      for (size_t begin = lo; begin < hi;) {
        const uint64_t key = key_at(begin);
        size_t end = begin + 1;
        while (end < hi && key_at(end) == key) ++end;
        const size_t n = end - begin;
        if (n > max_bucket) {
          ++w.skipped;
        } else if (!screened) {
          for (size_t i = begin; i < end; ++i) {
            for (size_t j = i + 1; j < end; ++j) {
              judge.Judge(band, item_at(i), item_at(j), nullptr, nullptr, 0, &w.pairs);
            }
          }
        } else if (n > 1) {
          const size_t base = w.sketches.size() / kByteSketchSize;
          w.sketches.resize(w.sketches.size() + n * kByteSketchSize);
          uint8_t* gathered = w.sketches.data() + base * kByteSketchSize;
          for (size_t i = begin; i < end; ++i) {
            if (i + kGatherAhead < hi) {
              __builtin_prefetch(screen.sketches.data() +
                                 item_at(i + kGatherAhead) * kByteSketchSize);
            }
            std::memcpy(gathered + (i - begin) * kByteSketchSize,
                        screen.sketches.data() + item_at(i) * kByteSketchSize, kByteSketchSize);
          }
          // Bucket positions i < j (items a < b).
          auto screen_pair = [&](size_t i, size_t j) {
            const uint32_t agreement =
                ByteSketchAgreement(gathered + i * kByteSketchSize, gathered + j * kByteSketchSize);
            if (agreement < screen.min_agreement) return;  // most fail
            w.hits.push_back({static_cast<uint32_t>(item_at(begin + i)),
                              static_cast<uint32_t>(item_at(begin + j)),
                              static_cast<uint32_t>(base + i), static_cast<uint32_t>(base + j),
                              agreement});
            if (w.hits.size() >= kJudgeBatch) JudgeHits(judge, band, &w);
          };
          if (n > kSplitBucket) {
            ForEachSplitPair(band, n, gathered, &w.sub, screen_pair);
          } else {
            for (size_t i = 0; i < n; ++i) {
              for (size_t j = i + 1; j < n; ++j) screen_pair(i, j);
            }
          }
          if (w.hits.empty()) {
            w.sketches.clear();  // no pending hit reads them
          } else if (w.sketches.size() >= kMaxGatheredBytes) {
            JudgeBatch(judge, band, &w);
          }
        }
        begin = end;
      }
      JudgeBatch(judge, band, &w);
    };
    // Ranges cut at bucket boundaries, a few per core (a large bucket makes its range longer).
    const size_t parts = count_ < 4096 ? 1 : 256;
    std::vector<size_t> cut(parts + 1, count_);
    cut[0] = 0;
    for (size_t r = 1; r < parts; ++r) {
      size_t at = std::max(cut[r - 1], count_ * r / parts);
      while (at > 0 && at < count_ && key_at(at) == key_at(at - 1)) ++at;
      cut[r] = at;
    }
    tbb::parallel_for(tbb::blocked_range<size_t>(0, parts, 1),
                      [&](const tbb::blocked_range<size_t>& r) {
                        BandScratch& w = scratch.local();
                        for (size_t p = r.begin(); p < r.end(); ++p) examine(cut[p], cut[p + 1], w);
                      });
  };
  // At most kLiveBands bands at once (two 8-byte entries per item each, whatever the thread
  // count); a band slowed by one large bucket does not hold the others up.
  constexpr size_t kLiveBands = 3;
  std::vector<BandGrouping> pool(kLiveBands);
  std::vector<BandGrouping*> idle(kLiveBands);
  for (size_t i = 0; i < kLiveBands; ++i) idle[i] = &pool[i];
  std::mutex idle_mu;
  size_t next_band = 0;
  tbb::parallel_pipeline(
      kLiveBands, tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                                 [&](tbb::flow_control& fc) -> size_t {
                                                   if (next_band == bands) fc.stop();
                                                   return next_band++;
                                                 }) &
                      tbb::make_filter<size_t, void>(tbb::filter_mode::parallel, [&](size_t band) {
                        BandGrouping* grouping = nullptr;
                        {
                          const std::lock_guard<std::mutex> lock(idle_mu);
                          grouping = idle.back();
                          idle.pop_back();
                        }
                        do_band(band, *grouping);
                        const std::lock_guard<std::mutex> lock(idle_mu);
                        idle.push_back(grouping);
                      }));
  size_t skipped = 0;
  for (const BandScratch& w : scratch) skipped += w.skipped;
  *skipped_buckets = skipped;
  // The weak candidates kept: the best of all offered, whatever the thread count or order.
  std::vector<uint64_t> pairs =
      JoinLists(scratch, [](BandScratch& w) -> std::vector<uint64_t>& { return w.pairs; });
  if (weak) weak->AppendPairs(&pairs);
  return pairs;
}

}  // namespace neardup
