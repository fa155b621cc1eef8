// CorpusReader: expands the given paths into a queue of files and streams documents out of them.

#include "neardup/corpus_reader.h"

#include <deque>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

#include "neardup/io/compressed_stream.h"
#include "neardup/io/file_kind.h"
#include "neardup/io/folder_walk.h"
#include "neardup/io/json_array_reader.h"
#include "neardup/io/line_reader.h"
#include "neardup/io/read_chunks.h"

namespace neardup {
namespace {

namespace fs = std::filesystem;

// One file to read: a .txt document, a .jsonl stream, or standard input.
struct FileTask {
  enum class Kind { kText, kJsonl, kJsonArray, kStdin };
  Kind kind;
  std::string path;     // what to open
  std::string display;  // how sources and messages name it
  std::string id;       // the document id of a .txt file
};

// One path given to Open().
struct Input {
  enum class Kind { kFolder, kFile };
  Kind kind;
  std::string path;
  FileTask file;  // for kFile
};

FileTask::Kind TaskKind(internal::FileKind kind) {
  switch (kind) {
    case internal::FileKind::kJsonl:
      return FileTask::Kind::kJsonl;
    case internal::FileKind::kJsonArray:
      return FileTask::Kind::kJsonArray;
    default:
      return FileTask::Kind::kText;
  }
}

// Documents come from chunks (read_chunks.h): NextChunk cuts the input in order, Next decodes one
// chunk at a time on the calling thread and hands its documents out.
class CorpusReaderImpl final : public CorpusReader {
 public:
  CorpusReaderImpl(std::vector<Input> inputs, ReaderOptions options)
      : inputs_(std::move(inputs)), options_(std::move(options)) {}

  bool Next(Document* doc) override;
  std::unique_ptr<ReadChunk> NextChunk() override;
  const Status& status() const override { return status_; }
  std::vector<ReadWarning> TakeWarnings() override { return std::exchange(warnings_, {}); }

 private:
  // Starts the next input: fills files_ from a folder or a single file; problems listing a folder
  // are queued as chunks.
  void ExpandInput(const Input& input);
  // The next documents of the open .json array (array_), about options_.chunk_bytes of text,
  // decoded on this thread; null when it is finished.
  std::unique_ptr<ReadChunk> NextArrayChunk();

