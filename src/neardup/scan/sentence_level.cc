// Sentence level stage (sentence_level.h).

#include "neardup/scan/sentence_level.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>
#include <utility>

namespace neardup {

std::vector<SizeClassStats> ToStats(const std::vector<NullClass>& classes) {
  std::vector<SizeClassStats> out;
  out.reserve(classes.size());
  for (const NullClass& c : classes) {
    out.push_back({c.min_words, c.null_pairs, c.null_score, c.null_outliers, c.threshold});
  }
  return out;
}

SentenceLevel MatchSentenceLevel(const FingerprintedCorpus& corpus,
                                 const SentenceLevelSettings& settings, int threads) {
  SentenceLevel out;
  if (!settings.enabled) return out;
  const auto start = std::chrono::steady_clock::now();
  SentenceLevelStats stats;
  out.matches = MatchSentences(corpus.Sentences(), settings.match, threads, &stats);
  out.stats = {stats.sentences, stats.candidates, stats.verified, ToStats(stats.size_classes)};
  out.scored = std::move(stats.scored);
  out.clauses = FindClauseCandidates(corpus.Sentences(), threads);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

void FinishSentenceLevel(const FingerprintedCorpus& corpus, const SentenceLevelSettings& settings,
                         const std::vector<GroupPair>& paragraph_pairs, int threads,
                         SentenceLevel* level) {
  if (!settings.enabled) return;
  // ExpandSentences' test (scan/expand_pairs.cc): the group pairs matched as paragraphs, whose
  // statements it does not list.
  const std::function<bool(uint32_t, uint32_t)> unused = [&](uint32_t g, uint32_t h) {
    const auto pair = std::lower_bound(paragraph_pairs.begin(), paragraph_pairs.end(),
                                       std::make_pair(g, h), [](const GroupPair& gp, auto x) {
                                         return gp.g != x.first ? gp.g < x.first : gp.h < x.second;
                                       });
    return pair != paragraph_pairs.end() && pair->g == g && pair->h == h;
  };
  const bool record = settings.clause.record_scored;
  ClauseLevelStats clauses;
  const std::vector<SentenceMatch> more =
      JudgeClauseCandidates(corpus.Sentences(), level->clauses, settings.clause, threads,
                            record ? nullptr : &unused, &clauses);
  level->clauses = ClauseCandidates();
  // Every statement of a group pair: the sentence level's matches and the clause level's of other
  // sentence pairs, both sorted by SentencePairLess (one match per sentence pair in each). A
  // sentence pair both levels matched keeps the sentence level's match: std::merge puts of two
  // equal keys the first range's first, and std::unique below keeps it. O(n).
  std::vector<SentenceMatch> merged(level->matches.size() + more.size());
  std::merge(level->matches.begin(), level->matches.end(), more.begin(), more.end(), merged.begin(),
             SentencePairLess);
  merged.erase(std::unique(merged.begin(), merged.end(), SameSentencePair), merged.end());
  level->matches = std::move(merged);
  level->scored.insert(level->scored.end(), std::make_move_iterator(clauses.scored.begin()),
                       std::make_move_iterator(clauses.scored.end()));
}

}  // namespace neardup
