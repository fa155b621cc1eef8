// ClauseMatcher: reworded mode's clause level. A statement quoted or retold inside two sentences
// that say other things ("there would be grave consequences" inside a longer warning) is matched
// on the stretch the two sentences align on (with a little context), judged by the one scorer
// with kFeatClauseLevel set. Thread-safety: a pure function.
#ifndef NEARDUP_VERIFY_CLAUSE_MATCHER_H_
#define NEARDUP_VERIFY_CLAUSE_MATCHER_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "neardup/options.h"
#include "neardup/verify/clause_candidates.h"
#include "neardup/verify/sentence_matcher.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

struct ClauseMatchSettings {
  uint64_t seed = 0;              // Options::seed (the synonym table)
  double decision_threshold = 0;  // Options::decision_threshold; 0 = the scorer's default
  bool synonyms = true;           // Options::synonyms
  bool record_scored = false;     // Options::record_scored: keep every scored candidate

  static ClauseMatchSettings From(const Options& options) {
    return {options.seed, options.decision_threshold, options.synonyms, options.record_scored};
  }
};

struct ClauseLevelStats {
  uint64_t sentences = 0;   // sentences with at least kMinClauseWords distinct content stems
  uint64_t candidates = 0;  // candidate sentence pairs
  uint64_t verified = 0;    // at or above the decision
  std::vector<ScoredSentencePair> scored;  // record_scored only (features of the clause pair)
};

// Candidates: sentences (3+ distinct content stems) of different documents, not both the whole
// of a one-sentence document (those are judged whole, as a sentence-pair benchmark asks), that
// share two content-word bigrams, a bigram and two stems, or three stems, each held by few
// sentences (at most min(20, sqrt N) of the N sentences: phrases of one statement, not the
// story's common words), and 3+ distinct stems in all. Each is judged on its best local alignment
// (BestAlignedWindow over the idf of sentences) widened by 2 content words on each side, as
// UnitWords with `clause` set, if the alignment matches 3+ words and the two clauses share 2+
// stems written in lower case; a pair is reported at p >= max(0.9, the decision threshold).
// Returns every match (one per sentence pair: a group pair may carry several statements), g < h,
// sorted by SentencePairLess (sentence_matcher.h); the sentence indices name the sentences
// the clauses lie in. Runs on `threads` cores; output does not depend on their
// number. Cost: FindClauseCandidates + JudgeClauseCandidates.
std::vector<SentenceMatch> MatchClauses(const SentenceSource& source,
                                        const ClauseMatchSettings& settings, int threads,
                                        ClauseLevelStats* stats);

// The clause level in two steps, so that a caller can leave out the group pairs whose clause
// match it would not use (FinishSentenceLevel, scan/sentence_level.h: pairs whose match ExpandPairs
// drops).
struct ClauseCandidates {
  std::vector<ClauseItem> items;  // the sentences with 3+ distinct content stems, corpus order
  WeightedSets idf;               // over the items' distinct stems (IDF over sentences)
  std::vector<uint64_t> lower_offsets{0};  // items + 1
  std::vector<uint32_t> lower;  // per item: its distinct stems written in lower case, ascending
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // candidate item pairs (a < b), sorted
};

// The items and candidate pairs of MatchClauses (verify/clause_candidates.h). On `threads`
// cores; the result does not depend on their number. Cost: O(stems log stems) plus the pairs of
// each rare key (at most 190 per key). Memory: ~4 B per content word, 16 B per bigram of one
// pass, 8 B per rare key held, 8 B per candidate.
ClauseCandidates FindClauseCandidates(const SentenceSource& source, int threads);

// Judges `candidates` as MatchClauses does, except the pairs of groups g < h for which
// skip(g, h) is true (null: none), which are not judged; their candidates still count in
// stats->candidates and in each sentence's degree. Cost: per candidate judged whose sentences
// share 3+ stems and 2+ written in lower case, an O(n m) alignment (BestAlignedWindow, for most
// pairs far fewer cells) and the reference features of the clause pair.
std::vector<SentenceMatch> JudgeClauseCandidates(
    const SentenceSource& source, const ClauseCandidates& candidates,
    const ClauseMatchSettings& settings, int threads,
    const std::function<bool(uint32_t, uint32_t)>* skip, ClauseLevelStats* stats);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_CLAUSE_MATCHER_H_