  std::vector<Input> inputs_;
  size_t next_input_ = 0;
  std::vector<FileTask> files_;  // files of the current input
  size_t next_file_ = 0;
  std::deque<std::unique_ptr<ReadChunk>> queued_;     // problems met listing a folder
  std::unique_ptr<internal::JsonlCutter> cutter_;     // the open .jsonl stream, if any
  std::unique_ptr<internal::JsonArrayReader> array_;  // the open .json file, if any
  simdjson::ondemand::parser parser_;                 // array_'s
  ReaderOptions options_;
  Status status_;
  std::vector<ReadWarning> warnings_;
  // Next: the decoded documents of the current chunk, and its fatal problem, if any, which
  // becomes status_ once they are handed out.
  std::vector<Document> pending_;
  size_t next_pending_ = 0;
  Status pending_status_;
};

void CorpusReaderImpl::ExpandInput(const Input& input) {
  files_.clear();
  next_file_ = 0;
  if (input.kind == Input::Kind::kFile) {
    files_.push_back(input.file);
    return;
  }
  std::vector<std::string> problems;
  internal::SkippedFiles skipped;
  std::vector<internal::CorpusFile> listed =
      internal::ListCorpusFiles(input.path, input.path, &problems, &skipped);
  if (skipped.count > 0) {
    std::string names;
    for (const std::string& name : skipped.first) names += (names.empty() ? "" : ", ") + name;
    if (skipped.count > skipped.first.size()) names += ", ...";
    // Queued as a chunk, so the warning keeps its place among the chunks' own.
    std::vector<ReadWarning> warning = {
        {input.path + ": " + std::to_string(skipped.count) + " file" +
         (skipped.count == 1 ? "" : "s") +
         " skipped (not .txt, .jsonl, .ndjson or .json): " + names}};
    queued_.push_back(internal::MakeDecodedChunk(&options_, {}, std::move(warning), Status::OK()));
  }
  for (std::string& p : problems) {
    queued_.push_back(internal::MakeProblemChunk(&options_, Status::IOError(std::move(p))));
  }
  files_.reserve(listed.size());
  for (internal::CorpusFile& f : listed) {
    FileTask task;
    task.kind = TaskKind(f.kind);
    task.path = (fs::path(input.path) / f.relative).string();
    task.display = internal::JoinDisplayPath(input.path, f.relative);
    if (task.kind == FileTask::Kind::kText) task.id = internal::StripCompressionSuffix(f.relative);
    files_.push_back(std::move(task));
  }
}

std::unique_ptr<ReadChunk> CorpusReaderImpl::NextArrayChunk() {
  std::vector<Document> docs;
  std::vector<ReadWarning> warnings;
  size_t bytes = 0;
  Document doc;
  std::string message;
  while (bytes < options_.chunk_bytes) {
    message.clear();
    switch (array_->Next(&doc, &message)) {
      case internal::JsonArrayReader::Result::kDocument:
        if (!message.empty()) warnings.push_back({std::move(message)});
        bytes += doc.text.size() + doc.record.size();
        docs.push_back(std::move(doc));
        doc = Document();
        continue;
      case internal::JsonArrayReader::Result::kMalformed:
        return internal::MakeDecodedChunk(&options_, std::move(docs), std::move(warnings),
                                          Status::InvalidArgument(std::move(message)));
      case internal::JsonArrayReader::Result::kReadError:
        array_.reset();
        return internal::MakeDecodedChunk(&options_, std::move(docs), std::move(warnings),
                                          Status::IOError(std::move(message)));
      case internal::JsonArrayReader::Result::kEnd:
        array_.reset();
        break;
    }
    break;
  }
  if (docs.empty() && warnings.empty()) return nullptr;
  return internal::MakeDecodedChunk(&options_, std::move(docs), std::move(warnings), Status::OK());
}

std::unique_ptr<ReadChunk> CorpusReaderImpl::NextChunk() {
  while (status_.ok()) {
    if (!queued_.empty()) {
      std::unique_ptr<ReadChunk> chunk = std::move(queued_.front());
      queued_.pop_front();
      return chunk;
    }
    if (cutter_ != nullptr) {
      if (std::unique_ptr<ReadChunk> chunk = cutter_->Next()) return chunk;
      cutter_.reset();
      continue;
    }
    if (array_ != nullptr) {
      if (std::unique_ptr<ReadChunk> chunk = NextArrayChunk()) return chunk;
      continue;  // NextArrayChunk reset array_ at its end
    }
    if (next_file_ < files_.size()) {
      const FileTask& task = files_[next_file_++];
      switch (task.kind) {
        case FileTask::Kind::kText:
          return internal::MakeTextChunk(&options_, task.path, task.display, task.id);
        case FileTask::Kind::kStdin: {
          std::unique_ptr<internal::ByteStream> in;
          if (options_.stdin_path.empty()) {
            in = std::make_unique<internal::FdStream>(0, /*owned=*/false);
          } else {
            auto copy = internal::OpenFileStream(options_.stdin_path);
            if (!copy.ok()) {
              return internal::MakeProblemChunk(
                  &options_, Status::IOError(task.display + ": " + copy.status().message()));
            }
            in = std::move(copy).value();
          }
          // A pipe cannot be read again: a read error on it fails the read.
          cutter_ = std::make_unique<internal::JsonlCutter>(std::move(in), task.display, &options_,
                                                            /*fatal_read_error=*/true);
          break;
        }
        case FileTask::Kind::kJsonl:
        case FileTask::Kind::kJsonArray: {
          auto stream = internal::OpenInputStream(task.path);
          if (!stream.ok()) {
            return internal::MakeProblemChunk(
                &options_, Status::IOError(task.display + ": " + stream.status().message()));
          }
          if (task.kind == FileTask::Kind::kJsonl) {
            cutter_ = std::make_unique<internal::JsonlCutter>(std::move(stream).value(),
                                                              task.display, &options_);
          } else {
            array_ = std::make_unique<internal::JsonArrayReader>(std::move(stream).value(),
                                                                 task.display, &options_, &parser_);
          }
          break;
        }
      }
      continue;
    }
    if (next_input_ < inputs_.size()) {
      ExpandInput(inputs_[next_input_++]);
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

bool CorpusReaderImpl::Next(Document* doc) {
  while (true) {
    if (next_pending_ < pending_.size()) {
      *doc = std::move(pending_[next_pending_++]);
      return true;
    }
    pending_.clear();
    next_pending_ = 0;
    if (!pending_status_.ok()) status_ = std::exchange(pending_status_, Status::OK());
    if (!status_.ok()) return false;
    std::unique_ptr<ReadChunk> chunk = NextChunk();
    if (chunk == nullptr) return false;
    pending_status_ = chunk->Decode(&pending_, &warnings_);
  }
}

}  // namespace

StatusOr<std::unique_ptr<CorpusReader>> CorpusReader::Open(const std::vector<std::string>& paths,
                                                           const ReaderOptions& options) {
  std::vector<Input> inputs;
  inputs.reserve(paths.size());
  for (const std::string& path : paths) {
    Input input{Input::Kind::kFile, path, {}};
    if (path == "-") {
      input.file = {FileTask::Kind::kStdin, path, "<stdin>", ""};
      inputs.push_back(std::move(input));
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      const bool missing =
          !ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory;
      return Status::InvalidArgument(
          (path.empty() ? std::string("''") : path) + ": " +
          (missing ? std::string("no such file or folder") : "cannot access: " + ec.message()));
    }
    if (fs::is_directory(st)) {
      input.kind = Input::Kind::kFolder;
    } else if (const internal::FileKind kind = internal::KindOfName(path);
               kind == internal::FileKind::kText) {
      input.file = {
          FileTask::Kind::kText, path, path,
          std::string(internal::StripCompressionSuffix(fs::path(path).filename().string()))};
    } else if (kind != internal::FileKind::kOther) {
      input.file = {TaskKind(kind), path, path, ""};
    } else {
      return Status::InvalidArgument(
          path + ": unsupported file type (want a folder, .txt, .jsonl, .ndjson or .json)");
    }
    inputs.push_back(std::move(input));
  }
  return std::unique_ptr<CorpusReader>(new CorpusReaderImpl(std::move(inputs), options));
}

}  // namespace neardup

namespace neardup {

std::unique_ptr<ReadChunk> CorpusReader::NextChunk() {
  constexpr size_t kChunkBytes = size_t{1} << 20;
  std::vector<Document> docs;
  size_t bytes = 0;
  Document doc;
  while (bytes < kChunkBytes && Next(&doc)) {
    bytes += doc.text.size();
    docs.push_back(std::move(doc));
    doc = Document();
  }
  if (docs.empty()) return nullptr;
  return internal::MakeDocumentsChunk(std::move(docs));
}

}  // namespace neardup
