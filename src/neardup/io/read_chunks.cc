// ReadChunk implementations and the JSONL cutter.

#include "neardup/io/read_chunks.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

#include "neardup/base/utf8.h"
#include "neardup/io/compressed_stream.h"
#include "neardup/io/jsonl_reader.h"
#include "neardup/io/utf16.h"

namespace neardup::internal {
namespace {

// A chunk's bytes: read into without being zeroed first (std::string::resize writes every byte
// before read() overwrites it, on the serial step of reading).
class ChunkBytes {
 public:
  // Room for at least `n` bytes, the bytes held kept. O(size) when it moves them.
  void Reserve(size_t n) {
    if (n <= capacity_) return;
    auto bigger = std::make_unique_for_overwrite<char[]>(n);
    if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = n;
  }
  char* data() { return data_.get(); }
  size_t size() const { return size_; }
  // n <= capacity: the first n bytes are the content (written by the caller).
  void set_size(size_t n) { size_ = n; }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0, capacity_ = 0;
};

class ProblemChunk final : public ReadChunk {
 public:
  ProblemChunk(const ReaderOptions* options, Status problem, bool fatal)
      : options_(options), problem_(std::move(problem)), fatal_(fatal) {}
  Status Decode(std::vector<Document>* /*docs*/, std::vector<ReadWarning>* warnings) override {
    if (fatal_) return std::move(problem_);
    return ReportProblem(*options_, std::move(problem_), warnings);
  }

 private:
  const ReaderOptions* options_;
  Status problem_;
  bool fatal_;
};

class TextChunk final : public ReadChunk {
 public:
  TextChunk(const ReaderOptions* options, std::string path, std::string display, std::string id)
      : options_(options),
        path_(std::move(path)),
        display_(std::move(display)),
        id_(std::move(id)) {}
  Status Decode(std::vector<Document>* docs, std::vector<ReadWarning>* warnings) override;

 private:
  const ReaderOptions* options_;
  std::string path_, display_, id_;
};

Status TextChunk::Decode(std::vector<Document>* docs, std::vector<ReadWarning>* warnings) {
  const ReaderOptions& options = *options_;
  Document doc;
  auto stream = OpenInputStream(path_);
  if (!stream.ok()) {
    return ReportProblem(options, Status::IOError(display_ + ": " + stream.status().message()),
                         warnings);
  }
  if (Status s = ReadAll(stream->get(), &doc.text); !s.ok()) {
    return ReportProblem(options, Status::IOError(display_ + ": " + s.message()), warnings);
  }
  DecodeUtf16WithBom(&doc.text);  // UTF-16 with a byte order mark is read as UTF-8
  if (LooksBinary(doc.text, nullptr)) {
    return ReportProblem(options, Status::InvalidArgument(display_ + ": binary file skipped"),
                         warnings);
  }
  if (const Utf8Scan scan = ScanUtf8(doc.text); !scan.valid()) {
    const std::string where =
        display_ + ": invalid UTF-8 at byte offset " + std::to_string(scan.first_invalid);
    if (options.invalid_utf8 == InvalidUtf8::kSkip) {
      return ReportProblem(options, Status::InvalidArgument(where + "; document skipped"),
                           warnings);
    }
    // The bytes stay as they are: the splitter and tokenizer read every ill-formed byte as a
    // non-space separator, exactly as they read U+FFFD, and offsets keep pointing into the file.
    warnings->push_back({where + " (" + std::to_string(scan.invalid_count) +
                         " ill-formed sequence" + (scan.invalid_count == 1 ? "" : "s") +
                         " read as U+FFFD)"});
  }
  doc.id = std::move(id_);
  doc.source = std::move(display_);
  docs->push_back(std::move(doc));
  return Status::OK();
}

class DocumentsChunk final : public ReadChunk {
 public:
  DocumentsChunk(const ReaderOptions* options, std::vector<Document> docs,
                 std::vector<ReadWarning> warnings, Status problem)
      : options_(options),
        docs_(std::move(docs)),
        warnings_(std::move(warnings)),
        problem_(std::move(problem)) {}
  Status Decode(std::vector<Document>* docs, std::vector<ReadWarning>* warnings) override {
    for (Document& d : docs_) docs->push_back(std::move(d));
    docs_.clear();
    for (ReadWarning& w : warnings_) warnings->push_back(std::move(w));
    warnings_.clear();
    if (problem_.ok()) return Status::OK();
    return ReportProblem(*options_, std::move(problem_), warnings);
  }

 private:
  const ReaderOptions* options_;
  std::vector<Document> docs_;
  std::vector<ReadWarning> warnings_;
  Status problem_;
};

// Whole lines of a JSONL stream, the first of them line first_line + 1.
class JsonlChunk final : public ReadChunk {
 public:
  JsonlChunk(const ReaderOptions* options, std::string name, uint64_t first_line, ChunkBytes bytes)
      : options_(options),
        name_(std::move(name)),
        first_line_(first_line),
        bytes_(std::move(bytes)) {}
  Status Decode(std::vector<Document>* docs, std::vector<ReadWarning>* warnings) override;

