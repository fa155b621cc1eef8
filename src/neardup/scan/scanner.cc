// Scanner: read → split → normalize → shingle → sketch → index (streamed, parallel), then
// candidates → verify → expand identical groups → cluster.

#include "neardup/scan/scanner.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <thread>
#include <utility>

#include "neardup/base/format.h"
#include "neardup/base/memory.h"
#include "neardup/base/stage_timer.h"
#include "neardup/io/second_pass.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/clusters.h"
#include "neardup/scan/document_level.h"
#include "neardup/scan/estimates.h"
#include "neardup/scan/expand_pairs.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/near_identical.h"
#include "neardup/scan/progress_ticker.h"
#include "neardup/scan/read_batch.h"
#include "neardup/scan/rescue_context.h"
#include "neardup/scan/sentence_level.h"
#include "neardup/scan/verify_lexical.h"
#include "neardup/scan/verify_reworded.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/sketch/lsh.h"
#include "neardup/sketch/minhash.h"
#include "neardup/verify/jaccard.h"
#include "neardup/verify/pair_features.h"
#include "neardup/verify/scorer.h"

namespace neardup {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Per-thread scratch space, reused across documents.
struct Worker {
  std::unique_ptr<Fingerprinter> fingerprinter;  // made on first use (it needs the options)
  DocumentPrint print;
};

}  // namespace

struct Scanner::State {
  explicit State(const Options& o)
      : options(o),
        threads(ThreadsToUse(o.threads)),
        hasher(o.num_perm, o.seed, o.scheme),
        lsh(CandidateSettings::From(o).Banding()),
        index(lsh) {}

  void Fingerprint(const Document& doc, uint32_t doc_in_batch, Worker& w, Batch* out) const;
  // Appends a batch in two steps, each in input order: AssignGroups (units, documents, group
  // ids: the table's look-ups on every core, shard by shard, then one pass in unit order) and
  // CopyFeatures (the new groups' shingles, band keys, sketches and stems). Append does both.
  // AssignGroups leaves the units and group_first in the batch (Compact turns them into refs,
  // CopyCompacted copies them); AppendUnits appends them to the corpus at once.
  void AssignGroups(Batch* batch);
  void AppendUnits(const Batch& batch);
  void CopyFeatures(const Batch& batch);
  // Copies one compacted batch into its place (CopyCompacted) and frees it.
  void CopyBatch(std::unique_ptr<Batch> b, const BatchBase& at, size_t first_group, uint32_t* keys);
  // Appends the features of compacted batches (Compact), in their order, to the corpus arrays:
  // each batch's place is known from the counts of the batches before it, so the batches are
  // copied on all cores at once (and freed as they are done). O(features / threads).
  void CopyCompacted(std::vector<std::unique_ptr<Batch>>* batches);
  void Append(Batch* batch) {
    AssignGroups(batch);
    AppendUnits(*batch);
    CopyFeatures(*batch);
  }

  Options options;
  int threads;
  MinHasher hasher;
  LshParams lsh;
  LshBatchIndex index;
  FingerprintedCorpus corpus;
  GroupTable group_of_text;
  GroupTable::Times group_times;             // AssignGroups' passes over the table's shards
  uint32_t units_read = 0, groups_read = 0;  // units and groups assigned so far
  ScanStats stats;
  std::vector<ReadWarning> warnings;
  Worker serial_worker;
  Clock::time_point start = Clock::now();  // Progress::seconds counts from here
  // --timings: the read stage's two serial steps (cutting the input; assigning ids, less the
  // passes over the table's shards) in wall seconds (blocking reads included) and in CPU seconds
  // of the thread that ran them (its own clock: a busy machine does not inflate them), and the
  // wall seconds of the final copy (on all cores), summed over AddCorpus calls.
  double input_seconds = 0, ids_seconds = 0, copy_seconds = 0;
  double input_cpu = 0, ids_cpu = 0;

  // The counts read so far, as a Progress of `stage`.
  Progress ReadSoFar(const char* stage) const {
    Progress p;
    p.stage = stage;
    p.documents = stats.documents;
    p.units = stats.units;
    p.bytes = stats.bytes;
    p.seconds = SecondsSince(start);
    p.stage_seconds = p.seconds;
    return p;
  }
};

