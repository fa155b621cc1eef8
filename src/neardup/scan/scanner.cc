// Scanner: read → split → normalize → shingle → sketch → index (streamed, parallel), then
// candidates → verify → expand identical groups → cluster.

#include "neardup/scan/scanner.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <memory>
#include <thread>
#include <unordered_map>
#include <utility>

#include "neardup/verify/context_rescue.h"
#include "neardup/verify/document_matcher.h"
#include "neardup/verify/sentence_matcher.h"
#include "neardup/sketch/lsh.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/verify/jaccard.h"
#include "neardup/sketch/minhash.h"
#include "neardup/base/pair_lists.h"
#include "neardup/base/union_find.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {
namespace {

// Reworded mode: identical paragraphs of fewer content stems are not reported as pairs (site
// furniture, "Related posts:" / "Related Posts", is not copy; a headline of three names is).
constexpr size_t kMinIdenticalStems = 3;

using Clock = std::chrono::steady_clock;

// The public copy of the adaptive thresholds' size classes (scan_result.h).
std::vector<SizeClassStats> ToStats(const std::vector<NullClass>& classes) {
  std::vector<SizeClassStats> out;
  out.reserve(classes.size());
  for (const NullClass& c : classes) {
    out.push_back({c.min_words, c.null_pairs, c.null_score, c.null_outliers, c.threshold});
  }
  return out;
}

// Reworded mode: lower bounds (content words of a pair's smaller side) of the size classes the
// adaptive threshold is measured for.
constexpr uint32_t kSizeClasses[] = {0, 10, 20, 40};
// A paragraph pair is scored on a local alignment (a rewritten sentence inside a longer
// paragraph) only if the two share a stem held by at most this many distinct paragraphs: the
// rule of the sentence level (sentence_matcher.cc). Measured on generated wire copy, default
// settings: 294,482 paragraphs, local-alignment pairs 56 right and 314 wrong before, 11 and 9
// with 50; precision 0.9939 -> 0.9950, recall 0.9991 -> 0.9989; 98,613 paragraphs: precision
// 0.9953 -> 0.9965, recall 0.9990 -> 0.9989; the 2,000-paragraph corpora, the derived corpora and
// the sample unchanged. (The null sample keeps every rescue: its threshold errs high.)
constexpr double kRareParagraphs = 50;

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct TextKey {
  uint64_t lo, hi;
  bool operator==(const TextKey&) const = default;
};
struct TextKeyHash {
  size_t operator()(const TextKey& k) const { return static_cast<size_t>(k.lo); }
};

// Per-thread scratch space, reused across documents.
struct Worker {
  std::unique_ptr<Fingerprinter> fingerprinter;  // made on first use (it needs the options)
  DocumentPrint print;
};

// The fingerprints of a run of documents, produced in parallel and appended in order.
struct Batch {
  std::vector<Document> docs;
  struct Unit {
    uint32_t doc;  // index into docs
    uint32_t para;
    ByteRange range;
    uint32_t words;
    TextKey key;
    uint32_t shingle_begin, shingle_end;  // into shingles
    uint32_t seq_begin, seq_end;          // into sequences (reworded mode)
    uint32_t sent_begin, sent_end;        // into sentences (reworded mode)
  };
  std::vector<Unit> units;
  std::vector<uint32_t> shingles;
  std::vector<uint32_t> sequences;      // reworded: content stems of each unit in text order
  std::vector<uint8_t> lower;           // reworded: parallel to sequences (DocumentPrint::lower)
  std::vector<SentenceSpan> sentences;  // reworded: relative to the unit's stems and first byte
  std::vector<uint32_t> band_keys;      // units.size() * bands
  std::vector<uint8_t> byte_sketches;   // reworded: units.size() * kByteSketchSize
  uint64_t empty_units = 0;
  uint64_t bytes = 0;
};

}  // namespace

struct Scanner::State {
  explicit State(const Options& o)
      : options(o),
        threads(ThreadsToUse(o.threads)),
        hasher(o.num_perm, o.seed, o.scheme),
        lsh(OptimalLshParams(o.mode == Mode::kReworded ? o.reworded_lsh_threshold : o.threshold,
                             o.num_perm, o.lsh_fp_weight, o.lsh_fn_weight)),
        index(lsh) {
    shingle_offsets.push_back(0);
    seq_offsets.push_back(0);
    sent_offsets.push_back(0);
  }

  void Fingerprint(const Document& doc, uint32_t doc_in_batch, Worker& w, Batch* out) const;
  void Append(Batch* batch);

  Options options;
  int threads;
  MinHasher hasher;
  LshParams lsh;
  LshBatchIndex index;

