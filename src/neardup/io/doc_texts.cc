// DocTexts: second pass over the corpus for the documents a report or a dedup run needs.

#include "neardup/io/doc_texts.h"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

namespace neardup {

Status DocTexts::Load(const std::vector<std::string>& paths, const ReaderOptions& options,
                      const std::vector<uint32_t>& wanted, int threads) {
  if (wanted.empty()) return Status::OK();
  std::vector<uint32_t> sorted = wanted;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  auto reader = CorpusReader::Open(paths, options);
  if (!reader.ok()) return reader.status();
  CorpusReader* r = reader->get();
  // Chunks are read in order, decoded on every core and their documents counted in order.
  struct Decoded {
    std::unique_ptr<ReadChunk> chunk;
    std::vector<Document> docs;
    std::vector<ReadWarning> warnings;
    Status status;
  };
  uint32_t index = 0;
  size_t next = 0;
  Status fatal;
  std::atomic<bool> stop{false};
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(threads) * 4,
        tbb::make_filter<void, Decoded*>(tbb::filter_mode::serial_in_order,
                                         [&](tbb::flow_control& fc) -> Decoded* {
                                           std::unique_ptr<ReadChunk> chunk;
                                           if (stop.load() || next >= sorted.size() ||
                                               !(chunk = r->NextChunk())) {
                                             fc.stop();
                                             return nullptr;
                                           }
                                           auto d = std::make_unique<Decoded>();
                                           d->chunk = std::move(chunk);
                                           return d.release();
                                         }) &
            tbb::make_filter<Decoded*, Decoded*>(tbb::filter_mode::parallel,
                                                 [](Decoded* d) {
                                                   d->status = d->chunk->Decode(&d->docs, &d->warnings);
                                                   d->chunk.reset();
                                                   return d;
                                                 }) &
            tbb::make_filter<Decoded*, void>(tbb::filter_mode::serial_in_order, [&](Decoded* d) {
              std::unique_ptr<Decoded> owned(d);
              if (!fatal.ok()) return;
              for (Document& doc : d->docs) {
                if (next < sorted.size() && index == sorted[next]) {
                  texts_[index] = std::move(doc.text);
                  ++next;
                }
                ++index;
              }
              if (!d->status.ok()) {
                fatal = std::move(d->status);
                stop.store(true);
              }
              if (next >= sorted.size()) stop.store(true);
            }));
  });
  if (!fatal.ok()) return fatal;
  return r->status();
}

const std::string* DocTexts::Text(uint32_t doc) const {
  auto it = texts_.find(doc);
  return it == texts_.end() ? nullptr : &it->second;
}

std::string_view DocTexts::Slice(uint32_t doc, ByteRange range) const {
  const std::string* t = Text(doc);
  if (t == nullptr || range.begin > range.end || range.end > t->size()) return {};
  return std::string_view{*t}.substr(range.begin, range.end - range.begin);
}

}  // namespace neardup
