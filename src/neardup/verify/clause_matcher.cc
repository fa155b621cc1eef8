// MatchClauses: sentences → rare stems and bigrams → candidate sentence pairs → aligned stretch
// with context → the scorer → the best clause pair per group pair.

#include "neardup/verify/clause_matcher.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <span>

#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/kept_in_order.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/scorer.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

// A sentence needs this many distinct content stems to hold a clause worth matching.
constexpr size_t kMinClauseWords = 3;
// A key (stem or bigram) is rare when at most this many sentences hold it (and at most sqrt N).
constexpr size_t kMaxHolders = 20;
// Content words of context kept on each side of the aligned stretch.
constexpr uint32_t kContext = 2;
// The aligned stretch must match this many content words (and the two sentences share as many
// stems). Of the labelled realnews clause candidates (data/scorer/realnews_labels.tsv) those
// matching 2-3 words are 4 positives and 32 negatives (4+: 33 and 40); of generated ones (seed
// 101) 210 and 512 (4+: 1,352 and 51). 3, not 4, because the 0.9 decision below already keeps
// the short ones' false pairs rare: going from 4 to 3 adds on realnews 450 cross-publisher
// paragraph pairs (120 distinct sentence pairs, read: 74 the same quotation or wire copy, 267 of
// the 450 pairs), the sample's "could set a bad precedent", and on generated wire copy nothing at
// seed 11 and 52 pairs (1 true) of 88,253 at 102,607 paragraphs. 2 would add 36 more realnews
// pairs (17 distinct, read: mostly stock phrases, "zero-sum", "mutual friend", "seated next to")
// and nothing on the sample (docs/reworded.md).
constexpr uint32_t kMinAlignedWords = 3;
// A clause pair must share this many content stems written in lower case in both clauses (what is
// said, not who says it: "Brown, the spokeswoman of ... Office" is no statement). Measured on the
// labelled clause candidates (data/scorer/realnews_labels.tsv) of the build without it: it drops
// 3 of 40 realnews positives and 38 of 110 negatives, and on generated wire copy (seed 101) 1,430
// of 1,777 negatives and 80 of 1,033 positives; generated precision (seed 11, recall test) at the
// default threshold 0.9419 without it.
constexpr double kMinLowerWords = 2;
// A clause pair is reported at this probability or above (or the decision threshold if higher).
// Clause candidates outnumber the other levels' (94k of 227k scored candidates on realnews) and
// most of those that pass the default 0.55 duplicate paragraph pairs, so the level's few false
// pairs weigh on precision: on generated wire copy (seed 101, the fit's) clause candidates are
// 0.9807 precise at 0.55, 0.9950 at 0.8, 0.9983 at 0.9; on the recall test's corpus (seed 11)
// reported-pair precision is 0.9672 at 0.55, 0.9910 at 0.8, 0.9977 at 0.9 (0.995 is required).
constexpr double kMinClauseProbability = 0.9;
// Bigram keys are marked by the top bit (stems are 32-bit ids).
constexpr uint64_t kBigramBit = uint64_t{1} << 63;

struct Item {
  uint32_t group = 0, sentence = 0, doc = 0;
  uint64_t at = 0;  // first content word in source.sequences
  uint32_t len = 0;
  uint32_t paragraph_words = 0;  // content words of its paragraph
  bool whole_document = false;   // the only sentence of its document's only paragraph
};

// Item i's keys: its distinct stems and its content-word bigrams (mixed by splitmix64's finaliser,
// marked by kBigramBit), ascending.
void KeysOf(const SentenceSource& source, const Item& item, std::vector<uint64_t>* mine) {
  const uint32_t* s = source.sequences.data() + item.at;
  mine->clear();
  for (uint32_t k = 0; k < item.len; ++k) {
    mine->push_back(s[k]);
    if (k + 1 < item.len && s[k] != s[k + 1]) {
      uint64_t x = uint64_t{s[k]} << 32 | s[k + 1];
      x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
      x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
      mine->push_back(kBigramBit | (x ^ (x >> 31)));
    }
  }
  std::sort(mine->begin(), mine->end());
  mine->erase(std::unique(mine->begin(), mine->end()), mine->end());
}