 private:
  const ReaderOptions* options_;
  std::string name_;
  uint64_t first_line_;
  ChunkBytes bytes_;
};

Status JsonlChunk::Decode(std::vector<Document>* docs, std::vector<ReadWarning>* warnings) {
  // One parser per thread, reused by every chunk that thread decodes.
  thread_local simdjson::ondemand::parser parser;
  JsonlReader reader(std::make_unique<MemoryStream>(bytes_.view()), name_, options_, &parser,
                     first_line_);
  Document doc;
  std::string message;
  while (true) {
    switch (reader.Next(&doc, &message)) {
      case JsonlReader::Result::kDocument:
        if (!message.empty()) warnings->push_back({std::move(message)});
        docs->push_back(std::move(doc));
        doc = Document();
        break;
      case JsonlReader::Result::kMalformed:
        if (Status s =
                ReportProblem(*options_, Status::InvalidArgument(std::move(message)), warnings);
            !s.ok()) {
          return s;
        }
        break;
      case JsonlReader::Result::kReadError:  // a memory stream does not fail; kept for safety
        return ReportProblem(*options_, Status::IOError(std::move(message)), warnings);
      case JsonlReader::Result::kEnd:
        return Status::OK();
    }
    message.clear();
  }
}

}  // namespace

Status ReportProblem(const ReaderOptions& options, Status problem,
                     std::vector<ReadWarning>* warnings) {
  if (options.strict) return problem;
  warnings->push_back({problem.message()});
  return Status::OK();
}

std::unique_ptr<ReadChunk> MakeProblemChunk(const ReaderOptions* options, Status problem,
                                            bool fatal) {
  return std::make_unique<ProblemChunk>(options, std::move(problem), fatal);
}

std::unique_ptr<ReadChunk> MakeTextChunk(const ReaderOptions* options, std::string path,
                                         std::string display, std::string id) {
  return std::make_unique<TextChunk>(options, std::move(path), std::move(display), std::move(id));
}

std::unique_ptr<ReadChunk> MakeDocumentsChunk(std::vector<Document> docs) {
  return std::make_unique<DocumentsChunk>(nullptr, std::move(docs), std::vector<ReadWarning>{},
                                          Status::OK());
}

std::unique_ptr<ReadChunk> MakeDecodedChunk(const ReaderOptions* options,
                                            std::vector<Document> docs,
                                            std::vector<ReadWarning> warnings, Status problem) {
  return std::make_unique<DocumentsChunk>(options, std::move(docs), std::move(warnings),
                                          std::move(problem));
}

JsonlCutter::JsonlCutter(std::unique_ptr<ByteStream> stream, std::string name,
                         const ReaderOptions* options, bool fatal_read_error)
    : stream_(std::move(stream)),
      name_(std::move(name)),
      options_(options),
      fatal_read_error_(fatal_read_error) {}

std::unique_ptr<ReadChunk> JsonlCutter::Next() {
  if (done_) return nullptr;
  if (error_ != nullptr) {
    done_ = true;
    return std::move(error_);
  }
  const size_t step = std::max<size_t>(options_->chunk_bytes, 1);
  ChunkBytes buf;
  size_t want = std::max(step, carry_.size() + 1);
  buf.Reserve(want);
  if (!carry_.empty()) std::memcpy(buf.data(), carry_.data(), carry_.size());
  buf.set_size(carry_.size());
  carry_.clear();
  size_t searched = 0;             // bytes of buf known to hold no '\n'
  size_t cut = std::string::npos;  // bytes of buf in the chunk
  while (cut == std::string::npos) {
    while (buf.size() < want && !eof_) {
      const size_t have = buf.size();
      buf.Reserve(want);
      StatusOr<size_t> got = stream_->Read(buf.data() + have, want - have);
      if (!got.ok()) {
        eof_ = true;
        error_ = MakeProblemChunk(
            options_, Status::IOError(name_ + ": read error: " + got.status().message()),
            fatal_read_error_);
        // The partial line before the error is dropped.
        const size_t nl = buf.view().rfind('\n');
        buf.set_size(nl == std::string::npos ? 0 : nl + 1);
        break;
      }
      buf.set_size(have + *got);
      if (*got == 0) eof_ = true;
    }
    const size_t nl = buf.size() == 0 ? std::string::npos : buf.view().rfind('\n');
    if (nl != std::string::npos && nl >= searched) {
      cut = nl + 1;
    } else if (eof_) {
      cut = buf.size();  // the last line, without '\n' (or nothing)
    } else {
      searched = buf.size();
      want = buf.size() * 2;  // a line longer than a chunk: read on until it ends
    }
  }
  carry_.assign(buf.data() + cut, buf.size() - cut);
  buf.set_size(cut);
  if (buf.size() == 0) {
    if (error_ != nullptr) {
      done_ = true;
      return std::move(error_);
    }
    done_ = true;
    return nullptr;
  }
  const uint64_t first = lines_;
  // memchr jumps from line to line (lines are long): several times faster than a byte loop, on
  // the serial step of reading.
  const char* const end = buf.data() + buf.size();
  for (const char* p = buf.data();; ++p) {
    p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (p == nullptr) break;
    ++lines_;
  }
  return std::make_unique<JsonlChunk>(options_, name_, first, std::move(buf));
}

}  // namespace neardup::internal
