// CorpusReader: streams documents from folders, .txt files, .jsonl files or stdin, in a deterministic
// order. Thread-safety: one reader per thread.
#ifndef NEARDUP_CORPUS_READER_H_
#define NEARDUP_CORPUS_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "neardup/document.h"
#include "neardup/status.h"

namespace neardup {

struct ReaderOptions {
  std::string id_field = "id";      // JSONL field holding the document id (string or integer)
  std::string text_field = "text";  // JSONL field holding the document text (string)
  bool strict = false;              // first malformed record fails the read instead of being skipped
};

// A problem with one input that did not stop the run (the record or file was skipped).
struct ReadWarning {
  std::string message;  // "docs.jsonl:41: missing field 'text'" — always names the file
};

// Reads documents from `paths` in order. Each path is:
//  - "-": JSONL on standard input (source "<stdin>:LINE");
//  - a folder: walked recursively; every *.txt is one document (id = path relative to the folder,
//    '/'-separated), every *.jsonl one document per non-empty line; files are visited in byte-wise
//    sorted order of their relative paths so output never depends on directory order;
//  - a .txt file (id = its file name) or a .jsonl file.
class CorpusReader {
 public:
  // Fails with InvalidArgument when a path does not exist or is neither a folder nor a
  // .txt/.jsonl file; nothing is read in that case.
  static StatusOr<std::unique_ptr<CorpusReader>> Open(const std::vector<std::string>& paths,
                                                      const ReaderOptions& options);
  virtual ~CorpusReader() = default;

  // Reads the next document into *doc. Returns true with a document, false at the end of input or
  // on a fatal error (then status() is not OK). Malformed records and unreadable files are skipped,
  // each adding a ReadWarning, unless options.strict, which makes them fatal.
  virtual bool Next(Document* doc) = 0;
  virtual const Status& status() const = 0;
  // Warnings collected so far; TakeWarnings moves them out.
  virtual std::vector<ReadWarning> TakeWarnings() = 0;
};

}  // namespace neardup

#endif  // NEARDUP_CORPUS_READER_H_