  std::vector<std::string> doc_ids;
  std::vector<UnitRef> units;
  std::vector<uint64_t> shingle_offsets;  // units.size() + 1
  std::vector<uint32_t> shingles;
  std::vector<uint64_t> seq_offsets;  // per group + 1 (reworded mode)
  std::vector<uint32_t> sequences;
  std::vector<uint8_t> seq_lower;      // parallel to sequences
  std::vector<uint8_t> byte_sketches;  // reworded: per group, DocumentPrint::kByteSketchSize bytes
  std::vector<uint64_t> sent_offsets;  // per group + 1 (reworded mode)
  std::vector<SentenceSpan> sentences;
  std::unordered_map<TextKey, uint32_t, TextKeyHash> group_of_text;
  std::vector<uint32_t> group_first;  // first unit of each group
  ScanStats stats;
  std::vector<ReadWarning> warnings;
  Worker serial_worker;

  std::span<const uint32_t> ShinglesOf(uint32_t u) const {
    return std::span<const uint32_t>(shingles.data() + shingle_offsets[u],
                                     shingle_offsets[u + 1] - shingle_offsets[u]);
  }
};

void Scanner::State::Fingerprint(const Document& doc, uint32_t doc_in_batch, Worker& w,
                                 Batch* out) const {
  if (!w.fingerprinter) w.fingerprinter = std::make_unique<Fingerprinter>(options, lsh);
  const std::string_view text = doc.text;
  w.fingerprinter->Fingerprint(text, &w.print);
  const DocumentPrint& print = w.print;
  out->bytes += text.size();
  out->empty_units += print.empty_paragraphs;
  out->band_keys.insert(out->band_keys.end(), print.band_keys.begin(), print.band_keys.end());
  out->byte_sketches.insert(out->byte_sketches.end(), print.byte_sketches.begin(),
                            print.byte_sketches.end());
  for (size_t i = 0; i < print.paragraphs.size(); ++i) {
    const ParagraphPrint& p = print.paragraphs[i];
    Batch::Unit u;
    u.doc = doc_in_batch;
    u.para = p.para;
    u.range = p.range;
    u.words = p.words;
    u.key = {p.text_hash.lo, p.text_hash.hi};
    u.seq_begin = static_cast<uint32_t>(out->sequences.size());
    out->sequences.insert(out->sequences.end(), print.sequences.begin() + p.seq_begin,
                          print.sequences.begin() + p.seq_end);
    out->lower.insert(out->lower.end(), print.lower.begin() + p.seq_begin,
                      print.lower.begin() + p.seq_end);
    u.seq_end = static_cast<uint32_t>(out->sequences.size());
    u.sent_begin = static_cast<uint32_t>(out->sentences.size());
    for (uint32_t k = p.sent_begin; k < p.sent_end; ++k) {
      const SentencePrint& sp = print.sentences[k];
      out->sentences.push_back({sp.seq_begin - p.seq_begin, sp.seq_end - p.seq_begin,
                                sp.range.begin - p.range.begin, sp.range.end - p.range.begin});
    }
    u.sent_end = static_cast<uint32_t>(out->sentences.size());
    u.shingle_begin = static_cast<uint32_t>(out->shingles.size());
    const std::span<const uint32_t> set = print.Shingles(i);
    out->shingles.insert(out->shingles.end(), set.begin(), set.end());
    u.shingle_end = static_cast<uint32_t>(out->shingles.size());
    out->units.push_back(u);
  }
}

void Scanner::State::Append(Batch* batch) {
  const uint32_t first_doc = static_cast<uint32_t>(doc_ids.size());
  for (Document& d : batch->docs) doc_ids.push_back(std::move(d.id));
  const size_t bands = static_cast<size_t>(lsh.bands);
  for (size_t i = 0; i < batch->units.size(); ++i) {
    const Batch::Unit& bu = batch->units[i];
    const uint32_t id = static_cast<uint32_t>(units.size());
    UnitRef u;
    u.doc = first_doc + bu.doc;
    u.para = bu.para;
    u.range = bu.range;
    u.words = bu.words;
    auto [it, inserted] =
        group_of_text.try_emplace(bu.key, static_cast<uint32_t>(group_first.size()));
    u.group = it->second;
    if (inserted) {
      group_first.push_back(id);
      index.Add(batch->band_keys.data() + i * bands);
      if (!batch->byte_sketches.empty()) {
        const auto at = batch->byte_sketches.begin() +
                        static_cast<std::ptrdiff_t>(i * DocumentPrint::kByteSketchSize);
        byte_sketches.insert(byte_sketches.end(), at, at + DocumentPrint::kByteSketchSize);
      }
      sequences.insert(sequences.end(), batch->sequences.begin() + bu.seq_begin,
                       batch->sequences.begin() + bu.seq_end);
      seq_lower.insert(seq_lower.end(), batch->lower.begin() + bu.seq_begin,
                       batch->lower.begin() + bu.seq_end);
      seq_offsets.push_back(sequences.size());
      sentences.insert(sentences.end(), batch->sentences.begin() + bu.sent_begin,
                       batch->sentences.begin() + bu.sent_end);
      sent_offsets.push_back(sentences.size());
    }
    units.push_back(u);
    shingles.insert(shingles.end(), batch->shingles.begin() + bu.shingle_begin,
                    batch->shingles.begin() + bu.shingle_end);
    shingle_offsets.push_back(shingles.size());
  }
  stats.documents += batch->docs.size();
  stats.units += batch->units.size();
  stats.empty_units += batch->empty_units;
  stats.bytes += batch->bytes;
}

