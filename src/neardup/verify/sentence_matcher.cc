// MatchSentences: sentence sets → a join on rare words, screened by byte sketches → weighted
// overlap → every pair that passes.

#include "neardup/verify/sentence_matcher.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "neardup/sketch/byte_sketch.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/sketch/minhash.h"
#include "neardup/verify/kept_in_order.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/scorer.h"
#include "neardup/verify/synonyms.h"
#include "neardup/verify/unit_profile.h"

namespace neardup {
namespace {

// One of the two sentences must hold this share of its paragraph's content words (a statement
// carried as a paragraph of its own or as its paragraph's main sentence). Kept from the rule
// stack because a measurement with the scorer supports it: without it the sentence candidates of
// 101,963 generated paragraphs grow 8,609 -> 648,510 (sentence level 1.9 -> 8.6 s) and precision
// on the recall test's corpus (seed 11) falls 1.0000 -> 0.9955, while MSRP (F1 0.824), STS news
// (0.787) and the sample (4 of 8 statements, 0 wrong) are the same with it and without.
constexpr float kMinShare = 0.6f;
// The scorer judges candidates sharing at least this many content stems.
constexpr uint32_t kMinScoredShared = 2;
// A sentence pair that is part of a longer paragraph must share at least this many stems written
// in lower case in both (what is said, not only who is named). The one rule of the old
// sentence-level stack a measurement on real text supports: of the hand-labelled realnews sentence
// pairs (data/scorer), it removes 21 of 30 negatives and 4 of 24 positives; on generated wire copy
// (seed 11) 48 of the 66 false sentence pairs the scorer alone reported.
constexpr double kMinLowerWords = 3;
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
// many of their 64 positions (a Jaccard estimate of about 0.15). This replaced an LSH join (82
// bands of 3 rows, tuned for Jaccard 0.35), which compared pairs without a rare word by the
// million and kept a pair of Jaccard 0.2 with probability ~0.5. Measured when the screen was 16
// (Jaccard ~0.24): the false pairs of the 2,000-paragraph corpora stayed where they were (45 in
// all; 55 with the paragraph screen's 10, 38 with 19, which lost a statement of the sample), the
// derived corpora's verdicts and the sample's statements unchanged; at 294,482 paragraphs
// sentence candidates 1.57M -> 13k, the sentence level 1.85 -> 0.47 s. The scorer's commit
// (1b5ab65) set it to 10; no measurement of that step is recorded.
constexpr uint32_t kMinSentenceAgreement = 10;
// The sentences long enough to match, as sorted unique stem sets (item i: ids[offsets[i],
// offsets[i + 1])), with where each comes from.
struct SentenceItems {
  std::vector<uint64_t> offsets{0};
  std::vector<uint32_t> ids;
  std::vector<uint32_t> group, sentence, doc;
  std::vector<float> share;  // the sentence's share of its paragraph's content words
};

// Every sentence of `source` with at least min_content_words distinct stems. O(stems log stems).
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
      items.ids.insert(items.ids.end(), set.begin(), set.end());
      items.offsets.push_back(items.ids.size());
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

// Profiles the sentences that are in a candidate pair (degree > 0): their content words in text
// order into `weighted` (SetSequences), then their kinds, counts and synsets. On `arena`'s cores.
void ProfileCandidates(const std::vector<uint32_t>& degree,
                       const std::function<UnitWords(uint32_t)>& words_of,
                       const SynonymTable* synonyms, tbb::task_arena& arena, WeightedSets* weighted,
                       UnitProfiles* profiles) {
  const size_t n = degree.size();
  std::vector<uint64_t> seq_offsets(n + 1, 0);
  std::vector<uint32_t> seq;
  std::vector<char> wanted(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (degree[i] > 0) {
      const std::span<const uint32_t> stems = words_of(static_cast<uint32_t>(i)).stems;
      seq.insert(seq.end(), stems.begin(), stems.end());
      wanted[i] = 1;
    }
    seq_offsets[i + 1] = seq.size();
  }
  arena.execute([&] {
    weighted->SetSequences(seq_offsets, seq);
    profiles->Build(weighted, synonyms, n, words_of, wanted);
  });
}

}  // namespace

std::vector<SentenceMatch> MatchSentences(const SentenceSource& source,
                                          const SentenceMatchSettings& settings, int threads,
                                          SentenceLevelStats* stats) {
  *stats = SentenceLevelStats();

  // Items: the sentences long enough to match, as sorted unique stem sets.
  const SentenceItems items = CollectSentences(source, settings.min_content_words);
  const std::vector<uint64_t>& offsets = items.offsets;
  const std::vector<uint32_t>& ids = items.ids;
  const std::vector<uint32_t>&item_group = items.group, &item_sentence = items.sentence,
        &item_doc = items.doc;
  const std::vector<float>& item_share = items.share;
  const size_t n = item_group.size();
  stats->sentences = n;
  std::vector<SentenceMatch> out;
  if (n < 2) return out;
  auto set_of = [&](size_t i) {
    return std::span<const uint32_t>(ids.data() + offsets[i], offsets[i + 1] - offsets[i]);
  };
  std::vector<std::span<const uint32_t>> sets(n);
  for (size_t i = 0; i < n; ++i) sets[i] = set_of(i);
  tbb::task_arena arena(std::max(1, threads));
  WeightedSets weighted;
  arena.execute([&] { weighted.Build(sets); });

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
  // Sentences of different documents and groups.
  auto eligible = [&](uint32_t a, uint32_t b) {
    return item_doc[a] != item_doc[b] && item_group[a] != item_group[b] &&
           std::max(item_share[a], item_share[b]) >= kMinShare;
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
  std::vector<uint32_t> degree(n, 0);  // candidate pairs per sentence
  for (const auto& [a, b] : candidates) ++degree[a], ++degree[b];

  // One decision per candidate: the scorer's probability (verify/scorer.h), IDF over sentences.
  const Scorer& scorer = Scorer::Default();
  const double decision =
      settings.decision_threshold > 0 ? settings.decision_threshold : scorer.threshold();
  const SynonymTable* synonyms =
      settings.synonyms ? &SynonymTable::ForSeed(settings.seed) : nullptr;
  auto words_of = [&](size_t i) {
    const uint32_t g = item_group[i];
    const SentenceSpan& sp = source.sentences[source.sent_offsets[g] + item_sentence[i]];
    const size_t at = source.seq_offsets[g] + sp.seq_begin, len = sp.seq_end - sp.seq_begin;
    return UnitWords{source.sequences.subspan(at, len), source.lower.subspan(at, len),
                     item_share[i], true, degree[i]};
  };
  // The candidates' sentences profiled once (unit_profile.h: the same features, bit for bit).
  UnitProfiles profiles;
  ProfileCandidates(degree, words_of, synonyms, arena, &weighted, &profiles);
  const bool record = settings.record_scored;
  const double min_logit = decision >= 1 ? INFINITY : Scorer::LogOdds(decision);
  std::vector<PairFeatureVector> recorded(record ? candidates.size() : 0);
  const auto verified = KeptInOrder(candidates.size(), threads, [&](size_t i, WeightedOverlap* o) {
    const auto [a, b] = candidates[i];
    *o = weighted.Overlap(a, b);
    o->threshold = decision;
    if (o->shared < kMinScoredShared) return false;
    const UnitWords wa = words_of(a), wb = words_of(b);
    PairFeatureVector f;
    const bool hopeless = !ScoreFeatures(profiles, scorer, min_logit, record, a, b, wa, wb, &f);
    if (record) recorded[i] = f;
    if (hopeless) return false;
    const double p = scorer.Judge(f, o);
    const bool whole = item_share[a] >= 1 && item_share[b] >= 1;  // two one-sentence paragraphs
    return p >= decision && (whole || std::expm1(f[kFeatLowerWords]) + 0.5 >= kMinLowerWords);
  });
  for (size_t i = 0; record && i < candidates.size(); ++i) {
    if (recorded[i][kFeatShortSide] == 0) continue;  // not scored
    const auto [a, b] = candidates[i];
    stats->scored.push_back({item_group[a], item_group[b], item_sentence[a], item_sentence[b],
                             std::vector<float>(recorded[i].begin(), recorded[i].end()),
                             scorer.Probability(recorded[i])});
  }
  for (const auto& [i, o] : verified) {
    ++stats->verified;
    auto [a, b] = candidates[i];
    if (item_group[a] > item_group[b]) std::swap(a, b);
    const bool flipped = a != candidates[i].first;
    SentenceMatch m;
    m.g = item_group[a];
    m.h = item_group[b];
    m.sentence_g = item_sentence[a];
    m.sentence_h = item_sentence[b];
    m.similarity = o.similarity;
    m.shared = o.shared;
    m.containment_g = flipped ? o.containment_b : o.containment_a;
    m.containment_h = flipped ? o.containment_a : o.containment_b;
    m.threshold = o.threshold;
    m.probability = o.probability;
    m.reasons = o.reasons;
    m.reason_count = o.reason_count;
    m.estimate = ByteSketchEstimate(agreement(a, b));
    out.push_back(m);
  }
  // By (g, h, sentence_g, sentence_h): the order FinishSentenceLevel (scan/sentence_level.h)
  // merges the levels' matches in (a group pair may carry several statements: every match is
  // kept; the keys are distinct, one match per sentence pair). O(n log n).
  std::sort(out.begin(), out.end(), SentencePairLess);
  return out;
}

}  // namespace neardup
