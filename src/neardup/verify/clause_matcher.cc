// MatchClauses: sentences → rare stems and bigrams → candidate sentence pairs → aligned stretch
// with context → the scorer → every clause pair that passes.

#include "neardup/verify/clause_matcher.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/jaccard.h"
#include "neardup/verify/kept_in_order.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/scorer.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

// A sentence needs this many distinct content stems to hold a clause worth matching.
constexpr size_t kMinClauseWords = 3;
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

// The sentences with at least kMinClauseWords distinct content stems, in corpus order, with their
// distinct stems (`ids`, per item at [id_offsets[i], id_offsets[i + 1])) and their distinct stems
// written in lower case somewhere (a clause's stem is lower case only if its sentence writes it
// so), both ascending. Two passes on the calling arena's cores (count, then fill: no list per
// sentence).
void CollectItems(const SentenceSource& source, ClauseCandidates* out,
                  std::vector<uint64_t>* id_offsets, std::vector<uint32_t>* ids) {
  const size_t groups = source.group_doc.size();
  std::vector<uint32_t> doc_groups;  // groups whose first occurrence is in each document
  for (uint32_t d : source.group_doc) {
    if (d >= doc_groups.size()) doc_groups.resize(size_t{d} + 1, 0);
    ++doc_groups[d];
  }
  const size_t sentences = groups > 0 ? source.sent_offsets[groups] : 0;
  // Sentence k's distinct stems, and its distinct lower-case ones, into the thread's buffers.
  struct Sets {
    std::vector<uint32_t> set, lower;
  };
  tbb::enumerable_thread_specific<Sets> scratch;
  auto sets_of = [&](uint64_t base, const SentenceSpan& sp, Sets* s) {
    s->set.assign(source.sequences.begin() + static_cast<ptrdiff_t>(base + sp.seq_begin),
                  source.sequences.begin() + static_cast<ptrdiff_t>(base + sp.seq_end));
    std::sort(s->set.begin(), s->set.end());
    s->set.erase(std::unique(s->set.begin(), s->set.end()), s->set.end());
    s->lower.clear();
    if (s->set.size() < kMinClauseWords) return;
    for (uint64_t w = base + sp.seq_begin; w < base + sp.seq_end; ++w) {
      if ((source.lower[w] & kWordKindMask) == kWordLower) s->lower.push_back(source.sequences[w]);
    }
    std::sort(s->lower.begin(), s->lower.end());
    s->lower.erase(std::unique(s->lower.begin(), s->lower.end()), s->lower.end());
  };
  // Each group's sentences, on all cores: visit(k, base, sets) for every sentence k.
  auto each_sentence = [&](auto&& visit) {
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, groups, 256), [&](const tbb::blocked_range<size_t>& r) {
          Sets& s = scratch.local();
          for (size_t g = r.begin(); g < r.end(); ++g) {
            const uint64_t base = source.seq_offsets[g];
            for (uint64_t k = source.sent_offsets[g]; k < source.sent_offsets[g + 1]; ++k) {
              sets_of(base, source.sentences[k], &s);
              visit(k, s);
            }
          }
        });
  };
  std::vector<uint32_t> distinct(sentences), lower_count(sentences);
  each_sentence([&](uint64_t k, const Sets& s) {
    distinct[k] = static_cast<uint32_t>(s.set.size());
    lower_count[k] = static_cast<uint32_t>(s.lower.size());
  });
  std::vector<uint32_t> item_of(sentences, UINT32_MAX);
  id_offsets->assign(1, 0);
  out->lower_offsets.assign(1, 0);
  for (uint32_t g = 0; g < groups; ++g) {
    for (uint64_t k = source.sent_offsets[g]; k < source.sent_offsets[g + 1]; ++k) {
      if (distinct[k] < kMinClauseWords) continue;
      const bool whole = doc_groups[source.group_doc[g]] == 1 &&
                         source.sent_offsets[g + 1] - source.sent_offsets[g] == 1;
      item_of[k] = static_cast<uint32_t>(out->items.size());
      ClauseItem item;
      item.group = g;
      item.doc = source.group_doc[g];
      item.sentence = static_cast<uint32_t>(k - source.sent_offsets[g]) & 0x7fffffffU;
      item.whole_document = whole ? 1U : 0U;
      out->items.push_back(item);
      id_offsets->push_back(id_offsets->back() + distinct[k]);
      out->lower_offsets.push_back(out->lower_offsets.back() + lower_count[k]);
    }
  }
  std::vector<uint32_t>().swap(distinct);
  std::vector<uint32_t>().swap(lower_count);
  ids->resize(id_offsets->back());
  out->lower.resize(out->lower_offsets.back());
  each_sentence([&](uint64_t k, const Sets& s) {
    const uint32_t i = item_of[k];
    if (i == UINT32_MAX) return;
    std::copy(s.set.begin(), s.set.end(), ids->begin() + static_cast<ptrdiff_t>((*id_offsets)[i]));
    std::copy(s.lower.begin(), s.lower.end(),
              out->lower.begin() + static_cast<ptrdiff_t>(out->lower_offsets[i]));
  });
}

}  // namespace

