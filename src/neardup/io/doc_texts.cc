// DocTexts: second pass over the corpus for the documents a report or a dedup run needs.

#include "neardup/io/doc_texts.h"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <memory>

#include "neardup/io/record_fields.h"
#include "neardup/io/second_pass.h"
#include "neardup/options.h"

namespace neardup {
namespace {

// One chunk of the second pass: its documents and, when checked, their digests.
struct LoadChunk {
  std::unique_ptr<ReadChunk> chunk;
  std::vector<Document> docs;
  std::vector<DocDigest> digests;
  Status status;  // what decoding returned (strict: the first problem)
};

}  // namespace

// The chunks are read in order on one core, decoded and hashed on any, and taken in order: each
// document is numbered and checked as SecondPassReader::Next would (same errors), the wanted texts
// kept, the rest dropped. Reading stops once the last wanted document is taken.
Status DocTexts::Load(const std::vector<std::string>& paths, const ReaderOptions& options,
                      const std::vector<uint32_t>& wanted, const std::vector<DocDigest>& digests) {
  if (wanted.empty()) return Status::OK();
  std::vector<uint32_t> sorted = wanted;
  std::sort(sorted.begin(), sorted.end());
  RecordFields fields(field_paths_);
  ReaderOptions with_records = options;
  with_records.keep_records = with_records.keep_records || fields.any();
  auto opened = CorpusReader::Open(paths, with_records);
  if (!opened.ok()) return opened.status();
  CorpusReader& reader = **opened;
  const int threads = ThreadsToUse(threads_);
  size_t next = 0;    // into sorted
  uint32_t read = 0;  // documents numbered so far
  Status status;      // the first problem met in order
  // Every wanted document taken, or a problem: later chunks are dropped (read by the first step).
  std::atomic<bool> done{false};
  auto take = [&](LoadChunk* c) {
    const std::unique_ptr<LoadChunk> owned(c);
    if (done.load()) return;
    for (size_t i = 0; i < c->docs.size() && !done.load(); ++i) {
      Document& doc = c->docs[i];
      const uint32_t index = read++;
      if (!digests.empty()) status = CheckSecondPassDocument(digests, index, doc, c->digests[i]);
      if (!status.ok()) {
        done.store(true);
      } else if (index == sorted[next]) {
        texts_[index] = std::move(doc.text);
        if (fields.any()) fields_[index] = fields.Read(doc.record);
        while (next < sorted.size() && sorted[next] == index) ++next;
        done.store(next == sorted.size());
      }
    }
    if (!done.load() && !c->status.ok()) {
      status = std::move(c->status);
      done.store(true);
    }
  };
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(threads) * 2 + 2,
        tbb::make_filter<void, LoadChunk*>(tbb::filter_mode::serial_in_order,
                                           [&](tbb::flow_control& fc) -> LoadChunk* {
                                             std::unique_ptr<ReadChunk> chunk;
                                             if (!done.load() && (chunk = reader.NextChunk())) {
                                               auto c = std::make_unique<LoadChunk>();
                                               c->chunk = std::move(chunk);
                                               return c.release();
                                             }
                                             fc.stop();
                                             return nullptr;
                                           }) &
            tbb::make_filter<LoadChunk*, LoadChunk*>(tbb::filter_mode::parallel,
                                                     [&](LoadChunk* c) {
                                                       std::vector<ReadWarning> ignored;
                                                       c->status =
                                                           c->chunk->Decode(&c->docs, &ignored);
                                                       c->chunk.reset();
                                                       if (!digests.empty()) {
                                                         for (const Document& d : c->docs) {
                                                           c->digests.push_back(DigestOf(d.text));
                                                         }
                                                       }
                                                       return c;
                                                     }) &
            tbb::make_filter<LoadChunk*, void>(tbb::filter_mode::serial_in_order, take));
  });
  if (next == sorted.size()) return Status::OK();
  if (!status.ok()) return status;
  if (!reader.status().ok()) return reader.status();
  return CheckSecondPassEnd(digests, read);
}

const std::string* DocTexts::Text(uint32_t doc) const {
  auto it = texts_.find(doc);
  return it == texts_.end() ? nullptr : &it->second;
}

const std::vector<std::string>* DocTexts::Fields(uint32_t doc) const {
  auto it = fields_.find(doc);
  return it == fields_.end() ? nullptr : &it->second;
}

std::string_view DocTexts::Slice(uint32_t doc, ByteRange range) const {
  const std::string* t = Text(doc);
  if (t == nullptr || range.begin > range.end || range.end > t->size()) return {};
  return std::string_view{*t}.substr(range.begin, range.end - range.begin);
}

}  // namespace neardup
