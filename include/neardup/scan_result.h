// ScanResult: what a batch scan returns (Corpus::Find) — the units, the verified pairs, their
// clusters, the matching documents and the run's statistics. Plain values, copy freely; no
// engine header is needed to read them.
#ifndef NEARDUP_SCAN_RESULT_H_
#define NEARDUP_SCAN_RESULT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"

namespace neardup {

// One unit of comparison. Units are numbered 0, 1, ... in input order (document order, then
// paragraph order), which is also the order of every output.
struct UnitRef {
  uint32_t doc = 0;    // index into ScanResult::doc_ids
  uint32_t para = 0;   // paragraph index in its document, from 0 (0 for document units)
  ByteRange range;     // UTF-8 byte range in the document's text
  uint32_t words = 0;  // words after normalization (capped at Options::max_unit_words)
  uint32_t group = 0;  // units with identical normalized text share a group
};

// A verified near-duplicate pair of units, a < b.
struct Pair {
  uint32_t a = 0;
  uint32_t b = 0;
  double similarity = 0;   // lexical: exact Jaccard of the shingle sets; reworded: weighted score
  double estimate = 0;     // MinHash estimate of the Jaccard of the two feature sets
  uint32_t shared = 0;     // shingles (lexical) or content stems (reworded) in common
  bool identical = false;  // same text after normalization (or, reworded: one short stem set)
  // Reworded mode: share of each side's IDF weight found in the other (1 for identical text).
  double containment_a = 1;
  double containment_b = 1;
  // Reworded mode: the score came from the local alignment (a rewritten sentence inside a longer
  // paragraph) rather than from the whole paragraphs, and the threshold it was judged by (that of
  // its size class; 0 for identical text).
  bool local = false;
  double threshold = 0;
  // Reworded mode: reported on its documents' context (docs/design) under its size class's
  // threshold; `threshold` is then Options::context_min_score.
  bool context = false;
  // Reworded mode: the pair was found on one sentence of each paragraph, not on the paragraphs;
  // span_a / span_b are then those sentences. Otherwise they are the units' ranges.
  bool sentence = false;
  ByteRange span_a{}, span_b{};
  // Reworded mode: the scorer's probability that the two carry the same statement (1 for
  // identical text), and the features that added most to its log-odds, strongest first:
  // reasons[0..reason_count) (docs/reworded.md).
  double probability = 0;
  struct Reason {
    uint8_t feature = 0;  // a feature index; its name: PairFeatureName(feature)
    float value = 0;      // the feature's value for the pair
    float logit = 0;      // what it added to the log-odds
  };
  std::array<Reason, 3> reasons{};
  uint8_t reason_count = 0;
  // Reworded mode: site furniture — a short text that recurs across many documents, or a label
  // ("Leave a Reply"). Reported, labelled, and folded into a section of its own by the reports.
  bool furniture = false;
  // Reworded mode: when the pair was reported because lexical mode reports it although the
  // scorer's probability is under its threshold (near-verbatim text: a truncated copy, a headline
  // with the site's name added, a credit line), the Jaccard similarity of the two texts' word
  // 3-gram shingles, which reaches lexical mode's default threshold (0.5); 0 otherwise.
  double verbatim_similarity = 0;
  bool near_verbatim() const { return verbatim_similarity > 0; }
};

// The name of the reworded scorer's feature `feature` ("similarity", "in_order", ...), as
// Pair::Reason and the reports write it; "?" past the last.
std::string_view PairFeatureName(size_t feature);

// One candidate pair the reworded scorer judged (Options::record_scored; for fitting the model).
struct ScoredCandidate {
  uint32_t a = 0, b = 0;  // units (the groups' first occurrences)
  bool sentence = false;  // judged on one sentence of each (the spans)
  ByteRange span_a{}, span_b{};
  std::vector<float> features;  // every feature's value, in PairFeatureName order
  double probability = 0;
};

struct ClusterMember {
  uint32_t unit = 0;
  double similarity = 0;  // similarity (as in Pair) to the cluster's representative (members[0])
};

// A connected component of verified pairs. members are in unit order; members[0] (the first
// occurrence) is the representative. A member whose similarity to the representative is below the
// threshold joined through a chain (A~B, B~C), and says so.
struct Cluster {
  uint32_t id = 0;
  std::vector<ClusterMember> members;
  bool pairs_elided = false;  // some pairs inside it were not listed (Options::max_group_pairs)
  bool furniture = false;     // reworded: site furniture (Pair::furniture), every pair in it too
};

// A verified pair of distinct normalized texts (groups), g < h, with their exact Jaccard.
struct GroupPair {
  uint32_t g = 0;
  uint32_t h = 0;
  double similarity = 0;
};

// Reworded mode, paragraph units: two documents whose whole texts match.
struct DocMatch {
  uint32_t a = 0, b = 0;     // document indices, a < b
  double similarity = 0;     // IDF-weighted overlap over the geometric mean of the two weights
  double containment_a = 0;  // share of a's weight found in b
  double containment_b = 0;
};

// The adaptive threshold of one size class: pairs whose smaller side has at least min_words
// content words (and fewer than the next class's).
struct SizeClassStats {
  uint32_t min_words = 0;      // smallest feature count of the class
  uint64_t null_pairs = 0;     // unrelated pairs of this size sampled
  double null_score = 0;       // their score at the null quantile, outliers set aside
  uint64_t null_outliers = 0;  // sampled pairs set aside as related
  double threshold = 0;        // what a pair of this class must score
};

// Reworded mode, paragraph units: the whole-document comparison.
struct DocMatchStats {
  uint64_t candidates = 0;     // document pairs compared
  uint64_t null_pairs = 0;     // unrelated document pairs sampled
  uint64_t null_outliers = 0;  // of those, set aside as related
  double null_score = 0;       // their score at Options::null_quantile
  double threshold = 0;        // what a document pair must score
};

// Reworded mode, paragraph units: the sentence level.
struct SentenceMatchStats {
  uint64_t sentences = 0;   // sentences with at least Options::min_content_words content stems
  uint64_t candidates = 0;  // candidate pairs between groups of different documents
  uint64_t verified = 0;    // sentence pairs at or above their threshold
  std::vector<SizeClassStats> size_classes;  // adaptive: one per size class
};

// The LSH banding a scan used: bands x rows of the MinHash signature.
struct LshBanding {
  int bands = 0;
  int rows = 0;
};

struct ScanStats {
  uint64_t documents = 0;
  uint64_t units = 0;
  uint64_t empty_units = 0;  // paragraphs with no words, not compared
  uint64_t bytes = 0;
  uint64_t identical_groups = 0;  // distinct normalized texts
  uint64_t candidates = 0;        // LSH (or exact) candidate pairs of distinct texts
  uint64_t verified = 0;          // candidates at or above the threshold (or kept in context)
  uint64_t context_pairs = 0;     // reworded: of those, kept in context
  uint64_t pairs = 0;             // unit pairs reported
  uint64_t elided_pairs = 0;      // pairs not listed because a group was too large
  uint64_t skipped_buckets = 0;   // LSH buckets over Options::max_bucket
  double threshold = 0;           // the threshold pairs were judged by (adaptive in reworded mode)
  uint64_t null_pairs = 0;        // reworded, adaptive: unrelated pairs sampled
  double null_score = 0;          // reworded, adaptive: the largest class's score at null_quantile
  // Reworded, adaptive: one entry per size class (by the content words of a pair's smaller
  // side), ascending; `threshold` above is the largest class's.
  using SizeClass = SizeClassStats;
  std::vector<SizeClass> size_classes;
  DocMatchStats doc_match;            // reworded, paragraph units: whole-document matching
  SentenceMatchStats sentence_match;  // reworded, paragraph units: sentence level
  LshBanding lsh;
  double read_seconds = 0;   // read + fingerprint (streamed together)
  double match_seconds = 0;  // candidates + verification
  double cluster_seconds = 0;
  // The parts of read_seconds and match_seconds, in order: (stage, seconds) — read_input_serial,
  // read_ids_serial (read's two one-core steps, wall seconds, blocking reads included),
  // read_input_serial_cpu, read_ids_serial_cpu (the same two in CPU seconds of the thread that
  // ran them: not parts of the sum), read_ids_shards (the group table's look-ups, on every
  // core), read_copy; candidates, and in
  // reworded mode null_sample, verify, sentences_wait (the wait for the sentence level's thread),
  // clauses (judging its clause candidates), sentences (that thread's own seconds, beside
  // candidates and verify: not a part of the sum), estimates, documents; a caller may append its
  // own later stages (scan: load_texts, align, docpairs).
  std::vector<std::pair<std::string, double>> stage_seconds;
};

struct ScanResult {
  std::vector<std::string> doc_ids;
  std::vector<UnitRef> units;
  std::vector<GroupPair> group_pairs;  // sorted by (g, h); the verified relation pairs expand from
  // Sorted by (a, b, span_a, span_b). Reworded mode: a pair of paragraphs that carries several
  // statements matched sentence by sentence or clause by clause is one Pair per statement (the
  // same a and b, each with its own sentence spans); otherwise (a, b) is unique.
  std::vector<Pair> pairs;
  std::vector<Cluster> clusters;  // sorted by representative
  // Reworded mode, paragraph units: document pairs whose whole texts match, sorted by (a, b).
  // Evidence for the document verdicts; not pairs of paragraphs.
  std::vector<DocMatch> doc_matches;
  std::vector<ScoredCandidate> scored;  // Options::record_scored only
  ScanStats stats;
  std::vector<ReadWarning> warnings;
  // Per document: its size and hash as the scan read it. The report and dedup writers read the
  // corpus a second time and fail if a document no longer matches.
  std::vector<DocDigest> doc_digests;
};

}  // namespace neardup

#endif  // NEARDUP_SCAN_RESULT_H_
