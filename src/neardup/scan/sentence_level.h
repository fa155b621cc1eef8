// Sentence level stage (reworded mode, paragraph units): statements rewritten inside otherwise
// different paragraphs, matched sentence by sentence (verify/sentence_matcher.h) and clause by
// clause (verify/clause_matcher.h). Its sentences and clause candidates need nothing from the
// paragraph verification, so the scanner finds them beside that on a thread of its own; the
// clause candidates are judged once the paragraph pairs are known, leaving out the group pairs
// whose clause match would not be used. In: the corpus (and the paragraph pairs). Out: one
// SentenceMatch per statement (sentence pair) of each group pair matched, and the stats.
// Thread-safety: pure functions.
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
  std::vector<SentenceMatch> matches;  // sorted by SentencePairLess (verify/sentence_matcher.h)
  SentenceMatchStats stats;
  std::vector<ScoredSentencePair> scored;  // Options::record_scored only
  double seconds = 0;        // MatchSentenceLevel's, on its own thread (not the judging)
  ClauseCandidates clauses;  // MatchSentenceLevel's, for FinishSentenceLevel
};

// Nothing when !settings.enabled. The sentence level's matches, and the clause level's
// candidates (verify/clause_matcher.h), still to be judged by FinishSentenceLevel. Cost:
// MatchSentences + FindClauseCandidates.
SentenceLevel MatchSentenceLevel(const FingerprintedCorpus& corpus,
                                 const SentenceLevelSettings& settings, int threads);

// Judges level->clauses (then frees them) and adds their matches to level->matches, every
// statement of a group pair (a sentence pair the sentence level matched keeps that match; level->
// matches ends sorted by (g, h, sentence_g, sentence_h)); appends their scored pairs
// (record_scored) to level->scored. Without Options::record_scored, the candidates of the group
// pairs whose matches ExpandPairs (scan/expand_pairs.h) does not list are not judged: pairs in
// `paragraph_pairs` (the paragraph level's, sorted by (g, h)); the expanded pairs are the same as
// if every candidate were judged. Nothing when !settings.enabled. Cost: JudgeClauseCandidates of
// the rest, plus O(C log P) for P paragraph pairs and C candidates, and a merge of the matches.
void FinishSentenceLevel(const FingerprintedCorpus& corpus, const SentenceLevelSettings& settings,
                         const std::vector<GroupPair>& paragraph_pairs, int threads,
                         SentenceLevel* level);

// The public copy of the adaptive thresholds' size classes (scan_result.h). O(classes).
std::vector<SizeClassStats> ToStats(const std::vector<NullClass>& classes);

}  // namespace neardup

#endif  // NEARDUP_SENTENCE_LEVEL_H_
