// SentenceMatcher: reworded mode's sentence level. Every sentence of every distinct paragraph is
// compared on its own (pairs sharing a rare word, screened by byte sketches), so one statement
// rewritten inside two otherwise different paragraphs is found, judged by the one scorer
// (verify/scorer.h, IDF over sentences). Thread-safety: a pure function.
#ifndef NEARDUP_SENTENCE_MATCHER_H_
#define NEARDUP_SENTENCE_MATCHER_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "neardup/options.h"
#include "neardup/verify/null_sample.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

// A sentence of a paragraph group: its content stems are sequences[seq_offsets[g] + seq_begin,
// seq_offsets[g] + seq_end); its text is [begin, end) counted from the paragraph's first byte.
struct SentenceSpan {
  uint32_t seq_begin = 0, seq_end = 0;
  uint32_t begin = 0, end = 0;
};

// The paragraph groups (distinct texts) as the Scanner stores them.
struct SentenceSource {
  std::span<const uint64_t> seq_offsets;   // groups + 1
  std::span<const uint32_t> sequences;     // content stems in text order
  std::span<const uint8_t> lower;          // parallel: written in lower case inside its sentence
  std::span<const uint64_t> sent_offsets;  // groups + 1
  std::span<const SentenceSpan> sentences;
  std::span<const uint32_t> group_doc;  // document of each group's first occurrence
};

// One verified sentence pair of two groups g < h: sentence sentence_g of g and sentence_h of h
// carry the same statement (a group pair may have several, one per sentence pair).
struct SentenceMatch {
  uint32_t g = 0, h = 0;
  uint32_t sentence_g = 0, sentence_h = 0;  // indices among the group's sentences
  double similarity = 0;
  double estimate = 0;  // MinHash estimate of the Jaccard of the two sentences' stem sets
  uint32_t shared = 0;  // content stems in common
  double containment_g = 0, containment_h = 0;
  double threshold = 0;
  double probability = 0;  // the scorer's (verify/scorer.h)
  std::array<ScoreReason, 3> reasons{};
  uint8_t reason_count = 0;
};

// The order of MatchSentences' and MatchClauses' results: (g, h, sentence_g, sentence_h)
// ascending. O(1).
inline bool SentencePairLess(const SentenceMatch& x, const SentenceMatch& y) {
  if (x.g != y.g) return x.g < y.g;
  if (x.h != y.h) return x.h < y.h;
  return x.sentence_g != y.sentence_g ? x.sentence_g < y.sentence_g : x.sentence_h < y.sentence_h;
}

// Whether x and y name the same sentence pair (neither SentencePairLess than the other). O(1).
inline bool SameSentencePair(const SentenceMatch& x, const SentenceMatch& y) {
  return x.g == y.g && x.h == y.h && x.sentence_g == y.sentence_g && x.sentence_h == y.sentence_h;
}

// One sentence pair the scorer judged (Options::record_scored).
struct ScoredSentencePair {
  uint32_t g = 0, h = 0, sentence_g = 0, sentence_h = 0;
  std::vector<float> features;
  double probability = 0;
};

struct SentenceLevelStats {
  uint64_t sentences = 0;   // sentences with at least Options::min_content_words content stems
  uint64_t candidates = 0;  // candidate pairs between groups of different documents
  uint64_t verified = 0;    // sentence pairs at or above their threshold
  std::vector<NullClass> size_classes;     // adaptive: one per size class
  std::vector<ScoredSentencePair> scored;  // Options::record_scored only
};

// What MatchSentences honours of Options.
struct SentenceMatchSettings {
  uint32_t min_content_words = 6;  // Options::min_content_words: shorter sentences are not matched
  uint32_t min_shared_words = 5;   // Options::min_shared_words
  uint64_t seed = 0;               // Options::seed
  SketchScheme scheme = SketchScheme::kIndependent;  // Options::scheme
  bool exact = false;             // Options::exact: every pair sharing a stem is compared
  double score_threshold = 0;     // Options::score_threshold; 0 = adaptive
  NullSettings null;              // floor Options::sentence_min_score, seed Options::seed ^ "sent"
  double decision_threshold = 0;  // Options::decision_threshold; 0 = the scorer's default
  bool synonyms = true;           // Options::synonyms
  bool record_scored = false;     // Options::record_scored: keep every scored candidate

  static SentenceMatchSettings From(const Options& options) {
    SentenceMatchSettings m;
    m.min_content_words = options.min_content_words;
    m.min_shared_words = options.min_shared_words;
    m.seed = options.seed;
    m.scheme = options.scheme;
    m.exact = options.exact;
    m.score_threshold = options.score_threshold;
    m.null = NullSettingsFor(options, ThreadsToUse(options.threads));
    m.null.floor = options.sentence_min_score;
    m.null.seed = options.seed ^ 0x73656e74;  // "sent"
    m.null.min_words = options.min_content_words;
    m.decision_threshold = options.decision_threshold;
    m.synonyms = options.synonyms;
    m.record_scored = options.record_scored;
    return m;
  }
};

// Candidates: sentences with at least min_content_words distinct content stems, of different
// documents and groups, one of them holding at least 60% of its paragraph's content words, that
// share a stem held by at most 100 sentences of the corpus (not only the topic's common words)
// and whose byte sketches agree on at least 10 of 64 positions (Jaccard ~0.15); with
// Options::exact every such pair sharing any stem, unscreened. A candidate sharing 2+ stems is
// judged by the scorer (unit_profile.h: the features computed only as far as the decision needs
// them) and matches at p >= the decision threshold (Options::decision_threshold, else the
// scorer's) if it shares 3+ stems written in lower case inside both sentences (what is said, not
// only who is named), or if both sentences are whole one-sentence paragraphs. min_shared_words,
// score_threshold and the null settings are not used by the scorer's decision. Returns every
// match (one per sentence pair), sorted by SentencePairLess. Output does not depend on
// `threads`. Cost: linear in the stems plus at most 50 byte-sketch comparisons per
// rare stem held, plus the candidates' features (O(n m) alignment for those that can still reach
// the decision).
std::vector<SentenceMatch> MatchSentences(const SentenceSource& source,
                                          const SentenceMatchSettings& settings, int threads,
                                          SentenceLevelStats* stats);

}  // namespace neardup

#endif  // NEARDUP_SENTENCE_MATCHER_H_
