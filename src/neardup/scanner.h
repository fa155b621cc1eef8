// Scanner: the batch engine. Streams documents in, cuts them into units (paragraphs or whole
// documents), fingerprints each unit (normalize → shingle → MinHash → LSH band keys) on every core,
// then finds, verifies and clusters near-duplicate pairs.
// Thread-safety: a Scanner is used from one thread; it runs its own worker threads inside.
#ifndef NEARDUP_SCANNER_H_
#define NEARDUP_SCANNER_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/document_matcher.h"
#include "neardup/lsh.h"
#include "neardup/options.h"
#include "neardup/sentence_matcher.h"
#include "neardup/status.h"
#include "neardup/weighted_overlap.h"

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
  bool identical = false;  // same text after normalization
  // Reworded mode: share of each side's IDF weight found in the other (1 for identical text).
  double containment_a = 1;
  double containment_b = 1;
  // Reworded mode: the score came from the local alignment (a rewritten sentence inside a longer
  // paragraph) rather than from the whole paragraphs, and the threshold it was judged by (that of
  // its size class; 0 for identical text).
  bool local = false;
  double threshold = 0;
  // Reworded mode: reported on its documents' context (context_rescue.h) under its size class's
  // threshold; `threshold` is then Options::context_min_score.
  bool context = false;
  // Reworded mode: the pair was found on one sentence of each paragraph (SentenceMatcher), not on
  // the paragraphs; span_a / span_b are then those sentences. Otherwise they are the units' ranges.
  bool sentence = false;
  ByteRange span_a{}, span_b{};
  // Reworded mode: the scorer's probability that the two carry the same statement (1 for
  // identical text) and the features that added most to it (verify/scorer.h), strongest first:
  // reasons[0..reason_count).
  double probability = 0;
  // (ScoreReason: a PairFeature, named by PairFeatureName; its value; what it added to the
  // log-odds.)
  std::array<ScoreReason, 3> reasons{};
  uint8_t reason_count = 0;
  // Site furniture: text recurring across many documents, or a short line that is not a
  // sentence ("Leave a Reply"); reported, and folded into a section of its own by the reports.
  bool furniture = false;
};

// The name of PairFeature `feature` (verify/pair_features.h), as Pair::Reason and the reports
// write it.
std::string_view PairFeatureName(size_t feature);

// One candidate pair the reworded scorer judged (Options::record_scored).
struct ScoredCandidate {
  uint32_t a = 0, b = 0;          // units (the groups' first occurrences)
  bool sentence = false;          // judged on one sentence of each (spans)
  ByteRange span_a{}, span_b{};
  std::vector<float> features;    // kNumPairFeatures values, in PairFeature order
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
  bool furniture = false;     // reworded: every member is site furniture (Pair::furniture)
};

struct ScanStats {
  uint64_t documents = 0;
  uint64_t units = 0;
  uint64_t empty_units = 0;  // paragraphs with no words, not compared
  uint64_t bytes = 0;
  uint64_t identical_groups = 0;  // distinct normalized texts
  uint64_t candidates = 0;        // LSH (or exact) candidate pairs of distinct texts
  uint64_t verified = 0;          // candidates at or above the threshold (or kept in context)
  uint64_t context_pairs = 0;     // reworded: of those, kept in context (context_rescue.h)
  uint64_t pairs = 0;             // unit pairs reported
  uint64_t elided_pairs = 0;      // pairs not listed because a group was too large
  uint64_t skipped_buckets = 0;   // LSH buckets over Options::max_bucket
  double threshold = 0;           // the threshold pairs were judged by (adaptive in reworded mode)
  uint64_t null_pairs = 0;        // reworded, adaptive: unrelated pairs sampled
  double null_score = 0;          // reworded, adaptive: the largest class's score at null_quantile
  // Reworded, adaptive: one entry per size class (by the content words of a pair's smaller
  // side), ascending; `threshold` above is the largest class's.
  using SizeClass = NullClass;
  std::vector<SizeClass> size_classes;
  DocMatchStats doc_match;            // reworded, paragraph units: whole-document matching
  SentenceMatchStats sentence_match;  // reworded, paragraph units: sentence level
  LshParams lsh;
  double read_seconds = 0;   // read + fingerprint (streamed together)
  double match_seconds = 0;  // candidates + verification
  double cluster_seconds = 0;
  // The parts of match_seconds, in order: (stage, seconds) — candidates, and in reworded mode
  // null_sample, verify, estimates, documents, sentences_wait, sentences; a caller may append
  // its own later stages (scan: load_texts, align, docpairs).
  std::vector<std::pair<std::string, double>> stage_seconds;
};

// Appends (stage, seconds since the previous Lap, or since construction) to *out, for
// ScanStats::stage_seconds.
class StageTimer {
 public:
  explicit StageTimer(std::vector<std::pair<std::string, double>>* out);
  void Lap(const char* stage);

 private:
  std::vector<std::pair<std::string, double>>* out_;
  std::chrono::steady_clock::time_point start_;
};

// A verified pair of distinct normalized texts (groups), g < h, with their exact Jaccard.
struct GroupPair {
  uint32_t g = 0;
  uint32_t h = 0;
  double similarity = 0;
};

struct ScanResult {
  std::vector<std::string> doc_ids;
  std::vector<UnitRef> units;
  std::vector<GroupPair> group_pairs;  // sorted by (g, h); the verified relation pairs expand from
  std::vector<Pair> pairs;             // sorted by (a, b)
  std::vector<Cluster> clusters;       // sorted by representative
  // Reworded mode, paragraph units: document pairs whose whole texts match (MatchDocuments),
  // sorted by (a, b). Evidence for the document verdicts; not pairs of paragraphs.
  std::vector<DocMatch> doc_matches;
  std::vector<ScoredCandidate> scored;  // Options::record_scored only
  ScanStats stats;
  std::vector<ReadWarning> warnings;
};

struct Progress {
  uint64_t documents = 0;
  uint64_t units = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};
using ProgressCallback = std::function<void(const Progress&)>;

class Scanner {
 public:
  // Options are validated by Validate(); constructing with invalid options is a programming error.
  explicit Scanner(const Options& options);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // InvalidArgument naming the bad option, or OK.
  static Status Validate(const Options& options);

  // Reads every document of `reader` and fingerprints it on Options::threads threads. Memory grows
  // with the units kept (shingle ids + band keys), not with document sizes. `progress`, if set, is
  // called from this thread about twice a second. Fails only when the reader fails.
  Status AddCorpus(CorpusReader* reader, const ProgressCallback& progress = {});
  // Adds one document on the calling thread.
  void AddDocument(const Document& doc);

  // Finds candidates, verifies them and clusters the verified pairs. Call once, after all Add
  // calls.
  ScanResult Finish();

  // The sorted shingle ids of unit `u` (valid until the Scanner is destroyed).
  std::span<const uint32_t> Shingles(uint32_t u) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Which units a dedup run keeps: in unit order, a unit is dropped when it is verified similar
// (a reported pair, or identical text) to an earlier unit that is kept. Returns one flag per unit.
std::vector<bool> UnitsToKeep(const ScanResult& result);

}  // namespace neardup

#endif  // NEARDUP_SCANNER_H_