// Sorts one first item's hits (b << 2 | kind: 1 stem, 2 bigram) and writes the second items that
// qualify (two bigrams, a bigram and two stems, or three stems), ascending, to its front. Returns
// their number.
uint32_t KeepQualifying(uint64_t* h, size_t size) {
  std::sort(h, h + size);
  uint32_t out = 0;
  for (size_t x = 0; x < size;) {
    size_t y = x;
    uint32_t stems = 0, bigrams = 0;
    for (; y < size && h[y] >> 2 == h[x] >> 2; ++y) {
      if ((h[y] & 3) == 2) {
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

// Candidate pairs (a < b): sharing two rare bigrams, a rare bigram and two rare stems, or three
// rare stems. Sorted, unique. On the cores of the calling task arena; the result does not depend
// on their number: the (key, item) list is sorted whole, and each pair's hits are bucketed by its
// first item (a counting sort) and sorted within the bucket.
std::vector<std::pair<uint32_t, uint32_t>> Candidates(const SentenceSource& source,
                                                      const std::vector<Item>& items) {
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
  const size_t cap = std::min(kMaxHolders, static_cast<size_t>(std::sqrt(static_cast<double>(n))));
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
                          const uint8_t kind = (keys[x].first & kBigramBit) ? 2 : 1;
                          for (size_t p = x; p < y; ++p) {
                            for (size_t q = p + 1; q < y; ++q) {
                              const Item &a = items[keys[p].second], &b = items[keys[q].second];
                              if (a.doc == b.doc || a.group == b.group) continue;
                              // Two one-sentence documents are judged whole (the sentence and
                              // paragraph levels).
                              if (a.whole_document && b.whole_document) continue;
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
  std::vector<uint64_t> hits(bucket[n]);  // per first item: b << 2 | kind (1 stem, 2 bigram)
  each_pair([&](uint32_t a, uint32_t b, uint8_t kind) {
    hits[bucket[a] + fill[a].fetch_add(1, std::memory_order_relaxed)] = uint64_t{b} << 2 | kind;
  });
  // Each bucket sorted, its qualifying second items compacted to its front.
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

// The sentences with at least kMinClauseWords distinct content stems, in corpus order, with their
// distinct stems and their distinct stems written in lower case somewhere (a clause's stem is
// lower case only if its sentence writes it so), both ascending. On the calling arena's cores.
void CollectItems(const SentenceSource& source, std::vector<Item>* items,
                  std::vector<std::vector<uint32_t>>* sets,
                  std::vector<std::vector<uint32_t>>* lower_sets) {
  const size_t groups = source.group_doc.size();
  std::vector<uint32_t> doc_groups;  // groups whose first occurrence is in each document
  for (uint32_t d : source.group_doc) {
    if (d >= doc_groups.size()) doc_groups.resize(size_t{d} + 1, 0);
    ++doc_groups[d];
  }
  const size_t sentences = groups > 0 ? source.sent_offsets[groups] : 0;
  std::vector<std::vector<uint32_t>> all(sentences), all_lower(sentences);
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, groups, 256), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t g = r.begin(); g < r.end(); ++g) {
          const uint64_t base = source.seq_offsets[g];
          for (uint64_t k = source.sent_offsets[g]; k < source.sent_offsets[g + 1]; ++k) {
            const SentenceSpan& sp = source.sentences[k];
            std::vector<uint32_t>& set = all[k];
            set.assign(source.sequences.begin() + static_cast<ptrdiff_t>(base + sp.seq_begin),
                       source.sequences.begin() + static_cast<ptrdiff_t>(base + sp.seq_end));
            std::sort(set.begin(), set.end());
            set.erase(std::unique(set.begin(), set.end()), set.end());
            if (set.size() < kMinClauseWords) continue;
            std::vector<uint32_t>& lower = all_lower[k];
            for (uint64_t w = base + sp.seq_begin; w < base + sp.seq_end; ++w) {
              if ((source.lower[w] & kWordKindMask) == kWordLower) {
                lower.push_back(source.sequences[w]);
              }
            }
            std::sort(lower.begin(), lower.end());
            lower.erase(std::unique(lower.begin(), lower.end()), lower.end());
          }
        }
      });
  for (uint32_t g = 0; g < groups; ++g) {
    const uint64_t base = source.seq_offsets[g];
    const auto words = static_cast<uint32_t>(source.seq_offsets[g + 1] - base);
    for (uint64_t k = source.sent_offsets[g]; k < source.sent_offsets[g + 1]; ++k) {
      if (all[k].size() < kMinClauseWords) continue;
      const SentenceSpan& sp = source.sentences[k];
      const bool whole = doc_groups[source.group_doc[g]] == 1 &&
                         source.sent_offsets[g + 1] - source.sent_offsets[g] == 1;
      items->push_back({g, static_cast<uint32_t>(k - source.sent_offsets[g]), source.group_doc[g],
                        base + sp.seq_begin, sp.seq_end - sp.seq_begin, words, whole});
      sets->push_back(std::move(all[k]));
      lower_sets->push_back(std::move(all_lower[k]));
    }
  }
}

// Elements two ascending, duplicate-free sequences have in common. O(n + m).
uint32_t SharedCount(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  uint32_t n = 0;
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] == y[j]) {
      ++n, ++i, ++j;
    } else if (x[i] < y[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return n;
}

}  // namespace

std::vector<SentenceMatch> MatchClauses(const SentenceSource& source,
                                        const ClauseMatchSettings& settings, int threads,
                                        ClauseLevelStats* stats) {
  *stats = ClauseLevelStats();
  tbb::task_arena arena(std::max(1, threads));
  std::vector<Item> items;
  std::vector<std::vector<uint32_t>> sets, lower_sets;
  arena.execute([&] { CollectItems(source, &items, &sets, &lower_sets); });
  stats->sentences = items.size();
  std::vector<SentenceMatch> out;
  if (items.size() < 2) return out;
  std::vector<std::span<const uint32_t>> spans(sets.begin(), sets.end());
  WeightedSets idf;
  arena.execute([&] { idf.Build(spans); });
  std::vector<std::pair<uint32_t, uint32_t>> candidates;
  arena.execute([&] { candidates = Candidates(source, items); });
  stats->candidates = candidates.size();
  std::vector<uint32_t> degree(items.size(), 0);
  for (const auto& [a, b] : candidates) ++degree[a], ++degree[b];

  const Scorer& scorer = Scorer::Default();
  const double decision =
      std::max(kMinClauseProbability,
               settings.decision_threshold > 0 ? settings.decision_threshold : scorer.threshold());
  const SynonymTable* synonyms =
      settings.synonyms ? &SynonymTable::ForSeed(settings.seed) : nullptr;
  auto seq = [&](uint32_t i) { return source.sequences.subspan(items[i].at, items[i].len); };
  // The clause of item i: [begin, end) of its sentence widened by kContext words each side.
  auto clause = [&](uint32_t i, uint32_t begin, uint32_t end) {
    const uint32_t b = begin > kContext ? begin - kContext : 0;
    const uint32_t e = std::min(items[i].len, end + kContext);
    const double share =
        static_cast<double>(e - b) / std::max<uint32_t>(1, items[i].paragraph_words);
    return UnitWords{source.sequences.subspan(items[i].at + b, e - b),
                     source.lower.subspan(items[i].at + b, e - b),
                     share,
                     true,
                     degree[i],
                     true};
  };
  const bool record = settings.record_scored;
  std::vector<PairFeatureVector> recorded(record ? candidates.size() : 0);
  const auto verified = KeptInOrder(candidates.size(), threads, [&](size_t i, WeightedOverlap* o) {
    const auto [a, b] = candidates[i];
    // The alignment cannot match more distinct stems than the two sentences share: O(n + m).
    if (SharedCount(sets[a], sets[b]) < kMinAlignedWords) return false;
    // A clause's stem is lower case (kFeatLowerWords) only if its sentence writes it in lower
    // case somewhere, so the two sentences bound the clause pair's lower-case shared stems.
    if (SharedCount(lower_sets[a], lower_sets[b]) < kMinLowerWords) return false;
    const AlignedWindow w = BestAlignedWindow(idf, seq(a), seq(b));
    if (w.words < kMinAlignedWords) return false;
    const UnitWords ca = clause(a, w.begin_x, w.end_x), cb = clause(b, w.begin_y, w.end_y);
    const PairFeatureVector f = ComputePairFeatures(idf, ca, cb, synonyms);
    // What is said, not who: too few shared words in lower case and the pair is not judged.
    if (std::expm1(f[kFeatLowerWords]) + 0.5 < kMinLowerWords) return false;
    if (record) recorded[i] = f;
    o->threshold = decision;
    o->similarity = f[kFeatSimilarity];
    o->shared = w.words;
    o->containment_a = w.weight_x > 0 ? w.matched / w.weight_x : 0;
    o->containment_b = w.weight_y > 0 ? w.matched / w.weight_y : 0;
    return scorer.Judge(f, o) >= decision;
  });
  for (size_t i = 0; record && i < candidates.size(); ++i) {
    if (recorded[i][kFeatShortSide] == 0) continue;  // not scored
    const auto [a, b] = candidates[i];
    stats->scored.push_back({items[a].group, items[b].group, items[a].sentence, items[b].sentence,
                             std::vector<float>(recorded[i].begin(), recorded[i].end()),
                             scorer.Probability(recorded[i])});
  }
  for (const auto& [i, o] : verified) {
    ++stats->verified;
    auto [a, b] = candidates[i];
    const bool flipped = items[a].group > items[b].group;
    if (flipped) std::swap(a, b);
    SentenceMatch m;
    m.g = items[a].group;
    m.h = items[b].group;
    m.sentence_g = items[a].sentence;
    m.sentence_h = items[b].sentence;
    m.similarity = o.similarity;
    m.shared = o.shared;
    m.containment_g = flipped ? o.containment_b : o.containment_a;
    m.containment_h = flipped ? o.containment_a : o.containment_b;
    m.threshold = o.threshold;
    m.probability = o.probability;
    m.reasons = o.reasons;
    m.reason_count = o.reason_count;
    m.estimate = o.similarity;
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const SentenceMatch& x, const SentenceMatch& y) {
    if (x.g != y.g) return x.g < y.g;
    if (x.h != y.h) return x.h < y.h;
    if (x.probability != y.probability) return x.probability > y.probability;
    return x.sentence_g != y.sentence_g ? x.sentence_g < y.sentence_g : x.sentence_h < y.sentence_h;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const SentenceMatch& x, const SentenceMatch& y) {
                          return x.g == y.g && x.h == y.h;
                        }),
            out.end());
  return out;
}

}  // namespace neardup
