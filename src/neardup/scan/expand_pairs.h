// Expansion stage: the verified relation between distinct texts (groups) becomes pairs of units —
// every pair inside a group of identical texts, every member pair across two verified groups, and
// the sentence matches of groups not already paired (one pair per statement: a group pair with two
// matched sentence pairs gives each member pair twice, with different spans) — while a group's
// pairs stay within ExpandSettings::max_group_pairs (member pairs per group pair; a listed member
// pair carries every statement). In: the corpus, the verified pairs with their
// estimates, the sentence matches. Out: the unit pairs sorted by (a, b, span_a, span_b), the
// groups whose pairs were elided.
// Thread-safety: a pure function; runs on `threads` cores.
#ifndef NEARDUP_EXPAND_PAIRS_H_
#define NEARDUP_EXPAND_PAIRS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "neardup/options.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/verified_pairs.h"
#include "neardup/scan_result.h"
#include "neardup/verify/sentence_matcher.h"

namespace neardup {

struct ExpandSettings {
  size_t max_group_pairs = 1000;  // Options::max_group_pairs
  bool reworded = false;          // reworded mode: evidence fields (probability, reasons)
  // Per group, or empty: capped short texts (Candidates::capped): their verified pairs list their
  // first occurrences only and their own members' pairs are elided, however few their members.
  std::span<const char> capped;

  static ExpandSettings From(const Options& options) {
    return {options.max_group_pairs, options.mode == Mode::kReworded, {}};
  }
};

struct Expansion {
  std::vector<Pair> pairs;         // sorted by (a, b, span_a.begin, span_b.begin)
  std::vector<bool> group_elided;  // per group: some of its pairs were not listed
  uint64_t elided_pairs = 0;
  // Group pairs reported at the sentence level, once each: the clusters join them too.
  std::vector<std::pair<uint32_t, uint32_t>> sentence_links;
};

// Where sentence `sentence` of group g lies in unit `unit` (a member of g): its byte range, or
// the unit's whole range when the member's raw text differs in length from the group's first
// occurrence (same words, other punctuation or case).
ByteRange SentenceSpanOf(const FingerprintedCorpus& corpus, uint32_t unit, uint32_t g,
                         uint32_t sentence);

// group_pairs, estimates: one per verified pair; sentence_matches sorted by (g, h, sentence_g,
// sentence_h) (FinishSentenceLevel). Two statements of a member pair whose spans both fall back
// to the units' ranges give one pair: the likelier, then the more similar, then the first in
// sentence order. Cost: the pairs listed, then their sort.
Expansion ExpandPairs(const FingerprintedCorpus& corpus, const GroupMembers& members,
                      const VerifiedPairs& verified, const std::vector<GroupPair>& group_pairs,
                      const std::vector<double>& estimates,
                      const std::vector<SentenceMatch>& sentence_matches,
                      const ExpandSettings& settings, int threads);

}  // namespace neardup

#endif  // NEARDUP_EXPAND_PAIRS_H_
