// CorpusReader: streams documents from folders, .txt files, .jsonl files or stdin, in a
// deterministic order. Thread-safety: one reader per thread.
#ifndef NEARDUP_CORPUS_READER_H_
#define NEARDUP_CORPUS_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "neardup/document.h"
#include "neardup/status.h"

namespace neardup {

// What to do with a document whose text is not well-formed UTF-8 (stray or truncated bytes,
// overlong forms, encoded surrogates).
enum class InvalidUtf8 {
  // Read it as if each maximal ill-formed subpart were U+FFFD (a word separator), with a warning
  // naming the first bad byte. A .txt document keeps its original bytes, so every byte range in
  // the output still points into the file as it is on disk (writers that copy text, such as
  // dedup's JSONL, emit U+FFFD). A JSONL line is repaired before it is decoded: ranges point into
  // the decoded string holding the U+FFFD.
  kReplace,
  // Skip the document (the JSONL line) with a warning; --strict makes that fatal.
  kSkip,
};

struct ReaderOptions {
  // JSONL field holding the document id (string or integer), and the one holding its text
  // (string). Either may be a dotted path into nested objects ("meta.id", "content.body").
  // A record without the id field is named by its place ("docs.jsonl:41").
  std::string id_field = "id";
  std::string text_field = "text";
  bool strict = false;  // first malformed record fails the read instead of being skipped
  InvalidUtf8 invalid_utf8 = InvalidUtf8::kReplace;  // ill-formed UTF-8: read as U+FFFD or skip
  // Bytes of input in one chunk (CorpusReader::NextChunk), the unit of parallel decoding: a JSONL
  // file is cut into runs of whole lines of about this size (one longer line makes a longer
  // chunk). What is read never depends on it; tests set it tiny to force many chunks.
  size_t chunk_bytes = size_t{1} << 20;
  bool keep_records = false;  // fill Document::record and text_value (costs a copy of each line)
  // When not empty, the path "-" reads this file instead of standard input, still named
  // "<stdin>" in sources and messages: a copy of standard input kept for a second read.
  std::string stdin_path{};
};

// A problem with one input that did not stop the run (the record or file was skipped).
struct ReadWarning {
  std::string message;  // "docs.jsonl:41: missing field 'text'" — always names the file
};

// A run of input read in order but not decoded yet: whole JSONL lines of one file, one .txt file,
// or a problem met while reading. CorpusReader::NextChunk hands chunks out in input order; each may
// be decoded on any thread, so a caller decodes many at once and keeps their documents in chunk
// order. Thread-safety: one thread per chunk; chunks of one reader are independent.
class ReadChunk {
 public:
  virtual ~ReadChunk() = default;
  // Appends the chunk's documents to *docs and its warnings to *warnings, in input order, as
  // CorpusReader::Next would have returned them. Returns OK, or with ReaderOptions::strict the
  // first problem (what Next would have made status()); the caller then discards later chunks.
  // Call at most once, while the reader that made the chunk is alive. Cost: parsing and, for a
  // .txt file, reading it.
  virtual Status Decode(std::vector<Document>* docs, std::vector<ReadWarning>* warnings) = 0;
};

// Reads documents from `paths` in order. Each path is:
//  - "-": JSONL on standard input (source "<stdin>:LINE");
//  - a folder: walked recursively; every *.txt is one document (id = path relative to the folder,
//    '/'-separated), every *.jsonl one document per non-blank line; files are visited in byte-wise
//    sorted order of their relative paths so output never depends on directory order; links to
//    files are read, links to folders are not followed; other files are ignored;
//  - a .txt file (id = its file name) or a .jsonl file.
// Every .txt, .jsonl, .ndjson and .json may also be compressed, named *.txt.gz / *.jsonl.gz (gzip)
// or *.txt.zst / *.jsonl.zst (Zstandard): it is decompressed as a stream and read exactly as the
// plain file (a .txt document's id drops the suffix: "a.txt.gz" has id "a.txt"; sources name the
// real file).
// A .txt file is read as raw bytes (one opening with a UTF-16 byte order mark is decoded to UTF-8
// first; its offsets then count in the UTF-8 text). One whose first 8 KiB hold a NUL byte, or are
// at least a quarter control characters and ill-formed UTF-8, is skipped as binary ("a.txt: binary
// file skipped"). Ill-formed UTF-8 in a document is handled as options.invalid_utf8 says, with one
// warning per document: "a.txt: invalid UTF-8 at byte offset 812 (3 ill-formed sequences read as
// U+FFFD)" or "docs.jsonl:7: invalid UTF-8 at byte offset 15 of the line" (offsets count from 0).
// Empty and whitespace-only documents are returned like any other (they give no paragraphs).
// A JSONL line must be one JSON object with a string text field and, optionally, a string or
// integer id field (an integer id is kept as written; without one the id is "docs.jsonl:41");
// anything else is a malformed record.
// Sources are "dir/sub/a.txt" (the folder as given, then the relative path) or "docs.jsonl:41"
// (lines count from 1, blank lines included).
class CorpusReader {
 public:
  // Fails with InvalidArgument when a path does not exist or is neither a folder nor a
  // .txt/.jsonl file (plain or compressed); nothing is read in that case.
  static StatusOr<std::unique_ptr<CorpusReader>> Open(const std::vector<std::string>& paths,
                                                      const ReaderOptions& options);
  virtual ~CorpusReader() = default;

  // Reads the next document into *doc. Returns true with a document, false at the end of input or
  // on a fatal error (then status() is not OK). Malformed records and unreadable files are skipped,
  // each adding a ReadWarning, unless options.strict, which makes the first of them fatal: status()
  // then carries the warning's message, as InvalidArgument for bad content (malformed record,
  // binary file) or IOError for an unreadable file or folder. Each JSONL file is streamed line by
  // line, never loaded whole.
  virtual bool Next(Document* doc) = 0;
  // The next chunk of input (ReaderOptions::chunk_bytes of JSONL lines, or one .txt file), or null
  // at the end of input or after a fatal error (then status() is not OK). Reading files and
  // decompressing happen here, on the calling thread; parsing happens in ReadChunk::Decode.
  // Decoding every chunk in order gives exactly the documents and warnings of Next. Do not mix
  // with Next on one reader. The default wraps documents read with Next.
  virtual std::unique_ptr<ReadChunk> NextChunk();
  virtual const Status& status() const = 0;
  // Warnings collected so far; TakeWarnings moves them out.
  virtual std::vector<ReadWarning> TakeWarnings() = 0;
};

}  // namespace neardup

#endif  // NEARDUP_CORPUS_READER_H_
