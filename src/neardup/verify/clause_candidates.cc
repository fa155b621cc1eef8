// Clause candidates (clause_candidates.h): rare keys → their holders → each item's hits → the
// pairs that qualify. The reference sorts every key of the corpus.

#include "neardup/verify/clause_candidates.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <span>

namespace neardup {
namespace {

// Bigram keys are marked by the top bit (stem keys are 32-bit ids).
constexpr uint64_t kBigramBit = uint64_t{1} << 63;
// Hit kinds (the low 2 bits of a hit: b << 2 | kind).
constexpr uint8_t kStemHit = 1, kBigramHit = 2;

// The key of the content-word bigram (s, t), s != t: mixed by splitmix64's finaliser.
uint64_t BigramKey(uint32_t s, uint32_t t) {
  uint64_t x = uint64_t{s} << 32 | t;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return kBigramBit | (x ^ (x >> 31));
}

// The most sentences a rare key may have.
size_t RareCap(size_t n) {
  return std::min(kMaxClauseKeyHolders, static_cast<size_t>(std::sqrt(static_cast<double>(n))));
}

// Whether items a and b may pair: different documents and groups, not two one-sentence documents
// (those are judged whole, by the sentence and paragraph levels).
bool MayPair(const ClauseItem& a, const ClauseItem& b) {
  return a.doc != b.doc && a.group != b.group && !(a.whole_document && b.whole_document);
}

// Sorts one first item's hits (b << 2 | kind) and writes the second items that qualify (two
// bigrams, a bigram and two stems, or three stems), ascending, to its front. Returns their number.
uint32_t KeepQualifying(uint64_t* h, size_t size) {
  std::sort(h, h + size);
  uint32_t out = 0;
  for (size_t x = 0; x < size;) {
    size_t y = x;
    uint32_t stems = 0, bigrams = 0;
    for (; y < size && h[y] >> 2 == h[x] >> 2; ++y) {
      if ((h[y] & 3) == kBigramHit) {
        ++bigrams;
      } else {
        ++stems;
      }
    }
    if (bigrams >= 2 || (bigrams >= 1 && stems >= 2) || stems >= 3) h[out++] = h[x] >> 2;
    x = y;
  }
  return out;
}

// The rare keys: key r is held by holders[start[r], start[r + 1]), ascending; kind[r] its hit kind.
struct RareKeys {
  std::vector<uint64_t> start{0};
  std::vector<uint32_t> holders;
  std::vector<uint8_t> kind;

