// SentenceMatcher: reworded mode's sentence level. Every sentence of every distinct paragraph is
// compared on its own (pairs sharing a rare word, screened by byte sketches), so one statement
// rewritten inside two otherwise different paragraphs is found, verified by IDF-weighted overlap
// (IDF over sentences) against unrelated sentence pairs of the same corpus.
#ifndef NEARDUP_SENTENCE_MATCHER_H_
#define NEARDUP_SENTENCE_MATCHER_H_

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

// The best-scoring verified sentence pair of one pair of groups g < h.
struct SentenceMatch {
  uint32_t g = 0, h = 0;
  uint32_t sentence_g = 0, sentence_h = 0;  // indices among the group's sentences
  double similarity = 0;
  double estimate = 0;  // MinHash estimate of the Jaccard of the two sentences' stem sets
  uint32_t shared = 0;  // content stems in common
  double containment_g = 0, containment_h = 0;
  double threshold = 0;
};

struct SentenceLevelStats {
  uint64_t sentences = 0;   // sentences with at least Options::min_content_words content stems
  uint64_t candidates = 0;  // candidate pairs between groups of different documents
  uint64_t verified = 0;    // sentence pairs at or above their threshold
  std::vector<NullClass> size_classes;  // adaptive: one per size class
};

// What MatchSentences honours of Options.
struct SentenceMatchSettings {
  uint32_t min_content_words = 6;  // Options::min_content_words: shorter sentences are not matched
  uint32_t min_shared_words = 5;   // Options::min_shared_words
  uint64_t seed = 0;               // Options::seed
  SketchScheme scheme = SketchScheme::kIndependent;  // Options::scheme
  bool exact = false;          // Options::exact: every pair sharing a stem is compared
  double score_threshold = 0;  // Options::score_threshold; 0 = adaptive
  NullSettings null;           // floor Options::sentence_min_score, seed Options::seed ^ "sent"

  static SentenceMatchSettings From(const Options& options) {
    NullSettings null = NullSettingsFor(options, ThreadsToUse(options.threads));
    null.floor = options.sentence_min_score;
    null.seed = options.seed ^ 0x73656e74;  // "sent"
    null.min_words = options.min_content_words;
    return {options.min_content_words,
            options.min_shared_words,
            options.seed,
            options.scheme,
            options.exact,
            options.score_threshold,
            null};
  }
};

// Sentences of different documents' groups are compared when their stem sets (at least
// min_content_words each) share a stem held by at most 100 sentences of the corpus (not only the
// topic's common words), their byte sketches agree on at least 16 of 64 positions (Jaccard ~0.24)
// and one of them holds at least 60% of its paragraph's content words. They match when they
// share min_shared_words stems, of which 4 (3 for a pair scoring 0.5 or more) are written in
// lower case inside both sentences (what is said, not only who is named: sibling stories share
// their cast), the words they share come mostly in one order unless 6 of them are written in
// lower case (WeightedSets::InOrderShare >= 0.75: an edited statement keeps its order, sibling
// stories name one cast in any order), and their weighted similarity reaches their size class's
// threshold:
// Options::score_threshold if > 0, else adaptive with floor Options::sentence_min_score. With
// Options::exact every pair sharing a stem is compared. Returns one match per group pair, sorted
// by (g, h). Output does not depend on `threads`. Cost: linear in the stems plus at most 50 byte
// sketch comparisons per rare stem held, plus the candidates' intersections.
std::vector<SentenceMatch> MatchSentences(const SentenceSource& source,
                                          const SentenceMatchSettings& settings, int threads,
                                          SentenceLevelStats* stats);

}  // namespace neardup

#endif  // NEARDUP_SENTENCE_MATCHER_H_