ClauseCandidates FindClauseCandidates(const SentenceSource& source, int threads) {
  ClauseCandidates out;
  tbb::task_arena arena(std::max(1, threads));
  std::vector<uint64_t> id_offsets;
  std::vector<uint32_t> ids;
  arena.execute([&] { CollectItems(source, &out, &id_offsets, &ids); });
  const size_t n = out.items.size();
  if (n < 2) return out;
  {
    std::vector<std::span<const uint32_t>> spans(n);
    for (size_t i = 0; i < n; ++i) {
      spans[i] = {ids.data() + id_offsets[i], ids.data() + id_offsets[i + 1]};
    }
    arena.execute([&] { out.idf.Build(spans); });
  }
  // The idf's dense features are the items' stems from here on.
  std::vector<uint32_t>().swap(ids);
  std::vector<uint64_t>().swap(id_offsets);
  arena.execute([&] { out.pairs = ClauseCandidatePairs(source, out.items, out.idf); });
  return out;
}

std::vector<SentenceMatch> MatchClauses(const SentenceSource& source,
                                        const ClauseMatchSettings& settings, int threads,
                                        ClauseLevelStats* stats) {
  const ClauseCandidates candidates = FindClauseCandidates(source, threads);
  return JudgeClauseCandidates(source, candidates, settings, threads, nullptr, stats);
}

