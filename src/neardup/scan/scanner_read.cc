// The scanner's read stage: documents → split → normalize → shingle → sketch → band keys, streamed
// through a oneTBB pipeline (chunks decoded on every core, ids assigned in input order), then the
// compacted chunks copied into the corpus arrays (docs/scaling.md, "The read stage").

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
#include <utility>

#include "neardup/base/format.h"
#include "neardup/base/memory.h"
#include "neardup/base/stage_timer.h"
#include "neardup/io/second_pass.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/fingerprinted_corpus.h"
#include "neardup/scan/read_batch.h"
#include "neardup/scan/scanner.h"
#include "neardup/scan/scanner_state.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/sketch/lsh.h"
#include "neardup/sketch/minhash.h"

namespace neardup {

using scan_internal::Clock;
using scan_internal::SecondsSince;
using scan_internal::Worker;

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
    u.verbatim_begin = static_cast<uint32_t>(out->verbatim.size());
    out->verbatim.insert(out->verbatim.end(), print.verbatim.begin() + p.verbatim_begin,
                         print.verbatim.begin() + p.verbatim_end);
    u.verbatim_end = static_cast<uint32_t>(out->verbatim.size());
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
    c.verbatim.insert(c.verbatim.end(), batch.verbatim.begin() + bu.verbatim_begin,
                      batch.verbatim.begin() + bu.verbatim_end);
    c.verbatim_offsets.push_back(c.verbatim.size());
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
  std::copy(b->verbatim.begin(), b->verbatim.end(), to(c.verbatim, at.verbatim));
  std::copy(b->band_keys.begin(), b->band_keys.end(), keys + (at.group - first_group) * bands);
  std::copy(b->byte_sketches.begin(), b->byte_sketches.end(),
            to(c.byte_sketches, at.group * DocumentPrint::kByteSketchSize));
  std::copy(b->refs.begin(), b->refs.end(), to(c.units, at.unit));
  std::copy(b->group_first.begin(), b->group_first.end(), to(c.group_first, at.group));
  for (size_t k = 0; k < b->NewGroups(); ++k) {
    c.shingle_offsets[at.group + k + 1] = at.shingle + b->shingle_ends[k];
    c.seq_offsets[at.group + k + 1] = at.seq + b->seq_ends[k];
    c.sent_offsets[at.group + k + 1] = at.sent + b->sent_ends[k];
    c.verbatim_offsets[at.group + k + 1] = at.verbatim + b->verbatim_ends[k];
  }
}

void Scanner::State::CopyCompacted(std::vector<std::unique_ptr<Batch>>* batches) {
  FingerprintedCorpus& c = corpus;
  constexpr size_t kSketch = DocumentPrint::kByteSketchSize;
  const size_t n = batches->size();
  std::vector<BatchBase> base(n + 1);
  base[0] = {c.shingle_offsets.size() - 1, c.shingles.size(), c.sequences.size(),
             c.sentences.size(),           c.units.size(),    c.verbatim.size()};
  bool sketches = false;
  for (size_t i = 0; i < n; ++i) {
    const Batch& b = *(*batches)[i];
    sketches |= !b.byte_sketches.empty();
    base[i + 1] = {base[i].group + b.NewGroups(),    base[i].shingle + b.shingles.size(),
                   base[i].seq + b.sequences.size(), base[i].sent + b.sentences.size(),
                   base[i].unit + b.refs.size(),     base[i].verbatim + b.verbatim.size()};
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
  c.verbatim_offsets.resize(groups + 1);
  c.verbatim.resize(base[n].verbatim);
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

}  // namespace neardup
