// DocPairs: group paragraph pairs by document pair, union aligned words per paragraph, classify.

#include "neardup/report/doc_verdict.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <span>
#include <tuple>

#include "neardup/options.h"

namespace neardup {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kWhollyDerived:
      return "wholly-derived";
    case Verdict::kPartiallyDerived:
      return "partially-derived";
    case Verdict::kNonDerived:
      return "non-derived";
  }
  return "non-derived";
}

namespace {

// The words between the first and last aligned word of `runs` that are not aligned. O(runs).
uint64_t GapWords(std::span<const WordRun> runs) {
  if (runs.empty()) return 0;
  uint64_t aligned = 0;
  for (const WordRun& run : runs) aligned += run.end - run.begin;
  return runs.back().end - runs.front().begin - aligned;
}

// What each unaligned word inside a pair's aligned stretch on one side (its aligned runs `self`)
// counts as copy: the pair's probability (0 for a lexical pair), times the share of those words
// the other side's stretch (`other`) answers with unaligned words of its own (a reworded word is a
// word for a word; what one side adds beyond the other is its own text). O(runs of the pair).
double GapCopyShare(const Pair& pair, std::span<const WordRun> self,
                    std::span<const WordRun> other) {
  const double probability = std::min(pair.probability, 1.0);
  if (probability <= 0) return 0;
  const uint64_t gaps_self = GapWords(self);
  const uint64_t gaps_other = GapWords(other);
  if (gaps_self == 0) return 0;
  return probability *
         std::min(1.0, static_cast<double>(gaps_other) / static_cast<double>(gaps_self));
}

// DocPairs on the cores of the calling task arena.
std::vector<DocPair> DocPairsInArena(const ScanResult& r, const MatchedWords* matched,
                                     const VerdictOptions& options) {
  std::vector<uint64_t> doc_words(r.doc_ids.size(), 0);
  for (const UnitRef& u : r.units) doc_words[u.doc] += u.words;
  // (doc a, doc b, side 0 = unit in a / 1 = in b, unit, pair index)
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>> hits;
  for (uint32_t i = 0; i < r.pairs.size(); ++i) {
    const Pair& p = r.pairs[i];
    uint32_t da = r.units[p.a].doc, db = r.units[p.b].doc;
    if (da == db) continue;
    // Units are in input order, so p.a's document comes first.
    hits.emplace_back(da, db, 0, p.a, i);
    hits.emplace_back(da, db, 1, p.b, i);
  }
  tbb::parallel_sort(hits.begin(), hits.end());  // unique entries (pair index): one order
  // Each document pair's run of hits, judged on every core.
  std::vector<size_t> starts;
  for (size_t k = 0; k < hits.size(); ++k) {
    if (k == 0 || std::get<0>(hits[k]) != std::get<0>(hits[k - 1]) ||
        std::get<1>(hits[k]) != std::get<1>(hits[k - 1])) {
      starts.push_back(k);
    }
  }
  starts.push_back(hits.size());
  std::vector<DocPair> out(starts.size() - 1);
  // Per word of a paragraph: whether a pair aligned it, and the largest share a pair whose
  // aligned stretch holds it gives it (GapCopyShare; 0: none).
  tbb::enumerable_thread_specific<std::vector<bool>> aligned_words;
  tbb::enumerable_thread_specific<std::vector<double>> word_weights;
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, out.size(), 256), [&](const tbb::blocked_range<size_t>& range) {
        std::vector<bool>& aligned = aligned_words.local();
        std::vector<double>& weight = word_weights.local();
        for (size_t g = range.begin(); g < range.end(); ++g) {
          const size_t k = starts[g], end = starts[g + 1];
          DocPair& dp = out[g];
          dp.a = std::get<0>(hits[k]);
          dp.b = std::get<1>(hits[k]);
          dp.pairs = static_cast<uint32_t>((end - k) / 2);
          double copy_a = 0, copy_b = 0;
          for (size_t i = k; i < end;) {
            const uint32_t side = std::get<2>(hits[i]), unit = std::get<3>(hits[i]);
            const uint32_t words = r.units[unit].words;
            aligned.assign(words, false);
            weight.assign(words, 0.0);
            size_t j = i;
            uint64_t count = 0;
            double copy = 0;
            for (; j < end && std::get<2>(hits[j]) == side && std::get<3>(hits[j]) == unit; ++j) {
              const uint32_t pi = std::get<4>(hits[j]);
              // Site furniture ("Leave a Reply") is the site's own text, not copy of the other.
              if (r.pairs[pi].furniture) continue;
              if (matched == nullptr) {
                count = words;
                continue;
              }
              const int self = side == 0 ? 0 : 1;
              const std::span<const WordRun> runs = matched->Side(pi, self);
              for (const WordRun& run : runs) {
                for (uint32_t t = run.begin; t < run.end && t < words; ++t) aligned[t] = true;
              }
              const double share = GapCopyShare(r.pairs[pi], runs, matched->Side(pi, 1 - self));
              if (share > 0) {
                for (uint32_t t = runs.front().begin; t < runs.back().end && t < words; ++t) {
                  weight[t] = std::max(weight[t], share);
                }
              }
            }
            if (matched == nullptr) {
              copy = static_cast<double>(count);
            } else {
              for (uint32_t t = 0; t < words; ++t) {
                count += aligned[t] ? 1u : 0u;
                copy += aligned[t] ? 1.0 : weight[t];
              }
            }
            (side == 0 ? dp.covered_a : dp.covered_b) += count;
            (side == 0 ? copy_a : copy_b) += copy;
            i = j;
          }
          dp.words_a = doc_words[dp.a];
          dp.words_b = doc_words[dp.b];
          dp.coverage_a = dp.words_a ? copy_a / static_cast<double>(dp.words_a) : 0;
          dp.coverage_b = dp.words_b ? copy_b / static_cast<double>(dp.words_b) : 0;
          dp.a_derived =
              dp.coverage_a > dp.coverage_b;  // a tie: the later document (b) is the copy
          const double c = std::max(dp.coverage_a, dp.coverage_b);
          dp.verdict = c >= options.wholly      ? Verdict::kWhollyDerived
                       : c >= options.partially ? Verdict::kPartiallyDerived
                                                : Verdict::kNonDerived;
        }
      });
  // Whole-text matches: mark the pairs found above, add the others.
  const size_t by_paragraphs = out.size();
  for (const DocMatch& m : r.doc_matches) {
    auto it = std::lower_bound(
        out.begin(), out.begin() + static_cast<std::ptrdiff_t>(by_paragraphs), m,
        [](const DocPair& d, const DocMatch& x) { return d.a != x.a ? d.a < x.a : d.b < x.b; });
    DocPair* dp = nullptr;
    if (it != out.begin() + static_cast<std::ptrdiff_t>(by_paragraphs) && it->a == m.a &&
        it->b == m.b) {
      dp = &*it;
    } else {
      out.emplace_back();
      dp = &out.back();
      dp->a = m.a;
      dp->b = m.b;
      dp->words_a = doc_words[m.a];
      dp->words_b = doc_words[m.b];
      dp->a_derived = m.containment_a > m.containment_b;
    }
    dp->doc_similarity = m.similarity;
    if (dp->verdict == Verdict::kNonDerived) {
      dp->verdict = Verdict::kPartiallyDerived;
      if (dp->covered_a == 0 && dp->covered_b == 0) {
        dp->a_derived = m.containment_a > m.containment_b;
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const DocPair& x, const DocPair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  return out;
}

}  // namespace

void MatchedWords::Add(const Alignment& al) {
  runs_.insert(runs_.end(), al.a.matched.begin(), al.a.matched.end());
  offsets_.push_back(runs_.size());
  runs_.insert(runs_.end(), al.b.matched.begin(), al.b.matched.end());
  offsets_.push_back(runs_.size());
}

void MatchedWords::Append(const MatchedWords& more) {
  const uint64_t base = runs_.size();
  runs_.insert(runs_.end(), more.runs_.begin(), more.runs_.end());
  for (size_t k = 1; k < more.offsets_.size(); ++k) offsets_.push_back(base + more.offsets_[k]);
}

std::vector<DocPair> DocPairs(const ScanResult& r, const std::vector<Alignment>& alignments,
                              const VerdictOptions& options, int threads) {
  if (alignments.empty()) return DocPairsFromRuns(r, nullptr, options, threads);
  MatchedWords matched;
  for (const Alignment& al : alignments) matched.Add(al);
  return DocPairsFromRuns(r, &matched, options, threads);
}

std::vector<DocPair> DocPairsFromRuns(const ScanResult& r, const MatchedWords* matched,
                                      const VerdictOptions& options, int threads) {
  std::vector<DocPair> out;
  tbb::task_arena(ThreadsToUse(threads)).execute([&] {
    out = DocPairsInArena(r, matched, options);
  });
  return out;
}

}  // namespace neardup
