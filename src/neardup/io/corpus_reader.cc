// CorpusReader: expands the given paths into a queue of files and streams documents out of them.

#include "neardup/corpus_reader.h"

#include <simdjson.h>

#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

#include "neardup/base/utf8.h"
#include "neardup/io/file_kind.h"
#include "neardup/io/folder_walk.h"
#include "neardup/io/json_array_reader.h"
#include "neardup/io/jsonl_reader.h"
#include "neardup/io/line_reader.h"
#include "neardup/io/utf16.h"

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

class CorpusReaderImpl final : public CorpusReader {
 public:
  CorpusReaderImpl(std::vector<Input> inputs, ReaderOptions options)
      : inputs_(std::move(inputs)), options_(std::move(options)) {}

  bool Next(Document* doc) override;
  const Status& status() const override { return status_; }
  std::vector<ReadWarning> TakeWarnings() override { return std::exchange(warnings_, {}); }

 private:
  // Records a skipped record or file. Returns true to go on; false when options_.strict made it
  // fatal (then status_ is `fatal`).
  bool Problem(Status fatal);
  // Starts the next input: fills files_ from a folder or a single file.
  void ExpandInput(const Input& input);
  // Reads a .txt task into *doc; false (after Problem) when it had to be skipped.
  bool ReadText(const FileTask& task, Document* doc);

  std::vector<Input> inputs_;
  size_t next_input_ = 0;
  std::vector<FileTask> files_;  // files of the current input
  size_t next_file_ = 0;
  std::unique_ptr<internal::JsonlReader> jsonl_;      // the open .jsonl stream, if any
  std::unique_ptr<internal::JsonArrayReader> array_;  // the open .json file, if any
  bool jsonl_is_stdin_ = false;
  simdjson::ondemand::parser parser_;
  ReaderOptions options_;
  Status status_;
  std::vector<ReadWarning> warnings_;
};

bool CorpusReaderImpl::Problem(Status fatal) {
  if (options_.strict) {
    status_ = std::move(fatal);
    return false;
  }
  warnings_.push_back({fatal.message()});
  return true;
}

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
    warnings_.push_back({input.path + ": " + std::to_string(skipped.count) + " file" +
                         (skipped.count == 1 ? "" : "s") +
                         " skipped (not .txt, .jsonl, .ndjson or .json): " + names});
  }
  for (std::string& p : problems) {
    if (!Problem(Status::IOError(std::move(p)))) return;
  }
  files_.reserve(listed.size());
  for (internal::CorpusFile& f : listed) {
    FileTask task;
    task.kind = TaskKind(f.kind);
    task.path = (fs::path(input.path) / f.relative).string();
    task.display = internal::JoinDisplayPath(input.path, f.relative);
    if (task.kind == FileTask::Kind::kText) task.id = std::move(f.relative);
    files_.push_back(std::move(task));
  }
}

bool CorpusReaderImpl::ReadText(const FileTask& task, Document* doc) {
  auto stream = internal::OpenFileStream(task.path);
  if (!stream.ok()) {
    Problem(Status::IOError(task.display + ": " + stream.status().message()));
    return false;
  }
  if (Status s = internal::ReadAll(stream->get(), &doc->text); !s.ok()) {
    Problem(Status::IOError(task.display + ": " + s.message()));
    return false;
  }
  internal::DecodeUtf16WithBom(&doc->text);  // UTF-16 with a byte order mark is read as UTF-8
  if (internal::LooksBinary(doc->text, nullptr)) {
    Problem(Status::InvalidArgument(task.display + ": binary file skipped"));
    return false;
  }
  if (const internal::Utf8Scan scan = internal::ScanUtf8(doc->text); !scan.valid()) {
    const std::string where =
        task.display + ": invalid UTF-8 at byte offset " + std::to_string(scan.first_invalid);
    if (options_.invalid_utf8 == InvalidUtf8::kSkip) {
      Problem(Status::InvalidArgument(where + "; document skipped"));
      return false;
    }
    // The bytes stay as they are: the splitter and tokenizer read every ill-formed byte as a
    // non-space separator, exactly as they read U+FFFD, and offsets keep pointing into the file.
    warnings_.push_back({where + " (" + std::to_string(scan.invalid_count) +
                         " ill-formed sequence" + (scan.invalid_count == 1 ? "" : "s") +
                         " read as U+FFFD)"});
  }
  doc->id = task.id;
  doc->record.clear();  // a .txt document has no record
  doc->text_value = {};
  doc->source = task.display;
  return true;
}

bool CorpusReaderImpl::Next(Document* doc) {
  while (status_.ok()) {
    if (jsonl_ != nullptr || array_ != nullptr) {
      std::string message;
      const internal::JsonlReader::Result r =
          jsonl_ != nullptr ? jsonl_->Next(doc, &message) : array_->Next(doc, &message);
      switch (r) {
        case internal::JsonlReader::Result::kDocument:
          if (!message.empty()) warnings_.push_back({std::move(message)});
          return true;
        case internal::JsonlReader::Result::kMalformed:
          Problem(Status::InvalidArgument(std::move(message)));
          continue;
        case internal::JsonlReader::Result::kReadError:
          jsonl_.reset();
          array_.reset();
          if (jsonl_is_stdin_) {
            status_ = Status::IOError(std::move(message));  // a pipe cannot be read again
            return false;
          }
          Problem(Status::IOError(std::move(message)));
          continue;
        case internal::JsonlReader::Result::kEnd:
          jsonl_.reset();
          array_.reset();
          continue;
      }
    }
    if (next_file_ < files_.size()) {
      const FileTask& task = files_[next_file_++];
      switch (task.kind) {
        case FileTask::Kind::kText:
          if (ReadText(task, doc)) return true;
          break;
        case FileTask::Kind::kStdin: {
          std::unique_ptr<internal::ByteStream> in;
          if (options_.stdin_path.empty()) {
            in = std::make_unique<internal::FdStream>(0, /*owned=*/false);
          } else {
            auto copy = internal::OpenFileStream(options_.stdin_path);
            if (!copy.ok()) {
              Problem(Status::IOError(task.display + ": " + copy.status().message()));
              break;
            }
            in = std::move(copy).value();
          }
          jsonl_ = std::make_unique<internal::JsonlReader>(std::move(in), task.display, &options_,
                                                           &parser_);
          jsonl_is_stdin_ = true;
          break;
        }
        case FileTask::Kind::kJsonl:
        case FileTask::Kind::kJsonArray: {
          auto stream = internal::OpenFileStream(task.path);
          if (!stream.ok()) {
            Problem(Status::IOError(task.display + ": " + stream.status().message()));
            break;
          }
          jsonl_is_stdin_ = false;
          if (task.kind == FileTask::Kind::kJsonl) {
            jsonl_ = std::make_unique<internal::JsonlReader>(std::move(stream).value(),
                                                             task.display, &options_, &parser_);
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
    return false;
  }
  return false;
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
      input.file = {FileTask::Kind::kText, path, path, fs::path(path).filename().string()};
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