Scanner::Scanner(const Options& options) : state_(std::make_unique<State>(options)) {}
Scanner::~Scanner() = default;

Status Scanner::Validate(const Options& o) {
  if (!(o.threshold > 0.0 && o.threshold <= 1.0)) {
    return Status::InvalidArgument("threshold must be in (0, 1], got " + FormatNumber(o.threshold));
  }
  if (o.ngram < 1 || o.ngram > 32) {
    return Status::InvalidArgument("ngram must be in [1, 32], got " + std::to_string(o.ngram));
  }
  if (o.num_perm < 2 || o.num_perm > 4096) {
    return Status::InvalidArgument("num-perm must be in [2, 4096], got " +
                                   std::to_string(o.num_perm));
  }
  if (o.threads < 0) return Status::InvalidArgument("threads must be >= 0");
  if (!(o.reworded_lsh_threshold > 0.0 && o.reworded_lsh_threshold <= 1.0)) {
    return Status::InvalidArgument("reworded LSH threshold must be in (0, 1], got " +
                                   FormatNumber(o.reworded_lsh_threshold));
  }
  if (!(o.score_threshold >= 0.0 && o.score_threshold <= 1.0)) {
    return Status::InvalidArgument("score threshold must be in [0, 1] (0 = adaptive), got " +
                                   FormatNumber(o.score_threshold));
  }
  if (!(o.min_score >= 0.0 && o.min_score <= 1.0)) {
    return Status::InvalidArgument("min score must be in [0, 1], got " + FormatNumber(o.min_score));
  }
  if (!(o.context_min_score >= 0.0 && o.context_min_score <= 1.0)) {
    return Status::InvalidArgument("context min score must be in [0, 1] (0 = off), got " +
                                   FormatNumber(o.context_min_score));
  }
  if (!(o.null_quantile >= 0.0 && o.null_quantile <= 1.0)) {
    return Status::InvalidArgument("null quantile must be in [0, 1], got " +
                                   FormatNumber(o.null_quantile));
  }
  if (o.max_unit_words < 1) return Status::InvalidArgument("max unit words must be >= 1");
  return Status::OK();
}

void Scanner::AddDocument(const Document& doc) {
  Batch batch;
  batch.docs.push_back(doc);
  state_->Fingerprint(batch.docs[0], 0, state_->serial_worker, &batch);
  state_->Append(&batch);
}

Status Scanner::AddCorpus(CorpusReader* reader, const ProgressCallback& progress) {
  State& s = *state_;
  const auto t0 = Clock::now();
  auto last_report = t0;
  tbb::enumerable_thread_specific<Worker> workers;
  constexpr size_t kBatchBytes = size_t{256} * 1024;
  constexpr size_t kBatchDocs = 512;
  bool done = false;
  tbb::task_arena arena(s.threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(s.threads) * 4,
        tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order,
                                       [&](tbb::flow_control& fc) -> Batch* {
                                         if (done) {
                                           fc.stop();
                                           return nullptr;
                                         }
                                         auto batch = std::make_unique<Batch>();
                                         size_t bytes = 0;
                                         Document doc;
                                         while (batch->docs.size() < kBatchDocs &&
                                                bytes < kBatchBytes) {
                                           if (!reader->Next(&doc)) {
                                             done = true;
                                             break;
                                           }
                                           bytes += doc.text.size();
                                           batch->docs.push_back(std::move(doc));
                                           doc = Document();
                                         }
                                         if (batch->docs.empty()) {
                                           fc.stop();
                                           return nullptr;
                                         }
                                         return batch.release();
                                       }) &
            tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel,
                                             [&](Batch* b) {
                                               Worker& w = workers.local();
                                               for (size_t i = 0; i < b->docs.size(); ++i) {
                                                 s.Fingerprint(b->docs[i], static_cast<uint32_t>(i),
                                                               w, b);
                                               }
                                               return b;
                                             }) &
            tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [&](Batch* b) {
              std::unique_ptr<Batch> owned(b);
              s.Append(b);
              if (progress) {
                auto now = Clock::now();
                if (std::chrono::duration<double>(now - last_report).count() >= 0.5) {
                  last_report = now;
                  progress({s.stats.documents, s.stats.units, s.stats.bytes, SecondsSince(t0)});
                }
              }
            }));
  });
  for (ReadWarning& w : reader->TakeWarnings()) s.warnings.push_back(std::move(w));
  s.stats.read_seconds += SecondsSince(t0);
  if (progress) progress({s.stats.documents, s.stats.units, s.stats.bytes, SecondsSince(t0)});
  return reader->status();
}

std::span<const uint32_t> Scanner::Shingles(uint32_t u) const { return state_->ShinglesOf(u); }

