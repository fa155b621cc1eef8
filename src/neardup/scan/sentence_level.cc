// Sentence level stage (sentence_level.h).

#include "neardup/scan/sentence_level.h"

#include <chrono>

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
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace neardup
