// SentenceMatcher: reworded mode's sentence level. Every sentence of every distinct paragraph is
// sketched and banded on its own, so one statement rewritten inside two otherwise different
// paragraphs is found, verified by IDF-weighted overlap (IDF over sentences) against unrelated
// sentence pairs of the same corpus.
#ifndef NEARDUP_SENTENCE_MATCHER_H_
#define NEARDUP_SENTENCE_MATCHER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "neardup/lsh.h"
#include "neardup/options.h"
#include "neardup/weighted_overlap.h"

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
  std::span<const uint32_t> group_doc;     // document of each group's first occurrence
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

// The sentence level's banding (256 permutations) and the threshold it was chosen for.
LshParams SentenceLshParams();
constexpr double kSentenceLshThreshold = 0.35;

struct SentenceMatchStats {
  uint64_t sentences = 0;   // sentences with at least Options::min_content_words content stems
  uint64_t candidates = 0;  // LSH candidate pairs between groups of different documents
  uint64_t verified = 0;    // sentence pairs at or above their threshold
  size_t skipped_buckets = 0;  // LSH buckets over the size limit
  std::vector<NullClass> size_classes;  // adaptive: one per size class
};

// Sentences of different documents' groups are compared when their stem sets (at least
// min_content_words each) share an LSH band (256 permutations, tuned for Jaccard 0.35) and one of
// them holds at least 60% of its paragraph's content words. They match when they share
// min_shared_words stems, of which 4 (3 for a pair scoring 0.5 or more) are written in lower case
// inside both sentences (what is said, not only who is named: sibling stories share their cast),
// one of them is held by at most 100 sentences of the corpus (not only the topic's common words),
// and their weighted similarity reaches their size class's threshold: Options::score_threshold if
// > 0, else adaptive with floor Options::sentence_min_score. Returns one match per group pair, sorted by (g, h). Output does not
// depend on `threads`. Cost: linear in the stems plus the candidates' intersections.
std::vector<SentenceMatch> MatchSentences(const SentenceSource& source, const Options& options, int threads,
                                          SentenceMatchStats* stats);

}  // namespace neardup

#endif  // NEARDUP_SENTENCE_MATCHER_H_
