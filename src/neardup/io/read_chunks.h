// The chunks CorpusReader hands out for parallel decoding (corpus_reader.h ReadChunk): runs of
// whole JSONL lines cut from a stream, single .txt files, problems kept in input order, documents
// already decoded. Thread-safety: a JsonlCutter is used by one thread; each chunk by one thread.
#ifndef NEARDUP_IO_READ_CHUNKS_H_
#define NEARDUP_IO_READ_CHUNKS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/io/line_reader.h"
#include "neardup/status.h"

namespace neardup::internal {

// A skipped record or file: with options.strict returns `problem` (fatal); otherwise adds its
// message to *warnings and returns OK.
Status ReportProblem(const ReaderOptions& options, Status problem,
                     std::vector<ReadWarning>* warnings);

// A chunk whose Decode reports `problem` (ReportProblem): a folder that cannot be listed, a file
// that cannot be opened, a read error. `fatal`: Decode returns `problem` even without
// options.strict (a read error on standard input, which cannot be read again). `options` must
// outlive the chunk.
std::unique_ptr<ReadChunk> MakeProblemChunk(const ReaderOptions* options, Status problem,
                                            bool fatal = false);

// A .txt file (plain or compressed), read, decoded from UTF-16 when it opens with a byte order
// mark, checked (binary, UTF-8) and made one document with id
// `id` and source `display` when decoded. `options` must outlive the chunk.
std::unique_ptr<ReadChunk> MakeTextChunk(const ReaderOptions* options, std::string path,
                                         std::string display, std::string id);

// Documents already decoded, handed out as they are.
std::unique_ptr<ReadChunk> MakeDocumentsChunk(std::vector<Document> docs);

// Documents decoded on the reading thread (a reader with no chunked form, e.g. a .json array),
// with their warnings; a problem that is not OK ends the chunk after them (ReportProblem).
// `options` must outlive the chunk.
std::unique_ptr<ReadChunk> MakeDecodedChunk(const ReaderOptions* options,
                                            std::vector<Document> docs,
                                            std::vector<ReadWarning> warnings, Status problem);

// Cuts a JSONL byte stream into chunks of whole lines, about options->chunk_bytes each, numbering
// lines on across chunks, so decoding the chunks in order gives what one JsonlReader would.
class JsonlCutter {
 public:
  // `name` names the stream in sources and messages. `options` must outlive the cutter and its
  // chunks.
  // `fatal_read_error`: a read error fails the read whatever options->strict says (standard input).
  JsonlCutter(std::unique_ptr<ByteStream> stream, std::string name, const ReaderOptions* options,
              bool fatal_read_error = false);

  // The next chunk, or null at the end of the stream. A read error ends the stream: the whole
  // lines before it come as a chunk, then a problem chunk "NAME: read error: ...", then null (the
  // partial line before the error is dropped). Cost: reading (and decompressing) the chunk's bytes
  // and counting its lines, on the calling thread.
  std::unique_ptr<ReadChunk> Next();

 private:
  std::unique_ptr<ByteStream> stream_;
  std::string name_;
  const ReaderOptions* options_;
  std::string carry_;   // the start of a line read past the previous chunk
  uint64_t lines_ = 0;  // lines in the chunks handed out so far
  bool eof_ = false;
  bool done_ = false;
  bool fatal_read_error_ = false;
  std::unique_ptr<ReadChunk> error_;  // a read error, handed out after the lines before it
};

}  // namespace neardup::internal

#endif  // NEARDUP_IO_READ_CHUNKS_H_
