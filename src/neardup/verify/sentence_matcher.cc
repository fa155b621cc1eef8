// MatchSentences: sentence sets → a join on rare words, screened by byte sketches → weighted
// overlap → the best pair per group pair.

#include "neardup/verify/sentence_matcher.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "neardup/sketch/byte_sketch.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/sketch/minhash.h"
#include "neardup/verify/jaccard.h"
#include "neardup/verify/kept_in_order.h"

namespace neardup {
namespace {

// Lower bounds of the size classes (content stems of a pair's smaller sentence).
constexpr uint32_t kSentenceClasses[] = {0, 10};
// One of the two sentences must hold this share of its paragraph's content words: a statement
// carried as a paragraph of its own or as its paragraph's main sentence, not two fragments of two
// paragraphs that say other things (measured on generated corpora: fragments of sibling stories
// sharing their cast and topic words were nearly all of the false sentence pairs).
constexpr float kMinShare = 0.6f;
// Shared stems written in lower case in both sentences: at least kCommonWords, or
// kCommonWordsStrong when the pair scores kStrongScore or more.
constexpr size_t kCommonWords = 4;
constexpr size_t kCommonWordsStrong = 3;
constexpr double kStrongScore = 0.5;
// And the words the two share must mostly come in one order (WeightedSets::InOrderShare of at
// least kMinInOrderShare), unless they share kCommonWordsReordered lower-case stems: a statement
// an outlet edited keeps its order, one it rewrote with its clauses turned round keeps many of its
// words ("grave consequences if the US refused to agree to a joint investigation"), while the
// sentences of sibling stories share a few names and phrases of the event in any order. Measured
// with default settings: generated wire copy with realistic edits, 100 stories (seeds 31-33),
// false pairs 61/28/33 -> 29/19/19 (precision 0.9898 -> 0.9951 on seed 31), recall unchanged; the
// 2,000-paragraph corpora's false pairs 45 -> 32; 294,482 paragraphs 1,298 -> 1,255, recall
// unchanged; the derived corpora's verdicts and the sample's statements (6 of 8) unchanged. The
// order alone lost two of the sample's statements (share 0.45 and 0.5, with 6 and 7 lower-case
// stems); 6 alone left most sibling pairs (they share 3 to 6).
constexpr double kMinInOrderShare = 0.75;
constexpr size_t kCommonWordsReordered = 6;
// And one of the shared stems must be rare: held by at most this many sentences of the corpus. A
// rewritten statement keeps some word of its own (a name, a term: "slander", "culpability");
// two sentences on one topic that share only the topic's common words are not a statement. The
// unrelated sentence pairs a corpus compares grow faster than the corpus, so without this the
// sentence level's false pairs did too (measured on generated wire copy, default settings:
// 294,482 paragraphs, sentence-level pairs 26 right and 1,652 wrong, precision 0.9882; with 100:
// 10 right and 99 wrong, precision 0.9939, recall 0.9992 -> 0.9991; 98,613 paragraphs: precision
// 0.9932 -> 0.9953; the 2,000-paragraph corpora, the derived corpora and the sample unchanged).
constexpr double kRareSentences = 100;
// Candidates are the eligible pairs sharing such a word whose byte sketches agree on at least this
// many of their 64 positions (a Jaccard estimate of about 0.24). This replaced an LSH join (82
// bands of 3 rows, tuned for Jaccard 0.35), which compared pairs without a rare word by the
// million and kept a pair of Jaccard 0.2 with probability ~0.5: the screen at 16 keeps the
// false pairs of the 2,000-paragraph corpora where they were (45 in all; 55 with the paragraph
// screen's 10, 38 with 19, which lost a statement of the sample), the derived corpora's verdicts
// and the sample's statements unchanged; at 294,482 paragraphs sentence candidates 1.57M -> 13k,
// the sentence level 1.85 -> 0.47 s, precision 0.9950 -> 0.9951, recall unchanged.
constexpr uint32_t kMinSentenceAgreement = 16;
}  // namespace

namespace {

// The sentences long enough to match, as sorted unique stem sets (item i: ids[offsets[i],
// offsets[i + 1])), with where each comes from.
struct SentenceItems {
  std::vector<uint64_t> offsets{0};
  std::vector<uint32_t> ids;
  std::vector<uint32_t> group, sentence, doc;
  std::vector<float> share;  // the sentence's share of its paragraph's content words
  std::vector<uint64_t> common_offsets{0};
  std::vector<uint32_t> common;  // per item: sorted stems written in lower case in the sentence
};

// Every sentence of `source` with at least min_content_words distinct stems and
// kCommonWordsStrong stems written in lower case. O(stems log stems).
SentenceItems CollectSentences(const SentenceSource& source, uint32_t min_content_words) {
  SentenceItems items;
  const size_t groups = source.group_doc.size();
  std::vector<uint32_t> set;
  for (uint32_t g = 0; g < groups; ++g) {
    const uint32_t* seq = source.sequences.data() + source.seq_offsets[g];
    for (uint64_t k = source.sent_offsets[g]; k < source.sent_offsets[g + 1]; ++k) {
      const SentenceSpan& sp = source.sentences[k];
      set.assign(seq + sp.seq_begin, seq + sp.seq_end);
      std::sort(set.begin(), set.end());
      set.erase(std::unique(set.begin(), set.end()), set.end());
      if (set.size() < min_content_words) continue;
      const size_t at = items.common.size();
      for (uint32_t q = sp.seq_begin; q < sp.seq_end; ++q) {
        if (source.lower[source.seq_offsets[g] + q]) items.common.push_back(seq[q]);
      }
      std::sort(items.common.begin() + static_cast<std::ptrdiff_t>(at), items.common.end());
      items.common.erase(
          std::unique(items.common.begin() + static_cast<std::ptrdiff_t>(at), items.common.end()),
          items.common.end());
      if (items.common.size() - at < kCommonWordsStrong) {  // too few common words to ever match
        items.common.resize(at);
        continue;
      }
      items.ids.insert(items.ids.end(), set.begin(), set.end());
      items.offsets.push_back(items.ids.size());
      items.common_offsets.push_back(items.common.size());
      items.group.push_back(g);
      items.sentence.push_back(static_cast<uint32_t>(k - source.sent_offsets[g]));
      items.doc.push_back(source.group_doc[g]);
      items.share.push_back(static_cast<float>(sp.seq_end - sp.seq_begin) /
                            static_cast<float>(std::max<uint64_t>(
                                1, source.seq_offsets[g + 1] - source.seq_offsets[g])));
    }
  }
  return items;
}

}  // namespace

std::vector<SentenceMatch> MatchSentences(const SentenceSource& source,
                                          const SentenceMatchSettings& settings, int threads,
                                          SentenceLevelStats* stats) {
  *stats = SentenceLevelStats();

  // Items: the sentences long enough to match, as sorted unique stem sets.
  SentenceItems items = CollectSentences(source, settings.min_content_words);
  const size_t n = items.group.size();
  stats->sentences = n;
  std::vector<SentenceMatch> out;
  if (n < 2) return out;
  auto set_of = [&](size_t i) {
    return std::span<const uint32_t>(items.ids.data() + items.offsets[i],
                                     items.offsets[i + 1] - items.offsets[i]);
  };
  std::vector<std::span<const uint32_t>> sets(n);
  for (size_t i = 0; i < n; ++i) sets[i] = set_of(i);
  tbb::task_arena arena(std::max(1, threads));
  WeightedSets weighted;
  arena.execute([&] { weighted.Build(sets); });
  // A sentence's content words in text order.
  auto sequence_of = [&](size_t i) {
    const uint32_t g = items.group[i];
    const SentenceSpan& sp = source.sentences[source.sent_offsets[g] + items.sentence[i]];
    return source.sequences.subspan(source.seq_offsets[g] + sp.seq_begin,
                                    sp.seq_end - sp.seq_begin);
  };

  // A byte sketch of every sentence, on all cores: the candidates' screen and the estimate each
  // match reports.
  constexpr size_t kBytes = DocumentPrint::kByteSketchSize;
  const MinHasher hasher(static_cast<int>(kBytes), settings.seed ^ 0x73656e74,  // "sent"
                         settings.scheme);
  std::vector<uint8_t> bytes(n * kBytes);
  tbb::enumerable_thread_specific<std::vector<uint32_t>> signature(kBytes);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 256),
                      [&](const tbb::blocked_range<size_t>& r) {
                        std::vector<uint32_t>& sig = signature.local();
                        for (size_t i = r.begin(); i < r.end(); ++i) {
                          hasher.Sketch(sets[i], sig.data());
                          for (size_t q = 0; q < kBytes; ++q) {
                            bytes[i * kBytes + q] = ByteOfMinHash(sig[q]);
                          }
                        }
                      });
  });
  auto agreement = [&](uint32_t a, uint32_t b) {
    return ByteSketchAgreement(bytes.data() + size_t{a} * kBytes,
                               bytes.data() + size_t{b} * kBytes);
  };
  // Sentences of different documents and groups, one of them most of its paragraph.
  auto eligible = [&](uint32_t a, uint32_t b) {
    return items.doc[a] != items.doc[b] && items.group[a] != items.group[b] &&
           std::max(items.share[a], items.share[b]) >= kMinShare;
  };
  // A shared word held by at most kRareSentences sentences (idf >= ln(n / kRareSentences); in a
  // corpus of fewer sentences every word qualifies).
  const double min_rarest_idf =
      std::log(static_cast<double>(n) / static_cast<double>(kRareSentences));
  // Only pairs sharing a rare word can match, so they are the candidates: a join on the rare
  // words (each held by at most kRareSentences sentences, so it costs at most kRareSentences / 2
  // pairs per occurrence; 18.6M pairs for the 1.7M sentences of 1M paragraphs), screened by the
  // byte sketches (kMinSentenceAgreement). The exact reference joins on every word, unscreened.
  std::vector<std::pair<uint32_t, uint32_t>> candidates;
  arena.execute([&] {
    if (settings.exact) {
      candidates =
          weighted.PairsSharingRareFeature(-std::numeric_limits<double>::infinity(), eligible);
    } else {
      candidates = weighted.PairsSharingRareFeature(min_rarest_idf, [&](uint32_t a, uint32_t b) {
        return eligible(a, b) && agreement(a, b) >= kMinSentenceAgreement;
      });
    }
  });
  stats->candidates = candidates.size();

  std::vector<double> class_threshold(std::size(kSentenceClasses), settings.score_threshold);
  if (settings.score_threshold <= 0) {
    NullSettings null = settings.null;
    null.threads = threads;
    stats->size_classes = AdaptiveThresholds(weighted, items.doc, kSentenceClasses, null);
    for (size_t c = 0; c < class_threshold.size(); ++c) {
      class_threshold[c] = stats->size_classes[c].threshold;
    }
  }

  // Verified on all cores, in candidate order.
  const auto verified = KeptInOrder(candidates.size(), threads, [&](size_t i, WeightedOverlap* o) {
    const auto [a, b] = candidates[i];
    *o = weighted.Overlap(a, b);
    if (o->shared < settings.min_shared_words) return false;
    const std::span<const uint32_t> ca(items.common.data() + items.common_offsets[a],
                                       items.common_offsets[a + 1] - items.common_offsets[a]);
    const std::span<const uint32_t> cb(items.common.data() + items.common_offsets[b],
                                       items.common_offsets[b + 1] - items.common_offsets[b]);
    const size_t common_shared = IntersectionSize(ca, cb);
    if (common_shared < kCommonWordsStrong ||
        (common_shared < kCommonWords && o->similarity < kStrongScore)) {
      return false;
    }
    if (o->rarest_shared < min_rarest_idf) return false;  // only the topic's common words
    const uint32_t smaller = std::min(weighted.Features(a), weighted.Features(b));
    o->threshold = class_threshold[SizeClassOf(kSentenceClasses, smaller)];
    if (o->similarity < o->threshold) return false;
    return common_shared >= kCommonWordsReordered ||
           weighted.InOrderShare(a, b, sequence_of(a), sequence_of(b)) >= kMinInOrderShare;
  });
  for (const auto& [i, o] : verified) {
    ++stats->verified;
    auto [a, b] = candidates[i];
    if (items.group[a] > items.group[b]) std::swap(a, b);
    const bool flipped = a != candidates[i].first;
    SentenceMatch m;
    m.g = items.group[a];
    m.h = items.group[b];
    m.sentence_g = items.sentence[a];
    m.sentence_h = items.sentence[b];
    m.similarity = o.similarity;
    m.shared = o.shared;
    m.containment_g = flipped ? o.containment_b : o.containment_a;
    m.containment_h = flipped ? o.containment_a : o.containment_b;
    m.threshold = o.threshold;
    m.estimate = ByteSketchEstimate(agreement(a, b));
    out.push_back(m);
  }
  // One match per group pair: the best score, ties to the earliest sentences.
  std::sort(out.begin(), out.end(), [](const SentenceMatch& x, const SentenceMatch& y) {
    if (x.g != y.g) return x.g < y.g;
    if (x.h != y.h) return x.h < y.h;
    if (x.similarity != y.similarity) return x.similarity > y.similarity;
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