void Scanner::State::Fingerprint(const Document& doc, uint32_t doc_in_batch, Worker& w,
                                 Batch* out) const {
  if (!w.fingerprinter) {
    w.fingerprinter = std::make_unique<Fingerprinter>(FingerprintSettings::From(options), lsh);
  }
  const std::string_view text = doc.text;
  out->digests.push_back(DigestOf(text));
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

void Scanner::State::AssignGroups(Batch* batch) {
  FingerprintedCorpus& c = corpus;
  batch->first_doc = static_cast<uint32_t>(c.doc_ids.size());
  for (Document& d : batch->docs) c.doc_ids.push_back(std::move(d.id));
  c.doc_digests.insert(c.doc_digests.end(), batch->digests.begin(), batch->digests.end());
  if (batch->shard_start.empty()) BucketByShard(batch);
  batch->first_unit = units_read;
  group_of_text.Assign(batch, &groups_read, &group_times);
  units_read += static_cast<uint32_t>(batch->units.size());
  stats.documents += batch->docs.size();
  stats.units += batch->units.size();
  stats.empty_units += batch->empty_units;
  stats.bytes += batch->bytes;
}

void Scanner::State::AppendUnits(const Batch& batch) {
  FingerprintedCorpus& c = corpus;
  for (size_t i = 0; i < batch.units.size(); ++i) {
    const Batch::Unit& bu = batch.units[i];
    if (batch.new_group[i]) c.group_first.push_back(batch.first_unit + static_cast<uint32_t>(i));
    c.units.push_back({batch.first_doc + bu.doc, bu.para, bu.range, bu.words, batch.group[i]});
  }
}

void Scanner::State::CopyFeatures(const Batch& batch) {
  FingerprintedCorpus& c = corpus;
  const size_t bands = static_cast<size_t>(lsh.bands);
  for (size_t i = 0; i < batch.units.size(); ++i) {
    if (!batch.new_group[i]) continue;
    const Batch::Unit& bu = batch.units[i];
    index.Add(batch.band_keys.data() + i * bands);
    if (!batch.byte_sketches.empty()) {
      const auto at = batch.byte_sketches.begin() +
                      static_cast<std::ptrdiff_t>(i * DocumentPrint::kByteSketchSize);
      c.byte_sketches.insert(c.byte_sketches.end(), at, at + DocumentPrint::kByteSketchSize);
    }
    c.sequences.insert(c.sequences.end(), batch.sequences.begin() + bu.seq_begin,
                       batch.sequences.begin() + bu.seq_end);
    c.seq_lower.insert(c.seq_lower.end(), batch.lower.begin() + bu.seq_begin,
                       batch.lower.begin() + bu.seq_end);
    c.seq_offsets.push_back(c.sequences.size());
    c.sentences.insert(c.sentences.end(), batch.sentences.begin() + bu.sent_begin,
                       batch.sentences.begin() + bu.sent_end);
    c.sent_offsets.push_back(c.sentences.size());
    // Identical texts have identical sets: one copy per group.
    c.shingles.insert(c.shingles.end(), batch.shingles.begin() + bu.shingle_begin,
                      batch.shingles.begin() + bu.shingle_end);
    c.shingle_offsets.push_back(c.shingles.size());
  }
}

void Scanner::State::CopyBatch(std::unique_ptr<Batch> b, const BatchBase& at, size_t first_group,
                               uint32_t* keys) {
  FingerprintedCorpus& c = corpus;
  const size_t bands = static_cast<size_t>(lsh.bands);
  auto to = [](auto& v, size_t i) { return v.begin() + static_cast<std::ptrdiff_t>(i); };
  std::copy(b->shingles.begin(), b->shingles.end(), to(c.shingles, at.shingle));
  std::copy(b->sequences.begin(), b->sequences.end(), to(c.sequences, at.seq));
  std::copy(b->lower.begin(), b->lower.end(), to(c.seq_lower, at.seq));
  std::copy(b->sentences.begin(), b->sentences.end(), to(c.sentences, at.sent));
  std::copy(b->band_keys.begin(), b->band_keys.end(), keys + (at.group - first_group) * bands);
  std::copy(b->byte_sketches.begin(), b->byte_sketches.end(),
            to(c.byte_sketches, at.group * DocumentPrint::kByteSketchSize));
  std::copy(b->refs.begin(), b->refs.end(), to(c.units, at.unit));
  std::copy(b->group_first.begin(), b->group_first.end(), to(c.group_first, at.group));
  for (size_t k = 0; k < b->NewGroups(); ++k) {
    c.shingle_offsets[at.group + k + 1] = at.shingle + b->shingle_ends[k];
    c.seq_offsets[at.group + k + 1] = at.seq + b->seq_ends[k];
    c.sent_offsets[at.group + k + 1] = at.sent + b->sent_ends[k];
  }
}

void Scanner::State::CopyCompacted(std::vector<std::unique_ptr<Batch>>* batches) {
  FingerprintedCorpus& c = corpus;
  constexpr size_t kSketch = DocumentPrint::kByteSketchSize;
  const size_t n = batches->size();
  std::vector<BatchBase> base(n + 1);
  base[0] = {c.shingle_offsets.size() - 1, c.shingles.size(), c.sequences.size(),
             c.sentences.size(), c.units.size()};
  bool sketches = false;
  for (size_t i = 0; i < n; ++i) {
    const Batch& b = *(*batches)[i];
    sketches |= !b.byte_sketches.empty();
    base[i + 1] = {base[i].group + b.NewGroups(), base[i].shingle + b.shingles.size(),
                   base[i].seq + b.sequences.size(), base[i].sent + b.sentences.size(),
                   base[i].unit + b.refs.size()};
  }
  const size_t first_group = base[0].group;
  const size_t groups = base[n].group;
  c.shingle_offsets.resize(groups + 1);
  c.shingles.resize(base[n].shingle);
  c.seq_offsets.resize(groups + 1);
  c.sequences.resize(base[n].seq);
  c.seq_lower.resize(base[n].seq);
  c.sent_offsets.resize(groups + 1);
  c.sentences.resize(base[n].sent);
  if (sketches) c.byte_sketches.resize(groups * kSketch);
  c.group_first.resize(groups);
  // Grown a wave at a time below (the units are not held twice); the capacity at least doubles
  // when it must grow, so many small AddCorpus calls (a binding feeding a few thousand records
  // at a time) copy each unit O(1) times in all, not once per call.
  if (base[n].unit > c.units.capacity()) {
    c.units.reserve(std::max(base[n].unit, 2 * c.units.capacity()));
  }
  uint32_t* keys = index.Extend(groups - first_group);
  // In waves of a few batches per core, each wave's batches freed and their memory handed back
  // (malloc_trim) before the next: the arrays' pages are written as the batches go, so the
  // features are not held twice.
  const size_t wave = static_cast<size_t>(threads) * 8;
  tbb::task_arena arena(threads);
  for (size_t w0 = 0; w0 < n; w0 += wave) {
    c.units.resize(base[std::min(n, w0 + wave)].unit);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(w0, std::min(n, w0 + wave), 1),
                        [&](const tbb::blocked_range<size_t>& r) {
                          for (size_t i = r.begin(); i < r.end(); ++i) {
                            CopyBatch(std::move((*batches)[i]), base[i], first_group, keys);
                          }
                        });
    });
    ReleaseFreedMemory();
  }
  batches->clear();
}

