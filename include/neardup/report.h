// Report writers: the JSONL output contract and the readable text listing of a ScanResult.
// Thread-compatible; each call writes one whole report.
#ifndef NEARDUP_REPORT_H_
#define NEARDUP_REPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/options.h"
#include "neardup/output_file.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

struct Alignment;  // the aligned words of one pair (private: report/alignment.h)
struct DocPair;    // one document pair's verdict (private: report/doc_verdict.h)
class DocTexts;    // the documents' texts, read a second time (private: io/doc_texts.h)

struct VerdictOptions {
  // A document is wholly derived from another when at least this share of its words is covered
  // by copy found in the other, partially derived from `partially` on (README, "Document verdicts").
  double wholly = 0.5;
  double partially = 0.15;
};

struct ReportInfo {
  std::string mode = "lexical";  // matching mode named in every pair record
  Options options;
  bool timings = false;  // add stage timings to the summary (makes output differ run to run)
  // Reworded mode: the alignment of every pair (by pair index) and the document verdicts; when
  // set, pair records carry "alignment" and "aligned_words", and "docpair" records follow the
  // clusters. Not owned; may be null.
  const std::vector<Alignment>* alignments = nullptr;
  const std::vector<DocPair>* docpairs = nullptr;
  VerdictOptions verdict;
};

// One JSON object per line: "pair" records, then "cluster" records, then "docpair" records (when
// info.docpairs is set), then one "summary"
// (see README, "Output contract"). Returns the first write error.
Status WriteJsonlReport(const ScanResult& result, const ReportInfo& info, OutputFile* out);

// A readable listing: each pair with both paragraphs quoted (shortened), then the clusters.
// `texts` must hold the documents of every reported unit (see DocsInReport).
Status WriteTextReport(const ScanResult& result, const ReportInfo& info, const DocTexts& texts,
                       OutputFile* out);

// The documents a text report quotes, ascending.
std::vector<uint32_t> DocsInReport(const ScanResult& result);

// Where the steps after a scan find the documents' texts (the reworded report aligns the words
// of every pair; dedup writes the kept text back): read again from the paths the corpus was read
// from, or handed over by a caller that holds them (a Corpus filled with Add or AddFrom).
struct ScanTexts {
  std::vector<std::string> paths;  // read again: must yield the scan's documents, in its order
  ReaderOptions reader;
  // When set, used instead of `paths`: the text of document `doc` as it was added. The view must
  // stay valid until the call that uses it returns.
  std::function<std::string_view(uint32_t doc)> text_of;
};

// Everything `neardup scan --format jsonl` writes for a finished scan run with `options`: in
// reworded mode (options.mode) every pair is first aligned word by word and the document pairs
// judged, which reads the texts of the documents DocsInReport(result) lists; lexical mode reads
// no text. Cost: reworded, the texts of the paired documents and the alignment of every pair on
// options.threads cores; then one pass over the result. Returns the first read or write error;
// does not Commit `out`.
Status WriteScanReport(const ScanResult& result, const Options& options, const ScanTexts& texts,
                       OutputFile* out);

// The corpus as `neardup dedup` writes it back, for a finished scan of `unit`s: calls
// emit(doc, text) for every document kept, in input order (`doc` indexes result.doc_ids). A
// unit is dropped when it is verified similar to an earlier kept unit; paragraph units: the kept
// paragraphs joined by a blank line, a document left with none is dropped (one with no
// comparable paragraph is kept whole); document units: kept documents whole. Reads every
// document's text once (streamed from `texts.paths`). Returns what it kept, or the first error
// of the read or of `emit`.
struct DedupCounts {
  uint64_t units_kept = 0;  // paragraphs (or documents, for document units) kept
  uint64_t documents = 0;   // documents emitted
};
StatusOr<DedupCounts> DedupDocuments(
    const ScanResult& result, Unit unit, const ScanTexts& texts,
    const std::function<Status(uint32_t doc, std::string_view text)>& emit);

}  // namespace neardup

#endif  // NEARDUP_REPORT_H_