ScanResult Scanner::Finish() {
  State& s = *state_;
  ScanResult result;
  auto t0 = Clock::now();
  StageTimer stage(&s.stats.stage_seconds);  // --timings
  const size_t num_groups = s.group_first.size();
  s.stats.identical_groups = num_groups;
  s.stats.lsh = {s.lsh.bands, s.lsh.rows};

  tbb::task_arena arena(s.threads);
  const bool reworded = s.options.mode == Mode::kReworded;
  const bool doc_level =
      reworded && s.options.unit == Unit::kParagraph && s.options.doc_min_score > 0;

  std::vector<uint32_t> first_doc(num_groups);  // document of each group's first occurrence
  for (size_t g = 0; g < num_groups; ++g) first_doc[g] = s.units[s.group_first[g]].doc;

  // Sentence level: statements rewritten inside otherwise different paragraphs. It needs nothing
  // from the paragraph verification below, so it runs beside it on a thread of its own.
  std::vector<SentenceMatch> sentence_matches;
  SentenceLevelStats sentence_stats;
  double sentence_seconds = 0;
  std::thread sentence_thread;
  // Joined on every way out of this function (an exception below must not meet a joinable thread).
  class JoinOnExit {
   public:
    explicit JoinOnExit(std::thread& thread) : thread_(thread) {}
    JoinOnExit(const JoinOnExit&) = delete;
    JoinOnExit& operator=(const JoinOnExit&) = delete;
    JoinOnExit(JoinOnExit&&) = delete;
    JoinOnExit& operator=(JoinOnExit&&) = delete;
    ~JoinOnExit() {
      if (thread_.joinable()) thread_.join();
    }

   private:
    std::thread& thread_;
  } join_sentences(sentence_thread);
  if (reworded && s.options.unit == Unit::kParagraph && s.options.sentences) {
    sentence_thread = std::thread([&] {
      const auto start = Clock::now();
      const SentenceSource source{s.seq_offsets,  s.sequences, s.seq_lower,
                                  s.sent_offsets, s.sentences, first_doc};
      sentence_matches = MatchSentences(source, s.options, s.threads, &sentence_stats);
      sentence_seconds = SecondsSince(start);
    });
  }

  // Candidates between distinct texts (groups), each represented by its first unit.
  std::vector<std::pair<uint32_t, uint32_t>> candidates;
  if (s.options.exact) {
    std::vector<std::span<const uint32_t>> sets(num_groups);
    for (size_t g = 0; g < num_groups; ++g) sets[g] = s.ShinglesOf(s.group_first[g]);
    candidates = PairsSharingFeature(sets);
  } else {
    size_t skipped = 0;
    arena.execute([&] {
      if (s.options.mode == Mode::kReworded && !s.byte_sketches.empty()) {
        // Screened by their byte sketches (kMinByteAgreement): same-topic paragraphs collide in
        // some band by the million, and nearly all of them are far apart.
        // Each paragraph keeps its best weak candidates only (candidate_budget.h).
        candidates = s.index.CandidatePairs(
            {s.byte_sketches, kMinByteAgreement, kParagraphBudget}, nullptr, s.options.max_bucket,
            &skipped);
      } else {
        candidates = s.index.CandidatePairs(s.options.max_bucket, &skipped);
      }
    });
    s.stats.skipped_buckets = skipped;
  }
  s.stats.candidates = candidates.size();
  stage.Lap("candidates");

  // Verify on every core; results are put back in candidate order, so the output never depends on
  // the thread count. Only what later stages need is kept per candidate: the verified pairs (with
  // their evidence) and, in reworded mode, whether the pair is a lead for the document level.
  WeightedSets weighted;
  std::vector<uint32_t> verified_idx;
  std::vector<uint32_t> verified_shared;          // shingles or stems in common, per verified pair
  std::vector<WeightedOverlap> verified_overlap;  // reworded: the evidence, per verified pair
  std::vector<char> verified_context;             // reworded: reported in context, per verified pair
  std::vector<char> doc_lead;                     // reworded: per candidate
  s.stats.threshold = s.options.threshold;
  if (reworded) {
    std::vector<std::span<const uint32_t>> sets(num_groups);
    for (size_t g = 0; g < num_groups; ++g) sets[g] = s.ShinglesOf(s.group_first[g]);
    arena.execute([&] {
      weighted.Build(sets);
      weighted.SetSequences(s.seq_offsets, s.sequences);
    });
    // Size classes by the smaller side's content words: short units share a few words by chance
    // far more often than paragraphs do, so each class is judged against unrelated pairs of its
    // own size (README, "Reworded mode").
    std::vector<double> class_threshold(std::size(kSizeClasses), s.options.score_threshold);
    if (s.options.score_threshold <= 0) {
      NullSettings null = NullSettingsFor(s.options, s.threads);
      null.min_words = s.options.min_content_words;
      null.min_local_words = s.options.min_local_words;
      const std::vector<NullClass> classes =
          AdaptiveThresholds(weighted, first_doc, kSizeClasses, null);
      s.stats.size_classes = ToStats(classes);
      for (size_t k = 0; k < class_threshold.size(); ++k) {
        class_threshold[k] = classes[k].threshold;
        s.stats.null_pairs += classes[k].null_pairs;
      }
      s.stats.null_score = classes.back().null_score;
    }
    s.stats.threshold = class_threshold.back();
    stage.Lap("null_sample");
    if (doc_level) doc_lead.assign(candidates.size(), 0);
    const double min_rarest_local =
        std::log(static_cast<double>(num_groups) / kRareParagraphs);  // < 0: every stem qualifies
    // Candidates under their threshold but at least context_min_score: a second look in context.
    const bool context = s.options.unit == Unit::kParagraph && s.options.context_min_score > 0;
    std::vector<char> weak_flag(context ? candidates.size() : 0, 0);
    auto verified =
        KeptInOrder(candidates.size(), s.threads, [&](size_t i, WeightedOverlap* o) {
          // Candidates come sorted by g; h is anywhere: its features are fetched ahead (verify
          // stage 0.96 -> 0.81 s at 1M paragraphs).
          if (i + 16 < candidates.size()) weighted.PrefetchIndex(candidates[i + 16].second);
          if (i + 8 < candidates.size()) weighted.PrefetchFeatures(candidates[i + 8].second);
          const auto [g, h] = candidates[i];
          const uint32_t smaller = std::min(weighted.Features(g), weighted.Features(h));
          const double threshold = class_threshold[SizeClassOf(kSizeClasses, smaller)];
          *o = weighted.Overlap(g, h, s.options.min_local_words, threshold, min_rarest_local);
          // A few common words: no lead either.
          if (o->shared < s.options.min_shared_words) return false;
          if (doc_level && o->similarity >= s.options.doc_lead_score) doc_lead[i] = 1;
          o->threshold = threshold;
          if (smaller < s.options.min_content_words) return false;
          if (o->similarity >= threshold) return true;
          if (context && o->global >= s.options.context_min_score) weak_flag[i] = 1;
          return false;
        });
    std::vector<char> in_context(verified.size(), 0);
    if (context) {
      std::vector<uint32_t> kept, weak;
      for (const auto& [i, o] : verified) kept.push_back(i);
      for (size_t i = 0; i < weak_flag.size(); ++i) {
        if (weak_flag[i]) weak.push_back(static_cast<uint32_t>(i));
      }
      std::vector<uint32_t> rescued;
      arena.execute([&] {
        rescued = RescueInContext(candidates, kept, weak, first_doc, weighted, ContextSettings());
      });
      s.stats.context_pairs = rescued.size();
      // Merged into the verified list, which stays ascending by candidate.
      std::vector<std::pair<uint32_t, WeightedOverlap>> extra;
      for (const uint32_t i : rescued) {
        WeightedOverlap o = weighted.Overlap(candidates[i].first, candidates[i].second);
        o.threshold = s.options.context_min_score;
        extra.emplace_back(i, o);
      }
      std::vector<std::pair<uint32_t, WeightedOverlap>> merged(verified.size() + extra.size());
      std::merge(verified.begin(), verified.end(), extra.begin(), extra.end(), merged.begin(),
                 [](const auto& x, const auto& y) { return x.first < y.first; });
      verified = std::move(merged);
      in_context.resize(verified.size());
      for (size_t k = 0; k < verified.size(); ++k) {
        in_context[k] = std::binary_search(rescued.begin(), rescued.end(), verified[k].first) ? 1 : 0;
      }
    }
    for (const auto& [i, o] : verified) {
      verified_idx.push_back(i);
      verified_shared.push_back(o.shared);
      verified_overlap.push_back(o);
      result.group_pairs.push_back({candidates[i].first, candidates[i].second, o.similarity});
    }
    verified_context = std::move(in_context);
  } else {
    std::vector<uint32_t> shared(candidates.size());
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(0, candidates.size(), 1024),
                        [&](const tbb::blocked_range<size_t>& r) {
                          for (size_t i = r.begin(); i < r.end(); ++i) {
                            shared[i] = static_cast<uint32_t>(IntersectionSize(
                                s.ShinglesOf(s.group_first[candidates[i].first]),
                                s.ShinglesOf(s.group_first[candidates[i].second])));
                          }
                        });
    });
    for (size_t i = 0; i < candidates.size(); ++i) {
      // Compare in double from the exact counts so the threshold test is not blurred by float
      // rounding.
      const auto a = s.ShinglesOf(s.group_first[candidates[i].first]);
      const auto b = s.ShinglesOf(s.group_first[candidates[i].second]);
      const double uni = static_cast<double>(a.size() + b.size() - shared[i]);
      const double sim = uni == 0 ? 1.0 : shared[i] / uni;
      if (sim >= s.options.threshold) {
        verified_idx.push_back(static_cast<uint32_t>(i));
        verified_shared.push_back(shared[i]);
        result.group_pairs.push_back({candidates[i].first, candidates[i].second, sim});
      }
    }
  }
  s.stats.verified = verified_idx.size();
  stage.Lap("verify");

  // MinHash estimates for the verified pairs, from signatures recomputed for the groups involved.
  std::vector<uint32_t> involved;
  for (uint32_t i : verified_idx) {
    involved.push_back(candidates[i].first);
    involved.push_back(candidates[i].second);
  }
  arena.execute([&] { tbb::parallel_sort(involved.begin(), involved.end()); });
  involved.erase(std::unique(involved.begin(), involved.end()), involved.end());
  std::vector<uint32_t> sig_index(num_groups, 0);  // group -> its row in sigs (if involved)
  for (size_t i = 0; i < involved.size(); ++i) sig_index[involved[i]] = static_cast<uint32_t>(i);
  const size_t k = static_cast<size_t>(s.options.num_perm);
  // Not zeroed first: every row is written below, on all cores (a serial zero fill of the rows
  // and its page faults cost the estimates stage 0.25 -> 0.19 s at 1M paragraphs).
  const std::unique_ptr<uint32_t[]> sigs(new uint32_t[involved.size() * k]);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, involved.size(), 256),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i < r.end(); ++i) {
                          s.hasher.Sketch(s.ShinglesOf(s.group_first[involved[i]]),
                                          sigs.get() + i * k);
                        }
                      });
  });
  auto sig_of = [&](uint32_t g) {
    return std::span<const uint32_t>(sigs.get() + size_t{sig_index[g]} * k, k);
  };
  stage.Lap("estimates");
  if (doc_level) {
    // Whole documents: each one's set is the union of its paragraphs'; the pairs worth comparing
    // are those with a paragraph candidate sharing min_shared_words content words and scoring
    // doc_lead_score between them, or an identical paragraph (groups of at most kMaxGroupForDocs
    // members: site furniture on every page says nothing).
    constexpr size_t kMaxGroupForDocs = 64;
    std::vector<std::vector<uint32_t>> doc_sets(s.doc_ids.size());
    std::vector<std::vector<uint32_t>> group_docs(num_groups);
    std::vector<uint32_t> doc_units(s.doc_ids.size() + 1, 0);  // units are in document order
    for (const UnitRef& unit : s.units) {
      ++doc_units[unit.doc + 1];
      std::vector<uint32_t>& gd = group_docs[unit.group];
      if (gd.size() <= kMaxGroupForDocs && (gd.empty() || gd.back() != unit.doc)) {
        gd.push_back(unit.doc);
      }
    }
    for (size_t d = 0; d < s.doc_ids.size(); ++d) doc_units[d + 1] += doc_units[d];
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(0, doc_sets.size(), 64),
                        [&](const tbb::blocked_range<size_t>& r) {
                          for (size_t d = r.begin(); d < r.end(); ++d) {
                            std::vector<uint32_t>& set = doc_sets[d];
                            for (uint32_t u = doc_units[d]; u < doc_units[d + 1]; ++u) {
                              const auto part = s.ShinglesOf(u);
                              set.insert(set.end(), part.begin(), part.end());
                            }
                            std::sort(set.begin(), set.end());
                            set.erase(std::unique(set.begin(), set.end()), set.end());
                          }
                        });
    });
    std::vector<std::pair<uint32_t, uint32_t>> doc_candidates;
    auto add = [&](uint32_t x, uint32_t y) {
      if (x != y) doc_candidates.emplace_back(std::min(x, y), std::max(x, y));
    };
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (!doc_lead[i]) continue;
      add(first_doc[candidates[i].first], first_doc[candidates[i].second]);
    }
    for (const std::vector<uint32_t>& gd : group_docs) {
      if (gd.size() > kMaxGroupForDocs) continue;
      for (size_t i = 0; i < gd.size(); ++i) {
        for (size_t j = i + 1; j < gd.size(); ++j) add(gd[i], gd[j]);
      }
    }
    DocLevelStats doc_stats;
    const std::vector<DocLevelMatch> doc_matches =
        MatchDocuments(doc_sets, std::move(doc_candidates), s.options, &doc_stats);
    result.doc_matches.reserve(doc_matches.size());
    for (const DocLevelMatch& m : doc_matches) {
      result.doc_matches.push_back({m.a, m.b, m.similarity, m.containment_a, m.containment_b});
    }
    s.stats.doc_match = {doc_stats.candidates, doc_stats.null_pairs, doc_stats.null_outliers,
                         doc_stats.null_score, doc_stats.threshold};
  }
  stage.Lap("documents");
  // The sentence level (started above, beside verification and the document level) joins here.
  if (sentence_thread.joinable()) sentence_thread.join();
  s.stats.sentence_match = {sentence_stats.sentences, sentence_stats.candidates,
                            sentence_stats.verified, ToStats(sentence_stats.size_classes)};
  stage.Lap("sentences_wait");
  s.stats.stage_seconds.emplace_back("sentences", sentence_seconds);
  s.stats.match_seconds = SecondsSince(t0);
  t0 = Clock::now();

  // Members of each group, in unit order.
  std::vector<uint32_t> group_start(num_groups + 1, 0);
  for (const UnitRef& u : s.units) ++group_start[u.group + 1];
  for (size_t g = 0; g < num_groups; ++g) group_start[g + 1] += group_start[g];
  std::vector<uint32_t> members(s.units.size());
  {
    std::vector<uint32_t> fill(group_start.begin(), group_start.end() - 1);
    for (uint32_t u = 0; u < s.units.size(); ++u) members[fill[s.units[u].group]++] = u;
  }
  auto members_of = [&](uint32_t g) {
    return std::span<const uint32_t>(members.data() + group_start[g],
                                     group_start[g + 1] - group_start[g]);
  };
  const size_t limit = s.options.max_group_pairs;
  std::vector<bool> group_elided(num_groups, false);

  // Reworded: a group of identical texts too short to be copy (kMinIdenticalStems) gives no pairs
  // and, unless matched to other groups, no cluster.
  auto furniture = [&](uint32_t g) {
    return reworded && s.ShinglesOf(s.group_first[g]).size() < kMinIdenticalStems;
  };
  // Expand: pairs inside each group of identical texts, and across verified groups.
  for (uint32_t g = 0; g < num_groups; ++g) {
    auto m = members_of(g);
    if (m.size() < 2) continue;
    if (furniture(g)) continue;
    const uint64_t n = m.size() * (m.size() - 1) / 2;
    if (n > limit) {
      group_elided[g] = true;
      s.stats.elided_pairs += n;
      continue;
    }
    const uint32_t sh = static_cast<uint32_t>(s.ShinglesOf(m[0]).size());
    for (size_t i = 0; i < m.size(); ++i) {
      for (size_t j = i + 1; j < m.size(); ++j) {
        result.pairs.push_back({m[i], m[j], 1.0, 1.0, sh, true});
      }
    }
  }
  std::vector<double> estimates(verified_idx.size());
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, estimates.size(), 1024),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t v = r.begin(); v < r.end(); ++v) {
                          const auto [g, h] = candidates[verified_idx[v]];
                          estimates[v] = EstimateJaccard(sig_of(g), sig_of(h));
                        }
                      });
  });
  for (size_t v = 0; v < verified_idx.size(); ++v) {
    const size_t i = verified_idx[v];
    const auto [g, h] = candidates[i];
    auto mg = members_of(g);
    auto mh = members_of(h);
    const double est = estimates[v];
    const double sim = result.group_pairs[v].similarity;
    auto make_pair = [&](uint32_t a, uint32_t b) {
      Pair p{std::min(a, b), std::max(a, b), sim, est, verified_shared[v], false};
      if (reworded) {
        const WeightedOverlap& o = verified_overlap[v];
        p.containment_a = a < b ? o.containment_a : o.containment_b;
        p.containment_b = a < b ? o.containment_b : o.containment_a;
        p.local = o.local >= o.global;
        p.threshold = o.threshold;
        p.context = verified_context[v] != 0;
      }
      return p;
    };
    if (static_cast<uint64_t>(mg.size()) * mh.size() > limit) {
      // Too many combinations: list the first occurrences only.
      s.stats.elided_pairs += static_cast<uint64_t>(mg.size()) * mh.size() - 1;
      group_elided[g] = group_elided[h] = true;
      result.pairs.push_back(make_pair(mg[0], mh[0]));
      continue;
    }
    for (uint32_t a : mg) {
      for (uint32_t b : mh) result.pairs.push_back(make_pair(a, b));
    }
  }
  for (Pair& p : result.pairs) {
    p.span_a = s.units[p.a].range;
    p.span_b = s.units[p.b].range;
  }
  // Sentence pairs of groups not already matched as paragraphs, between different documents.
  // A member whose raw text differs in length from its group's first occurrence (same words,
  // other punctuation or case) is reported on its whole paragraph.
  auto sentence_span = [&](uint32_t unit, uint32_t g, uint32_t sentence) {
    const UnitRef& u = s.units[unit];
    const UnitRef& first = s.units[s.group_first[g]];
    if (u.range.end - u.range.begin != first.range.end - first.range.begin) return u.range;
    const SentenceSpan& sp = s.sentences[s.sent_offsets[g] + sentence];
    return ByteRange{u.range.begin + sp.begin, u.range.begin + sp.end};
  };
  // A paragraph whose copy in a document was found as a paragraph pair gets no sentence pairs
  // with the other paragraphs of that document: its statement there is that copy.
  MatchedInDocuments matched_in(first_doc);
  for (const GroupPair& gp : result.group_pairs) matched_in.Add(gp.g, gp.h);
  arena.execute([&] { matched_in.Seal(); });
  for (const SentenceMatch& m : sentence_matches) {
    const auto it = std::lower_bound(result.group_pairs.begin(), result.group_pairs.end(), m,
                                     [](const GroupPair& gp, const SentenceMatch& x) {
                                       return gp.g != x.g ? gp.g < x.g : gp.h < x.h;
                                     });
    if (it != result.group_pairs.end() && it->g == m.g && it->h == m.h) continue;
    if (matched_in.Contains(m.g, first_doc[m.h]) || matched_in.Contains(m.h, first_doc[m.g])) {
      continue;
    }
    auto mg = members_of(m.g);
    auto mh = members_of(m.h);
    uint64_t listed = 0;
    for (uint32_t a : mg) {
      for (uint32_t b : mh) {
        if (s.units[a].doc == s.units[b].doc) continue;
        if (listed++ >= limit) continue;
        Pair p{std::min(a, b), std::max(a, b), m.similarity, m.estimate, m.shared, false};
        const bool swap = a > b;
        p.containment_a = swap ? m.containment_h : m.containment_g;
        p.containment_b = swap ? m.containment_g : m.containment_h;
        p.threshold = m.threshold;
        p.sentence = true;
        p.span_a = swap ? sentence_span(b, m.h, m.sentence_h) : sentence_span(a, m.g, m.sentence_g);
        p.span_b = swap ? sentence_span(a, m.g, m.sentence_g) : sentence_span(b, m.h, m.sentence_h);
        result.pairs.push_back(p);
      }
    }
    if (listed > limit) s.stats.elided_pairs += listed - limit;
  }
  // (a, b) is unique: a unit belongs to one group, and a group pair gives paragraph pairs or one
  // sentence match, not both; so any sort gives one order.
  arena.execute([&] {
    tbb::parallel_sort(result.pairs.begin(), result.pairs.end(), [](const Pair& x, const Pair& y) {
      return x.a != y.a ? x.a < y.a : x.b < y.b;
    });
  });
  s.stats.pairs = result.pairs.size();

  // Clusters: connected components over groups, listed by unit.
  UnionFind uf(num_groups);
  for (const GroupPair& gp : result.group_pairs) uf.Union(gp.g, gp.h);
  std::vector<std::vector<uint32_t>> comp_groups;
  {
    std::vector<uint32_t> comp_of_root(num_groups, std::numeric_limits<uint32_t>::max());
    // Groups are numbered in order of first occurrence, so visiting them in order numbers the
    // components by their first unit.
    for (uint32_t g = 0; g < num_groups; ++g) {
      uint32_t root = uf.Find(g);
      if (comp_of_root[root] == std::numeric_limits<uint32_t>::max()) {
        comp_of_root[root] = static_cast<uint32_t>(comp_groups.size());
        comp_groups.emplace_back();
      }
      comp_groups[comp_of_root[root]].push_back(g);
    }
  }
  // Each group's similarity to its component's first group, on every core.
  std::vector<double> group_sim(num_groups, 1.0);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, comp_groups.size(), 256),
                      [&](const tbb::blocked_range<size_t>& r) {
                        for (size_t comp = r.begin(); comp < r.end(); ++comp) {
                          const std::vector<uint32_t>& gs = comp_groups[comp];
                          const uint32_t rep = gs[0];
                          const auto rep_shingles = s.ShinglesOf(s.group_first[rep]);
                          for (size_t x = 1; x < gs.size(); ++x) {
                            group_sim[gs[x]] =
                                reworded ? weighted.Overlap(rep, gs[x]).similarity
                                         : ExactJaccard(rep_shingles, s.ShinglesOf(s.group_first[gs[x]]));
                          }
                        }
                      });
  });
  for (const auto& gs : comp_groups) {
    size_t total = 0;
    for (uint32_t g : gs) total += members_of(g).size();
    if (total < 2 || (gs.size() == 1 && furniture(gs[0]))) continue;
    Cluster c;
    c.id = static_cast<uint32_t>(result.clusters.size());
    for (uint32_t g : gs) {
      const double sim = group_sim[g];
      for (uint32_t u : members_of(g)) c.members.push_back({u, sim});
      if (group_elided[g]) c.pairs_elided = true;
    }
    std::sort(c.members.begin(), c.members.end(),
              [](const ClusterMember& x, const ClusterMember& y) { return x.unit < y.unit; });
    result.clusters.push_back(std::move(c));
  }
  s.stats.cluster_seconds = SecondsSince(t0);

  result.doc_ids = std::move(s.doc_ids);
  result.units = s.units;
  result.stats = s.stats;
  result.warnings = std::move(s.warnings);
  return result;
}

std::vector<bool> UnitsToKeep(const ScanResult& result) {
  size_t num_groups = 0;
  for (const UnitRef& u : result.units) num_groups = std::max<size_t>(num_groups, u.group + 1);
  std::vector<std::vector<uint32_t>> neighbors(num_groups);
  for (const GroupPair& gp : result.group_pairs) {
    neighbors[gp.g].push_back(gp.h);
    neighbors[gp.h].push_back(gp.g);
  }
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> first_kept(num_groups, kNone);
  std::vector<bool> keep(result.units.size(), false);
  for (uint32_t u = 0; u < result.units.size(); ++u) {
    const uint32_t g = result.units[u].group;
    bool drop = first_kept[g] != kNone;
    for (size_t i = 0; !drop && i < neighbors[g].size(); ++i) {
      drop = first_kept[neighbors[g][i]] != kNone;
    }
    if (!drop) {
      keep[u] = true;
      first_kept[g] = u;
    }
  }
  return keep;
}

}  // namespace neardup
