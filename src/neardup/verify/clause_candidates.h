// Clause candidates: the sentences the clause level compares (ClauseItem) and the pairs of them
// that share rare phrases (the rule: clause_matcher.h). ClauseCandidatePairs groups stems by
// their dense ids and bigrams by hash partitions, a bounded share at a time;
// ClauseCandidatePairsReference sorts every (key, sentence) at once and is kept for the tests,
// which compare the two. Thread-safety: pure functions.
#ifndef NEARDUP_VERIFY_CLAUSE_CANDIDATES_H_
#define NEARDUP_VERIFY_CLAUSE_CANDIDATES_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "neardup/verify/sentence_matcher.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

// A sentence of the clause level: sentence `sentence` of group `group` (12 bytes: its words follow
// from the source, ClauseWords).
struct ClauseItem {
  uint32_t group = 0, doc = 0;      // doc: the group's (SentenceSource::group_doc)
  uint32_t sentence : 31 = 0;       // index among the group's sentences
  uint32_t whole_document : 1 = 0;  // the only sentence of its document's only paragraph
};

// Where item's content words start in source.sequences, and how many there are. O(1).
inline std::pair<uint64_t, uint32_t> ClauseWordRange(const SentenceSource& source,
                                                     const ClauseItem& item) {
  const SentenceSpan& sp = source.sentences[source.sent_offsets[item.group] + item.sentence];
  return {source.seq_offsets[item.group] + sp.seq_begin, sp.seq_end - sp.seq_begin};
}

// A key (stem or content-word bigram) is rare when at most this many sentences hold it (and at
// most sqrt N of the N sentences).
inline constexpr size_t kMaxClauseKeyHolders = 20;

// Every pair (a, b), a < b, of items of different documents and groups, not both
// whole_document, that share two rare bigrams, a rare bigram and two rare stems, or three rare
// stems; sorted, unique. `stems`: WeightedSets::Build over the items' distinct stems (item i's
// stems are its DenseFeatures). On the cores of the calling task arena; the result does not
// depend on their number nor on bigrams_per_pass. Cost: O(F) for the stems plus O(words) hashing
// (three times) for the bigrams; then, per pass (about one per bigrams_per_pass bigrams, whole
// hash buckets together, at most 255), a byte read per word and the sort of that pass's bigrams
// in small buckets; then each item's rare keys' later holders. Memory: 1 B per word of
// source.sequences, 16 B per bigram of a pass, 8 B per rare key held, 12 B per stem of the
// vocabulary, plus the hits of one block of items per thread.
inline constexpr size_t kBigramsPerPass = size_t{1} << 22;
std::vector<std::pair<uint32_t, uint32_t>> ClauseCandidatePairs(
    const SentenceSource& source, const std::vector<ClauseItem>& items, const WeightedSets& stems,
    size_t bigrams_per_pass = kBigramsPerPass);

// The same pairs, by sorting every (key, item) pair of the corpus (16 B each) and counting each
// first item's hits. On the cores of the calling task arena. O(K log K) for K keys.
std::vector<std::pair<uint32_t, uint32_t>> ClauseCandidatePairsReference(
    const SentenceSource& source, const std::vector<ClauseItem>& items);

}  // namespace neardup

#endif  // NEARDUP_VERIFY_CLAUSE_CANDIDATES_H_
