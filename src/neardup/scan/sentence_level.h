// Sentence level stage (reworded mode, paragraph units): statements rewritten inside otherwise
// different paragraphs, matched sentence by sentence (verify/sentence_matcher.h). It needs
// nothing from the paragraph verification, so the scanner runs it beside that on a thread of its
// own. In: the corpus. Out: one SentenceMatch per group pair, and its stats. Thread-safety: a pure
// function.
#ifndef NEARDUP_SENTENCE_LEVEL_H_
#define NEARDUP_SENTENCE_LEVEL_H_

#include <vector>

#include "neardup/options.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan_result.h"
#include "neardup/verify/clause_matcher.h"
#include "neardup/verify/null_sample.h"
#include "neardup/verify/sentence_matcher.h"

namespace neardup {

struct SentenceLevelSettings {
  bool enabled = false;  // reworded mode, paragraph units, Options::sentences
  SentenceMatchSettings match;
  ClauseMatchSettings clause;

  static SentenceLevelSettings From(const Options& options) {
    return {
        options.mode == Mode::kReworded && options.unit == Unit::kParagraph && options.sentences,
        SentenceMatchSettings::From(options), ClauseMatchSettings::From(options)};
  }
};

struct SentenceLevel {
  std::vector<SentenceMatch> matches;  // sorted by (g, h)
  SentenceMatchStats stats;
  std::vector<ScoredSentencePair> scored;  // Options::record_scored only
  double seconds = 0;
};

// Nothing when !settings.enabled. The sentence level's matches, then for the group pairs it did
// not match the clause level's (verify/clause_matcher.h). Cost: MatchSentences + MatchClauses.
SentenceLevel MatchSentenceLevel(const FingerprintedCorpus& corpus,
                                 const SentenceLevelSettings& settings, int threads);

// The public copy of the adaptive thresholds' size classes (scan_result.h). O(classes).
std::vector<SizeClassStats> ToStats(const std::vector<NullClass>& classes);

}  // namespace neardup

#endif  // NEARDUP_SENTENCE_LEVEL_H_