  void Add(uint8_t k, std::span<const uint32_t> items) {
    holders.insert(holders.end(), items.begin(), items.end());
    start.push_back(holders.size());
    kind.push_back(k);
  }
  size_t size() const { return kind.size(); }
};

// The stems held by 2..cap items, from the dense ids of `stems`. O(F + V).
void RareStems(const WeightedSets& stems, size_t cap, RareKeys* out) {
  const size_t n = stems.size(), v = stems.vocabulary_size();
  std::vector<uint32_t> df(v + 1, 0);
  for (uint32_t i = 0; i < n; ++i) {
    for (const uint32_t d : stems.DenseFeatures(i)) ++df[d];
  }
  // df becomes each rare stem's first slot (others: 0 slots), by a prefix sum.
  uint64_t total = 0;
  std::vector<uint64_t> first(v + 1, 0);
  for (size_t d = 0; d < v; ++d) {
    first[d] = total;
    if (df[d] >= 2 && df[d] <= cap) total += df[d];
  }
  first[v] = total;
  std::vector<uint32_t> holders(total);
  std::vector<uint64_t> next(first.begin(), first.end() - 1);
  for (uint32_t i = 0; i < n; ++i) {
    for (const uint32_t d : stems.DenseFeatures(i)) {
      if (df[d] >= 2 && df[d] <= cap) holders[next[d]++] = i;
    }
  }
  for (size_t d = 0; d < v; ++d) {
    if (df[d] >= 2 && df[d] <= cap) {
      out->Add(kStemHit, std::span<const uint32_t>(holders.data() + first[d], df[d]));
    }
  }
}

// The bigrams held by 2..cap items: bucketed by the key's low bits, whole buckets grouped into
// at most kMaxBigramPasses passes of about `per_pass` bigrams; each pass's buckets filled,
// sorted and read for runs. Each bigram's pass is noted once (one byte at its first word's
// position in source.sequences), so a pass reads a byte per bigram and hashes only its own (the
// passes grow with the corpus: hashing every bigram in every pass took 12x the time from 1M to
// 5M generated paragraphs, reading the bytes 9.6x; docs/reworded.md). Cost: O(B) hashing for B
// bigrams, O(B) per pass in byte reads, the pass's sort. Memory: one byte per word of
// source.sequences, 16 B per bigram of a pass.
constexpr size_t kMaxBigramPasses = 255;
void RareBigrams(const SentenceSource& source, const std::vector<ClauseItem>& items, size_t cap,
                 size_t per_pass, RareKeys* out) {
  constexpr size_t kBuckets = size_t{1} << 14;
  const size_t n = items.size();
  // Calls visit(key, word, item) for every bigram of items [begin, end) (duplicates included)
  // whose first word's position `word` in source.sequences is wanted(word); a bigram not wanted
  // is not hashed.
  auto each_bigram = [&](size_t begin, size_t end, auto&& wanted, auto&& visit) {
    for (size_t i = begin; i < end; ++i) {
      const auto [at, len] = ClauseWordRange(source, items[i]);
      const uint32_t* s = source.sequences.data() + at;
      for (uint32_t k = 0; k + 1 < len; ++k) {
        if (s[k] != s[k + 1] && wanted(at + k)) {
          visit(BigramKey(s[k], s[k + 1]), at + k, static_cast<uint32_t>(i));
        }
      }
    }
  };
  auto every = [](uint64_t) { return true; };
  tbb::enumerable_thread_specific<std::vector<uint64_t>> local_counts(kBuckets, 0);
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, n, 1024), [&](const tbb::blocked_range<size_t>& r) {
        std::vector<uint64_t>& c = local_counts.local();
        each_bigram(r.begin(), r.end(), every,
                    [&](uint64_t key, uint64_t, uint32_t) { ++c[key & (kBuckets - 1)]; });
      });
  std::vector<uint64_t> count(kBuckets, 0);
  uint64_t all = 0;
  for (const std::vector<uint64_t>& c : local_counts) {
    for (size_t b = 0; b < kBuckets; ++b) {
      count[b] += c[b];
      all += c[b];
    }
  }
  // The passes: pass p holds buckets [pass_start[p], pass_start[p + 1]), at least one, filled
  // greedily up to `limit` bigrams. Two consecutive passes hold more than `limit`, so a limit of
  // 2 * all / (kMaxBigramPasses - 1) or more makes at most kMaxBigramPasses passes.
  const uint64_t limit =
      std::max<uint64_t>(per_pass, (2 * all + kMaxBigramPasses - 2) / (kMaxBigramPasses - 1));
  std::vector<size_t> pass_start{0};
  std::vector<uint8_t> pass_of(kBuckets);
  for (size_t b0 = 0; b0 < kBuckets;) {
    size_t b1 = b0;
    uint64_t total = 0;
    while (b1 < kBuckets && (b1 == b0 || total + count[b1] <= limit)) {
      pass_of[b1] = static_cast<uint8_t>(pass_start.size() - 1);
      total += count[b1++];
    }
    pass_start.push_back(b1);
    b0 = b1;
  }
  std::vector<uint8_t> pass_at(source.sequences.size());
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, n, 1024), [&](const tbb::blocked_range<size_t>& r) {
        each_bigram(r.begin(), r.end(), every, [&](uint64_t key, uint64_t word, uint32_t) {
          pass_at[word] = pass_of[key & (kBuckets - 1)];
        });
      });
  struct Entry {
    uint64_t key;
    uint32_t item;
    bool operator<(const Entry& o) const { return key != o.key ? key < o.key : item < o.item; }
  };
  std::vector<Entry> entries;
  std::vector<std::atomic<uint64_t>> cursor(kBuckets);
  std::vector<uint64_t> start(kBuckets + 1);
  tbb::enumerable_thread_specific<RareKeys> found;
  for (size_t p = 0; p + 1 < pass_start.size(); ++p) {
    const size_t b0 = pass_start[p], b1 = pass_start[p + 1];
    uint64_t at = 0;
    for (size_t b = b0; b < b1; ++b) {
      start[b] = at;
      cursor[b].store(at, std::memory_order_relaxed);
      at += count[b];
    }
    start[b1] = at;
    entries.resize(at);
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, n, 1024), [&](const tbb::blocked_range<size_t>& r) {
          each_bigram(
              r.begin(), r.end(), [&](uint64_t word) { return pass_at[word] == p; },
              [&](uint64_t key, uint64_t, uint32_t item) {
                entries[cursor[key & (kBuckets - 1)].fetch_add(1, std::memory_order_relaxed)] = {
                    key, item};
              });
        });
    tbb::parallel_for(tbb::blocked_range<size_t>(b0, b1, 16),
                      [&](const tbb::blocked_range<size_t>& r) {
                        RareKeys& mine = found.local();
                        std::vector<uint32_t> run;
                        for (size_t b = r.begin(); b < r.end(); ++b) {
                          Entry* e = entries.data() + start[b];
                          Entry* e_end = entries.data() + start[b + 1];
                          std::sort(e, e_end);
                          for (Entry* x = e; x != e_end;) {
                            run.clear();
                            Entry* y = x;
                            for (; y != e_end && y->key == x->key; ++y) {
                              if (run.empty() || run.back() != y->item) run.push_back(y->item);
                            }
                            if (run.size() >= 2 && run.size() <= cap) mine.Add(kBigramHit, run);
                            x = y;
                          }
                        }
                      });
  }
  std::vector<uint8_t>().swap(pass_at);
  std::vector<Entry>().swap(entries);
  for (RareKeys& mine : found) {
    for (size_t r = 0; r < mine.size(); ++r) {
      out->Add(mine.kind[r], std::span<const uint32_t>(mine.holders.data() + mine.start[r],
                                                       mine.start[r + 1] - mine.start[r]));
    }
    std::vector<uint32_t>().swap(mine.holders);
  }
}

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> ClauseCandidatePairs(
    const SentenceSource& source, const std::vector<ClauseItem>& items, const WeightedSets& stems,
    size_t bigrams_per_pass) {
  const size_t n = items.size();
  std::vector<std::pair<uint32_t, uint32_t>> out;
  if (n < 2) return out;
  const size_t cap = RareCap(n);
  RareKeys rare;
  RareStems(stems, cap, &rare);
  RareBigrams(source, items, cap, bigrams_per_pass, &rare);
  // Each item's rare keys (item_keys[key_start[i], key_start[i + 1])).
  std::vector<uint64_t> key_start(n + 1, 0);
  for (const uint32_t i : rare.holders) ++key_start[size_t{i} + 1];
  for (size_t i = 0; i < n; ++i) key_start[i + 1] += key_start[i];
  std::vector<uint32_t> item_keys(rare.holders.size());
  {
    std::vector<uint64_t> next(key_start.begin(), key_start.end() - 1);
    for (size_t r = 0; r < rare.size(); ++r) {
      for (uint64_t x = rare.start[r]; x < rare.start[r + 1]; ++x) {
        item_keys[next[rare.holders[x]]++] = static_cast<uint32_t>(r);
      }
    }
  }
  // Items in document order (each group's items together, documents ascending; an item's
  // document is its group's, so different documents mean different groups): the later items a
  // may pair with are those from the first item of a later document on, less the whole-document
  // ones when a is one. The gather then reads no holder's ClauseItem (a random read) but those
  // of whole documents. Otherwise MayPair itself.
  bool ordered = true;
  for (size_t i = 1; i < n && ordered; ++i) {
    const ClauseItem &it = items[i], &before = items[i - 1];
    ordered = it.doc >= before.doc &&
              (it.group > before.group || (it.group == before.group && it.doc == before.doc));
  }
  // Per block of first items, in block order: each item's hits on the later holders of its keys.
  constexpr size_t kBlock = 1024;
  const size_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> block_out(blocks);
  tbb::enumerable_thread_specific<std::vector<uint64_t>> scratch;
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, blocks, 1), [&](const tbb::blocked_range<size_t>& r) {
        std::vector<uint64_t>& hits = scratch.local();
        for (size_t blk = r.begin(); blk < r.end(); ++blk) {
          std::vector<std::pair<uint32_t, uint32_t>>& mine = block_out[blk];
          size_t later_doc = 0;  // ordered: the first item of a document after a's
          for (size_t a = blk * kBlock; a < std::min(n, (blk + 1) * kBlock); ++a) {
            if (ordered && later_doc <= a) {
              later_doc = a + 1;
              while (later_doc < n && items[later_doc].doc == items[a].doc) ++later_doc;
            }
            const bool whole_a = items[a].whole_document != 0;
            auto may_pair = [&](uint32_t b) {
              if (!ordered) return b > a && MayPair(items[a], items[b]);
              return b >= later_doc && !(whole_a && items[b].whole_document);
            };
            hits.clear();
            for (uint64_t k = key_start[a]; k < key_start[a + 1]; ++k) {
              const uint32_t key = item_keys[k];
              const uint64_t kind = rare.kind[key];
              for (uint64_t x = rare.start[key]; x < rare.start[key + 1]; ++x) {
                const uint32_t b = rare.holders[x];
                if (!may_pair(b)) continue;
                hits.push_back(uint64_t{b} << 2 | kind);
              }
            }
            const uint32_t kept = KeepQualifying(hits.data(), hits.size());
            for (uint32_t k = 0; k < kept; ++k) {
              mine.emplace_back(static_cast<uint32_t>(a), static_cast<uint32_t>(hits[k]));
            }
          }
        }
      });
  size_t total = 0;
  for (const auto& b : block_out) total += b.size();
  out.reserve(total);
  for (auto& b : block_out) {
    out.insert(out.end(), b.begin(), b.end());
    std::vector<std::pair<uint32_t, uint32_t>>().swap(b);
  }
  return out;
}