std::vector<SentenceMatch> JudgeClauseCandidates(
    const SentenceSource& source, const ClauseCandidates& clause_candidates,
    const ClauseMatchSettings& settings, int threads,
    const std::function<bool(uint32_t, uint32_t)>* skip, ClauseLevelStats* stats) {
  *stats = ClauseLevelStats();
  const std::vector<ClauseItem>& items = clause_candidates.items;
  const WeightedSets& idf = clause_candidates.idf;
  const std::vector<std::pair<uint32_t, uint32_t>>& candidates = clause_candidates.pairs;
  stats->sentences = items.size();
  std::vector<SentenceMatch> out;
  if (items.size() < 2) return out;
  stats->candidates = candidates.size();
  std::vector<uint32_t> degree(items.size(), 0);
  for (const auto& [a, b] : candidates) ++degree[a], ++degree[b];
  auto lower_of = [&](uint32_t i) {
    return std::span<const uint32_t>(
        clause_candidates.lower.data() + clause_candidates.lower_offsets[i],
        clause_candidates.lower_offsets[i + 1] - clause_candidates.lower_offsets[i]);
  };

  const Scorer& scorer = Scorer::Default();
  const double decision =
      std::max(kMinClauseProbability,
               settings.decision_threshold > 0 ? settings.decision_threshold : scorer.threshold());
  const SynonymTable* synonyms =
      settings.synonyms ? &SynonymTable::ForSeed(settings.seed) : nullptr;
  auto seq = [&](uint32_t i) {
    const auto [at, len] = ClauseWordRange(source, items[i]);
    return source.sequences.subspan(at, len);
  };
  // Whether [begin, end) of item i's sentence holds a whole quotation of 2+ content words: a
  // maximal run of kWordQuoted words in its paragraph that starts and ends inside the stretch.
  // O(paragraph).
  auto stretch_quotes = [&](uint32_t i, uint32_t begin, uint32_t end) {
    const auto [at, len] = ClauseWordRange(source, items[i]);
    const uint32_t g = items[i].group;
    const size_t first = source.seq_offsets[g], last = source.seq_offsets[g + 1];
    auto quoted = [&](size_t w) { return (source.lower[w] & kWordQuoted) != 0; };
    for (size_t w = at + begin; w < at + std::min(end, len); ++w) {
      if (!quoted(w) || (w > first && quoted(w - 1))) continue;  // not a run's first word
      size_t e = w;
      while (e < last && quoted(e)) ++e;
      if (e - w >= 2 && e <= at + end) return true;
    }
    return false;
  };
  // The clause of item i: [begin, end) of its sentence widened by kContext words each side.
  auto clause = [&](uint32_t i, uint32_t begin, uint32_t end) {
    const auto [at, len] = ClauseWordRange(source, items[i]);
    const uint32_t g = items[i].group;
    const auto paragraph_words =
        static_cast<uint32_t>(source.seq_offsets[g + 1] - source.seq_offsets[g]);
    const uint32_t b = begin > kContext ? begin - kContext : 0;
    const uint32_t e = std::min(len, end + kContext);
    const double share = static_cast<double>(e - b) / std::max<uint32_t>(1, paragraph_words);
    return UnitWords{source.sequences.subspan(at + b, e - b),
                     source.lower.subspan(at + b, e - b),
                     share,
                     true,
                     degree[i],
                     true};
  };
  const bool record = settings.record_scored;
  std::vector<PairFeatureVector> recorded(record ? candidates.size() : 0);
  const auto verified = KeptInOrder(candidates.size(), threads, [&](size_t i, WeightedOverlap* o) {
    const auto [a, b] = candidates[i];
    if (skip != nullptr && (*skip)(std::min(items[a].group, items[b].group),
                                   std::max(items[a].group, items[b].group))) {
      return false;
    }
    // The alignment cannot match more distinct stems than the two sentences share (the idf's
    // dense features are the items' stems, in the same order): O(n + m).
    if (IntersectionSize(idf.DenseFeatures(a), idf.DenseFeatures(b)) < kMinAlignedWords) {
      return false;
    }
    // A clause's stem is lower case (kFeatLowerWords) only if its sentence writes it in lower
    // case somewhere, so the two sentences bound the clause pair's lower-case shared stems.
    if (static_cast<double>(IntersectionSize(lower_of(a), lower_of(b))) < kMinLowerWords) {
      return false;
    }
    const AlignedWindow w = BestAlignedWindow(idf, seq(a), seq(b));
    if (w.words < kMinAlignedWords) return false;
    const UnitWords ca = clause(a, w.begin_x, w.end_x), cb = clause(b, w.begin_y, w.end_y);
    PairFeatureVector f = ComputePairFeatures(idf, ca, cb, synonyms);
    // One quotation carried into the other text's prose: the aligned stretch itself (not its
    // context) holds a whole quotation of one of the two texts.
    if (f[kFeatQuoted] == 0 &&
        (stretch_quotes(a, w.begin_x, w.end_x) || stretch_quotes(b, w.begin_y, w.end_y))) {
      f[kFeatQuoted] = 1;
    }
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
  std::sort(out.begin(), out.end(), SentencePairLess);  // one match per sentence pair
  return out;
}

}  // namespace neardup