Scanner::Scanner(const Options& options) : state_(std::make_unique<State>(options)) {}
Scanner::~Scanner() = default;

Status Scanner::Validate(const Options& o) {
  if (Status s = LexicalVerifySettings::Validate(o); !s.ok()) return s;
  if (Status s = FingerprintSettings::Validate(o); !s.ok()) return s;
  if (o.threads < 0) return Status::InvalidArgument("threads must be >= 0");
  if (Status s = CandidateSettings::Validate(o); !s.ok()) return s;
  return RewordedVerifySettings::Validate(o);
}

void Scanner::AddDocument(const Document& doc) {
  Batch batch;
  batch.docs.push_back(doc);
  state_->Fingerprint(batch.docs[0], 0, state_->serial_worker, &batch);
  if (batch.units.size() < GroupTable::kParallelUnits) {
    state_->Append(&batch);  // the group table's look-ups run on this thread alone
    return;
  }
  // Look-ups shard by shard on Options::threads cores, not the default arena's.
  tbb::task_arena arena(state_->threads);
  arena.execute([&] { state_->Append(&batch); });
}

Status Scanner::AddCorpus(CorpusReader* reader, const ProgressCallback& progress_arg) {
  State& s = *state_;
  const ProgressCallback& progress = progress_arg ? progress_arg : s.options.progress;
  const auto t0 = Clock::now();
  auto last_report = t0;
  tbb::enumerable_thread_specific<Worker> workers;
  // Reading (and decompressing) is the serial first step; each chunk is parsed, split,
  // normalized, fingerprinted and its units bucketed by table shard on a core of its own; the
  // third step assigns document and group ids in input order (the table's look-ups shard by
  // shard on every core, then one short pass in unit order), so ids and output do not depend on
  // the thread count or the chunk size; the fourth, on any core, keeps only the features of the
  // chunk's new groups. Those are copied into the corpus arrays at the end, on every core.
  std::vector<std::unique_ptr<Batch>> appended;
  std::atomic<bool> stop{false};
  Status fatal;
  tbb::task_arena arena(s.threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(s.threads) * 2 + 2,  // chunks in flight: each holds its features
        tbb::make_filter<
            void, Batch*>(tbb::filter_mode::serial_in_order, [&](tbb::flow_control& fc) -> Batch* {
          const double in0 = ThreadCpuSeconds();
          const auto wall0 = Clock::now();
          auto lap = [&] {
            s.input_cpu += ThreadCpuSeconds() - in0;
            s.input_seconds += SecondsSince(wall0);
          };
          std::unique_ptr<ReadChunk> chunk;
          if (!stop.load() && (chunk = reader->NextChunk())) {
            auto batch = std::make_unique<Batch>();
            batch->chunk = std::move(chunk);
            lap();
            return batch.release();
          }
          lap();
          fc.stop();
          return nullptr;
        }) & tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel, [&](Batch* b) {
          b->status = b->chunk->Decode(&b->docs, &b->warnings);
          b->chunk.reset();
          Worker& w = workers.local();
          for (size_t i = 0; i < b->docs.size(); ++i) {
            s.Fingerprint(b->docs[i], static_cast<uint32_t>(i), w, b);
            std::string().swap(b->docs[i].text);
          }
          BucketByShard(b);
          return b;
        }) & tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::serial_in_order, [&](Batch* b) {
          if (!fatal.ok()) {  // a chunk before this one failed
            b->dropped = true;
            return b;
          }
          const double ids0 = ThreadCpuSeconds();
          const auto wall0 = Clock::now();
          const double shards0 = s.group_times.shards_cpu, shards_wall0 = s.group_times.shards_wall;
          for (ReadWarning& w : b->warnings) s.warnings.push_back(std::move(w));
          s.AssignGroups(b);
          // The serial part: this step less the passes over the shards (wall and thread CPU).
          s.ids_cpu += ThreadCpuSeconds() - ids0 - (s.group_times.shards_cpu - shards0);
          s.ids_seconds += SecondsSince(wall0) - (s.group_times.shards_wall - shards_wall0);
          appended.emplace_back(b);  // owned from here on; Compact below runs before the copy
          if (!b->status.ok()) {
            fatal = std::move(b->status);
            stop.store(true);
          }
          if (progress) {
            auto now = Clock::now();
            if (std::chrono::duration<double>(now - last_report).count() >= 0.5) {
              last_report = now;
              progress(s.ReadSoFar("reading"));
            }
          }
          return b;
        }) & tbb::make_filter<Batch*, void>(tbb::filter_mode::parallel, [&](Batch* b) {
          if (b->dropped) {
            delete b;  // NOLINT(cppcoreguidelines-owning-memory): never appended
          } else {
            Compact(b, static_cast<size_t>(s.lsh.bands));
          }
        }));
  });
  const auto copy0 = Clock::now();
  s.CopyCompacted(&appended);
  s.copy_seconds += SecondsSince(copy0);
  for (ReadWarning& w : reader->TakeWarnings()) s.warnings.push_back(std::move(w));
  s.stats.read_seconds += SecondsSince(t0);
  if (progress) progress(s.ReadSoFar("reading"));
  if (!fatal.ok()) return fatal;
  return reader->status();
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
