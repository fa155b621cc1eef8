// Sign stage: one shard (a contiguous range of the input's read chunks) → its units, its distinct
// texts' shingle sets in a file read piecewise by verify, each text's identity record (hash,
// members) routed by text hash to the ident partitions, and every text's band keys (band-major,
// read by band by the bucket partitions). Also the count stage (how the input cuts into chunks).
// Thread-safety: pure functions of their inputs and files; one core. Memory (sign): the shard's
// units and distinct texts with their shingles and band keys, about 310 bytes per paragraph, plus 4
// bytes per distinct text while it writes the keys' columns.
#ifndef NEARDUP_DIST_SIGN_H_
#define NEARDUP_DIST_SIGN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/dist/stage_plan.h"
#include "neardup/status.h"

namespace neardup::dist {

// A shard's counts (sign-S.meta).
struct SignMeta {
  uint64_t chunk_begin = 0, chunk_end = 0;  // the shard's read chunks [begin, end)
  uint64_t docs = 0;
  uint64_t units = 0;
  uint64_t empty_units = 0;
  uint64_t bytes = 0;
  std::vector<std::string> warnings;  // read warnings met while reading the shard's chunks
};

// Cuts the input into chunks (CorpusReader::NextChunk, nothing decoded) and counts them. While
// there are fewer than 8 chunks per shard it cuts again with smaller chunks (down to one line
// each), and sets *chunk_bytes to the size every sign and apply task must then read with
// (ReaderOptions::chunk_bytes). Cost: reading the input once, no parsing (an input under 8 MiB
// per shard: a few times).
Status CountChunks(const std::vector<std::string>& paths, const ReaderOptions& reader,
                   uint32_t shards, uint64_t* chunks, size_t* chunk_bytes);

// Reads chunks [chunk_begin, chunk_end) of `paths` (UINT64_MAX: to the end; the last shard must
// read to the end), fingerprints their documents and writes units-S, shingles-S, ident-S-P and
// keys-S and sign-S.meta. Earlier chunks are cut but not decoded.
// `records` false (a dedup run): ident-S-P's members are units only (a scan's also name their
// document, paragraph and byte range). Returns the reader's failure or a write error.
Status SignShard(const std::vector<std::string>& paths, const ReaderOptions& reader,
                 uint64_t chunk_begin, uint64_t chunk_end, uint32_t shard, const StagePlan& plan,
                 bool records, SignMeta* meta);

Status ReadSignMeta(const StagePlan& plan, uint32_t shard, SignMeta* meta);

// offsets[s] = global number of shard s's first unit; offsets[shards] = all units. Reads every
// sign-S.meta.
Status ReadUnitOffsets(const StagePlan& plan, std::vector<uint64_t>* offsets);

// Calls visit(doc) for every document of chunks [chunk_begin, chunk_end) of `paths` and appends
// the read warnings met on the way to *warnings (in input order). Stops at the first failure.
template <typename Visit>
Status ForEachDocumentInChunks(const std::vector<std::string>& paths, const ReaderOptions& reader,
                               uint64_t chunk_begin, uint64_t chunk_end,
                               std::vector<ReadWarning>* warnings, Visit&& visit) {
  auto r = CorpusReader::Open(paths, reader);
  if (!r.ok()) return r.status();
  CorpusReader& in = **r;
  std::vector<Document> docs;
  for (uint64_t c = 0; c < chunk_end; ++c) {
    std::unique_ptr<ReadChunk> chunk = in.NextChunk();
    std::vector<ReadWarning> taken = in.TakeWarnings();  // the reader's own (folder walks)
    if (c >= chunk_begin) warnings->insert(warnings->end(), taken.begin(), taken.end());
    if (chunk == nullptr) break;
    if (c < chunk_begin) continue;
    docs.clear();
    if (Status s = chunk->Decode(&docs, warnings); !s.ok()) return s;
    for (Document& doc : docs) {
      if (Status s = visit(doc); !s.ok()) return s;
    }
  }
  return in.status();
}

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_SIGN_H_
