// Corpus: the batch API in one object. Add documents (one at a time, or everything under some
// paths), then Find() the verified near-duplicate paragraph pairs and their clusters — what
// `neardup scan` computes. Thread-safety: one Corpus is used from one thread at a time; Find runs
// its own worker threads (Options::threads).
#ifndef NEARDUP_CORPUS_H_
#define NEARDUP_CORPUS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/options.h"
#include "neardup/output_file.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

class Scanner;  // the batch engine (private: scan/scanner.h)

class Corpus {
 public:
  // A new, empty corpus. InvalidArgument naming the bad option when `options` is invalid (a
  // threshold outside (0, 1], ngram outside 1..32, ...). Options::mode defaults to kReworded, as
  // every command does; set kLexical for exact-Jaccard copy detection.
  static StatusOr<std::unique_ptr<Corpus>> Create(const Options& options = Options());
  ~Corpus();
  Corpus(const Corpus&) = delete;
  Corpus& operator=(const Corpus&) = delete;

  // Adds one document; `text` is UTF-8 and is cut into paragraphs at blank lines (README,
  // "Split"). Documents are numbered in the order they are added, which is the order of every
  // output. The text is not kept: byte ranges in the result point into the text as given here.
  // InvalidArgument after Find(). ResourceExhausted when it runs out of memory; the corpus is then
  // incomplete, and every later Add*, AddFrom and Find returns ResourceExhausted too.
  Status Add(std::string_view id, std::string_view text);
  Status Add(const Document& doc) { return Add(doc.id, doc.text); }
  // Adds every document under `paths` (folders, .txt and .jsonl files, "-" for standard input;
  // CorpusReader::Open has the rules), fingerprinting on every core. A malformed record is skipped
  // and listed in ScanResult::warnings unless reader.strict, which makes it the returned error.
  // InvalidArgument for a path that does not exist; IOError when a file cannot be read.
  Status AddPaths(const std::vector<std::string>& paths,
                  const ReaderOptions& reader = ReaderOptions());
  // Adds every document `reader` hands out, in its order, fingerprinting on every core as AddPaths
  // does (a caller's own source of documents: records held in memory, a binding's iterator).
  // Returns reader->status() when the reader fails; its warnings land in ScanResult::warnings.
  Status AddFrom(CorpusReader* reader);

  // Documents added so far.
  size_t documents() const { return documents_; }

  // Finds candidate pairs with LSH, verifies each one exactly and clusters the verified pairs.
  // The result is the same for the same documents in the same order, whatever Options::threads.
  // Call once; a second call returns InvalidArgument.
  StatusOr<ScanResult> Find();

 private:
  explicit Corpus(const Options& options);
  // Runs one add through CatchOutOfMemory; an exception escaping it left the scanner part way
  // through a chunk (document ids handed out, features not copied, the group table's pending
  // slots naming a dead batch), so every later Add* and Find returns broken_.
  Status Guarded(const char* during, const std::function<Status()>& add);
  std::unique_ptr<Scanner> scanner_;
  Status broken_;              // ok until an add failed part way
  ProgressCallback progress_;  // Options::progress
  size_t documents_ = 0;
  bool finished_ = false;
};

struct DedupStats {
  uint64_t units = 0;              // units of comparison read
  uint64_t units_kept = 0;         // of those, kept (paragraphs, or documents)
  uint64_t documents = 0;          // documents read
  uint64_t documents_written = 0;  // documents with at least one unit kept (or none comparable)
};

struct DedupOptions {
  Unit unit = Unit::kParagraph;  // what was compared, as in the scan: paragraphs or documents
  // The text member of records built for documents read without one (.txt files); empty = the
  // reader's text field (a dotted path is written as its last part).
  std::string text_field;
  // When not empty, each written record gets this member: its cluster id (Unit::kDocument) or
  // the sorted cluster ids of its paragraphs (an array); none when no unit of it is in a cluster.
  std::string cluster_field;
};

// Writes the corpus back as JSONL without the units a dedup keeps out (in unit order, a unit
// verified similar to an earlier kept unit is dropped). Each kept record is written as it was
// read, byte for byte; where paragraphs were dropped only its text value is replaced (the kept
// paragraphs joined by blank lines); a document read from a .txt file is written as
// {"id":..,"text":..}. A document left with nothing is not written; one with no comparable
// paragraph is written as it is. `removed`, when not null, gets one JSON line per dropped unit:
// {"id":..,"para":N,"text":..,"duplicate_of":{"id":..,"para":M}} ("para" only for paragraphs).
// Reads the corpus a second time (`paths` and `reader` as scanned) and fails with
// InvalidArgument when it no longer matches result.doc_digests (it changed since the scan).
// Neither output is committed. Cost: one more read of the corpus, plus a copy of each record.
Status WriteDeduplicated(const ScanResult& result, const DedupOptions& options,
                         const std::vector<std::string>& paths, const ReaderOptions& reader,
                         OutputFile* out, OutputFile* removed, DedupStats* stats);
// The same with DedupOptions{unit} and no list of removed units.
Status WriteDeduplicated(const ScanResult& result, Unit unit, const std::vector<std::string>& paths,
                         const ReaderOptions& reader, OutputFile* out, DedupStats* stats);

}  // namespace neardup

#endif  // NEARDUP_CORPUS_H_