namespace {

// Item i's keys: its distinct stems and its content-word bigrams, ascending.
void KeysOf(const SentenceSource& source, const ClauseItem& item, std::vector<uint64_t>* mine) {
  const auto [at, len] = ClauseWordRange(source, item);
  const uint32_t* s = source.sequences.data() + at;
  mine->clear();
  for (uint32_t k = 0; k < len; ++k) {
    mine->push_back(s[k]);
    if (k + 1 < len && s[k] != s[k + 1]) mine->push_back(BigramKey(s[k], s[k + 1]));
  }
  std::sort(mine->begin(), mine->end());
  mine->erase(std::unique(mine->begin(), mine->end()), mine->end());
}

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> ClauseCandidatePairsReference(
    const SentenceSource& source, const std::vector<ClauseItem>& items) {
  const size_t n = items.size();
  // Two passes over the items (count, then fill) rather than a copy of every item's keys.
  std::vector<uint64_t> key_offsets(n + 1, 0);
  tbb::enumerable_thread_specific<std::vector<uint64_t>> scratch;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1024),
                    [&](const tbb::blocked_range<size_t>& r) {
                      std::vector<uint64_t>& mine = scratch.local();
                      for (size_t i = r.begin(); i < r.end(); ++i) {
                        KeysOf(source, items[i], &mine);
                        key_offsets[i + 1] = mine.size();
                      }
                    });
  for (size_t i = 0; i < n; ++i) key_offsets[i + 1] += key_offsets[i];
  std::vector<std::pair<uint64_t, uint32_t>> keys(key_offsets[n]);  // (key, item), unique
  tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1024),
                    [&](const tbb::blocked_range<size_t>& r) {
                      std::vector<uint64_t>& mine = scratch.local();
                      for (size_t i = r.begin(); i < r.end(); ++i) {
                        KeysOf(source, items[i], &mine);
                        for (size_t k = 0; k < mine.size(); ++k) {
                          keys[key_offsets[i] + k] = {mine[k], static_cast<uint32_t>(i)};
                        }
                      }
                    });
  tbb::parallel_sort(keys.begin(), keys.end());
  const size_t cap = RareCap(n);
  std::vector<std::pair<size_t, size_t>> runs;  // [x, y) of one rare key held by 2..cap items
  for (size_t x = 0; x < keys.size();) {
    size_t y = x;
    while (y < keys.size() && keys[y].first == keys[x].first) ++y;
    if (y - x >= 2 && y - x <= cap) runs.emplace_back(x, y);
    x = y;
  }
  // Calls visit(a, b, kind) for every eligible pair of every run (a < b: a run's items ascend).
  auto each_pair = [&](auto&& visit) {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, runs.size(), 256),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t run = r.begin(); run < r.end(); ++run) {
                          const auto [x, y] = runs[run];
                          const uint8_t kind = (keys[x].first & kBigramBit) ? kBigramHit : kStemHit;
                          for (size_t p = x; p < y; ++p) {
                            for (size_t q = p + 1; q < y; ++q) {
                              if (!MayPair(items[keys[p].second], items[keys[q].second])) continue;
                              visit(keys[p].second, keys[q].second, kind);
                            }
                          }
                        }
                      });
  };
  std::vector<std::atomic<uint32_t>> fill(n);
  for (auto& c : fill) c.store(0, std::memory_order_relaxed);
  each_pair(
      [&](uint32_t a, uint32_t, uint8_t) { fill[a].fetch_add(1, std::memory_order_relaxed); });
  std::vector<uint64_t> bucket(n + 1, 0);
  for (size_t a = 0; a < n; ++a) {
    bucket[a + 1] = bucket[a] + fill[a].load(std::memory_order_relaxed);
    fill[a].store(0, std::memory_order_relaxed);
  }
  std::vector<uint64_t> hits(bucket[n]);  // per first item: b << 2 | kind
  each_pair([&](uint32_t a, uint32_t b, uint8_t kind) {
    hits[bucket[a] + fill[a].fetch_add(1, std::memory_order_relaxed)] = uint64_t{b} << 2 | kind;
  });
  std::vector<uint32_t> kept(n, 0);
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, n, 256), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t a = r.begin(); a < r.end(); ++a) {
          kept[a] = KeepQualifying(hits.data() + bucket[a], bucket[a + 1] - bucket[a]);
        }
      });
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (size_t a = 0; a < n; ++a) {
    for (uint32_t k = 0; k < kept[a]; ++k) {
      out.emplace_back(static_cast<uint32_t>(a), static_cast<uint32_t>(hits[bucket[a] + k]));
    }
  }
  return out;
}

}  // namespace neardup
