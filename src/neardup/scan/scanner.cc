// Scanner: the stages after reading (scanner_read.cc): candidates → verify → expand identical
// groups → cluster, each a function of its inputs (docs/design/README.md).

#include "neardup/scan/scanner.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <thread>
#include <utility>

#include "neardup/base/memory.h"
#include "neardup/base/stage_timer.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/clusters.h"
#include "neardup/scan/document_level.h"
#include "neardup/scan/estimates.h"
#include "neardup/scan/expand_pairs.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/near_identical.h"
#include "neardup/scan/progress_ticker.h"
#include "neardup/scan/rescue_context.h"
#include "neardup/scan/scanner_state.h"
#include "neardup/scan/sentence_level.h"
#include "neardup/scan/verify_lexical.h"
#include "neardup/scan/verify_reworded.h"
#include "neardup/sketch/lsh.h"
#include "neardup/verify/jaccard.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/scorer.h"

namespace neardup {

using scan_internal::Clock;
using scan_internal::SecondsSince;

Scanner::Scanner(const Options& options) : state_(std::make_unique<State>(options)) {}
Scanner::~Scanner() = default;

Status Scanner::Validate(const Options& o) {
  if (Status s = LexicalVerifySettings::Validate(o); !s.ok()) return s;
  if (Status s = FingerprintSettings::Validate(o); !s.ok()) return s;
  if (o.threads < 0) return Status::InvalidArgument("threads must be >= 0");
  if (Status s = CandidateSettings::Validate(o); !s.ok()) return s;
  return RewordedVerifySettings::Validate(o);
}

std::span<const uint32_t> Scanner::Shingles(uint32_t u) const {
  return state_->corpus.ShinglesOf(u);
}

namespace {

// Options::record_scored: the paragraph candidates the scorer judged, with their features.
void RecordScored(const FingerprintedCorpus& corpus,
                  const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                  const std::vector<PairFeatureVector>& recorded, ScanResult* result) {
  const Scorer& scorer = Scorer::Default();
  for (size_t i = 0; i < recorded.size(); ++i) {
    if (recorded[i][kFeatShortSide] == 0) continue;  // not scored
    ScoredCandidate c;
    c.a = corpus.group_first[candidates[i].first];
    c.b = corpus.group_first[candidates[i].second];
    c.span_a = corpus.units[c.a].range;
    c.span_b = corpus.units[c.b].range;
    c.features.assign(recorded[i].begin(), recorded[i].end());
    c.probability = scorer.Probability(recorded[i]);
    result->scored.push_back(std::move(c));
  }
}

// Joins a thread on every way out of a scope (an exception must not meet a joinable thread).
class JoinOnExit {
 public:
  explicit JoinOnExit(std::thread& thread) : thread_(thread) {}
  JoinOnExit(const JoinOnExit&) = delete;
  JoinOnExit& operator=(const JoinOnExit&) = delete;
  ~JoinOnExit() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread& thread_;
};

}  // namespace

// The stages in order: candidates → verify (lexical, or reworded + context rescue) → (sentence
// level, run beside those two, its clause candidates judged once the paragraph pairs are known) →
// estimates → document level → expansion → clusters. Each is a function of its inputs and its
// own settings (docs/design/README.md).
ScanResult Scanner::Finish() {
  State& s = *state_;
  const FingerprintedCorpus& corpus = s.corpus;
  const bool reworded = s.options.mode == Mode::kReworded;
  if (reworded) MergeNearIdentical(&s.corpus, &s.index);  // short texts sharing their stem set
  s.corpus.SealGroups();
  // No more documents: the table's memory goes back before the stages. Its 64 shards are below
  // glibc's mmap threshold (brk heap), so freeing them alone returns nothing: trim.
  s.group_of_text = GroupTable();
  ReleaseFreedMemory();
  ScanResult result;
  auto t0 = Clock::now();
  // --timings: the read stage's parts (inside its "read" seconds), then the stages' laps.
  s.stats.stage_seconds.emplace_back("read_input_serial", s.input_seconds);
  s.stats.stage_seconds.emplace_back("read_ids_serial", s.ids_seconds);
  s.stats.stage_seconds.emplace_back("read_input_serial_cpu", s.input_cpu);
  s.stats.stage_seconds.emplace_back("read_ids_serial_cpu", s.ids_cpu);
  s.stats.stage_seconds.emplace_back("read_ids_shards", s.group_times.shards_wall);
  s.stats.stage_seconds.emplace_back("read_copy", s.copy_seconds);
  StageTimer stage(&s.stats.stage_seconds);
  s.stats.identical_groups = corpus.num_groups();
  s.stats.lsh = {s.lsh.bands, s.lsh.rows};
  // Declared before the sentence thread's joiner: the ticker outlives the stages it reports.
  ProgressTicker ticker(s.options.progress, s.ReadSoFar("candidates"), s.start);
  ticker.Stage("candidates");

  SentenceLevel sentences;
  std::exception_ptr sentence_error;  // what the sentence thread threw, rethrown once it is joined
  std::thread sentence_thread;
  const JoinOnExit join_sentences(sentence_thread);
  if (const SentenceLevelSettings ss = SentenceLevelSettings::From(s.options); ss.enabled) {
    sentence_thread = std::thread([&, ss] {
      try {
        sentences = MatchSentenceLevel(corpus, ss, s.threads);
      } catch (...) {  // std::bad_alloc above all: it must reach the caller, not std::terminate
        sentence_error = std::current_exception();
      }
    });
  }

  const Candidates candidates =
      FindCandidates(corpus, s.index, CandidateSettings::From(s.options), s.threads);
  s.stats.skipped_buckets = candidates.skipped_buckets;
  s.stats.candidates = candidates.pairs.size();
  // Nothing after the candidates reads the band keys or the byte sketches (the sentence thread
  // reads other arrays): their memory goes back before verification.
  s.index = LshBatchIndex(s.lsh);
  UninitVector<uint8_t>().swap(s.corpus.byte_sketches);
  // Freed heap pages go back to the system at each stage's end (glibc keeps them otherwise, and
  // the next stage's allocations do not fit the holes): peak RSS follows what is alive.
  ReleaseFreedMemory();
  stage.Lap("candidates");
  WorkMeter verify_meter;
  verify_meter.total = candidates.pairs.size();
  ticker.Stage("verification", reworded ? &verify_meter : nullptr);  // lexical: not counted

  WeightedSets weighted;
  VerifiedPairs verified;
  std::vector<char> doc_lead;
  s.stats.threshold = s.options.threshold;
  if (reworded) {
    BuildWeightedSets(corpus, s.threads, &weighted);
    RewordedVerifySettings vs = RewordedVerifySettings::From(s.options);
    vs.meter = &verify_meter;
    RewordedVerdicts verdicts = VerifyReworded(corpus, weighted, candidates.pairs, vs, &stage);
    // The word shingles served the near-verbatim test only (the sentence thread reads others).
    UninitVector<uint32_t>().swap(s.corpus.verbatim);
    std::vector<uint64_t>{0}.swap(s.corpus.verbatim_offsets);
    ReleaseFreedMemory();  // the unit profiles and the per-range lists
    s.stats.size_classes = ToStats(verdicts.classes);
    for (const NullClass& c : verdicts.classes) s.stats.null_pairs += c.null_pairs;
    if (!verdicts.classes.empty()) s.stats.null_score = verdicts.classes.back().null_score;
    s.stats.threshold = verdicts.threshold;
    doc_lead = std::move(verdicts.doc_lead);
    if (s.options.record_scored) RecordScored(corpus, candidates.pairs, verdicts.recorded, &result);
    verified =
        RescueContext(corpus, weighted, candidates.pairs, std::move(verdicts),
                      ContextRescueSettings::From(s.options), s.threads, &s.stats.context_pairs);
  } else {
    verified =
        VerifyLexical(corpus, candidates.pairs, LexicalVerifySettings::From(s.options), s.threads);
  }
  ReleaseFreedMemory();
  result.group_pairs = verified.GroupPairs(candidates.pairs);
  s.stats.verified = verified.size();
  stage.Lap("verify");

  // The sentence level (started above, beside candidates and verification) joins here: its
  // clause candidates are judged now that the paragraph pairs are known, and the memory they
  // hold goes back before the document level.
  ticker.Stage("sentences");  // reported in every mode
  if (sentence_thread.joinable()) sentence_thread.join();
  if (sentence_error) std::rethrow_exception(sentence_error);
  stage.Lap("sentences_wait");
  FinishSentenceLevel(corpus, SentenceLevelSettings::From(s.options), result.group_pairs, s.threads,
                      &sentences);
  ReleaseFreedMemory();  // the clause candidates
  s.stats.sentence_match = sentences.stats;
  for (const ScoredSentencePair& sp : sentences.scored) {
    ScoredCandidate c;
    c.a = corpus.group_first[sp.g];
    c.b = corpus.group_first[sp.h];
    c.sentence = true;
    c.span_a = SentenceSpanOf(corpus, c.a, sp.g, sp.sentence_g);
    c.span_b = SentenceSpanOf(corpus, c.b, sp.h, sp.sentence_h);
    c.features = sp.features;
    c.probability = sp.probability;
    result.scored.push_back(std::move(c));
  }
  stage.Lap("clauses");
  s.stats.stage_seconds.emplace_back("sentences", sentences.seconds);

  const std::vector<double> estimates =
      EstimateVerified(corpus, s.hasher, candidates.pairs, verified.candidate, s.threads);
  stage.Lap("estimates");
  if (const DocumentLevelSettings ds = DocumentLevelSettings::From(s.options); ds.enabled) {
    result.doc_matches =
        MatchDocumentLevel(corpus, candidates.pairs, doc_lead, ds, &s.stats.doc_match);
  }
  stage.Lap("documents");
  s.stats.match_seconds = SecondsSince(t0);
  t0 = Clock::now();
  ticker.Stage("clustering");

  const GroupMembers members(corpus.units, corpus.num_groups());
  ExpandSettings expand = ExpandSettings::From(s.options);
  expand.capped = candidates.capped;
  Expansion expansion = ExpandPairs(corpus, members, verified, result.group_pairs, estimates,
                                    sentences.matches, expand, s.threads);
  result.pairs = std::move(expansion.pairs);
  s.stats.elided_pairs = expansion.elided_pairs;
  s.stats.pairs = result.pairs.size();

  auto similarity = [&](uint32_t rep, uint32_t g) {
    return reworded ? weighted.Overlap(rep, g).similarity
                    : ExactJaccard(corpus.GroupShingles(rep), corpus.GroupShingles(g));
  };
  result.clusters =
      BuildClusters(corpus, members, result.group_pairs, expansion.sentence_links,
                    expansion.group_elided, similarity, ClusterSettings{reworded}, s.threads);
  // The pairs inside a furniture cluster are furniture too (every reported pair is in one).
  if (reworded) {
    std::vector<char> furniture_unit(corpus.units.size(), 0);
    for (const Cluster& c : result.clusters) {
      if (!c.furniture) continue;
      for (const ClusterMember& m : c.members) furniture_unit[m.unit] = 1;
    }
    for (Pair& p : result.pairs) p.furniture = furniture_unit[p.a] && furniture_unit[p.b];
  }
  s.stats.cluster_seconds = SecondsSince(t0);

  result.doc_ids = std::move(s.corpus.doc_ids);
  result.doc_digests = std::move(s.corpus.doc_digests);
  result.units = std::move(s.corpus.units);
  s.corpus = FingerprintedCorpus();  // Shingles() is valid until Finish (scanner.h)
  result.stats = s.stats;
  result.warnings = std::move(s.warnings);
  return result;
}

}  // namespace neardup
