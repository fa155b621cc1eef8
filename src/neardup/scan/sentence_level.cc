// Sentence level stage (sentence_level.h).

#include "neardup/scan/sentence_level.h"

#include <algorithm>
#include <chrono>
#include <iterator>

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
  ClauseLevelStats clauses;
  std::vector<SentenceMatch> more =
      MatchClauses(corpus.Sentences(), settings.clause, threads, &clauses);
  // A group pair the sentence level matched keeps that match.
  std::vector<SentenceMatch> merged;
  merged.reserve(out.matches.size() + more.size());
  auto order = [](const SentenceMatch& x, const SentenceMatch& y) {
    return x.g != y.g ? x.g < y.g : x.h < y.h;
  };
  std::set_union(out.matches.begin(), out.matches.end(), more.begin(), more.end(),
                 std::back_inserter(merged), order);
  out.matches = std::move(merged);
  out.stats = {stats.sentences, stats.candidates, stats.verified, ToStats(stats.size_classes)};
  out.scored = std::move(stats.scored);
  out.scored.insert(out.scored.end(), std::make_move_iterator(clauses.scored.begin()),
                    std::make_move_iterator(clauses.scored.end()));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace neardup
