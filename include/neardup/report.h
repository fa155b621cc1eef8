// Report writers: the JSONL output contract and the readable text listing of a ScanResult.
// Thread-compatible; each call writes one whole report.
#ifndef NEARDUP_REPORT_H_
#define NEARDUP_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

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

// Everything `neardup scan --format jsonl` writes for a finished scan run with `options`: in
// reworded mode (options.mode) every pair is first aligned word by word and the document pairs
// judged, which needs `texts` to hold the documents DocsInReport(result) lists; in lexical mode
// `texts` is not read. Cost: reworded, the alignment of every pair on options.threads cores; then
// one pass over the result. Returns the first write error; does not Commit `out`.
Status WriteScanReport(const ScanResult& result, const Options& options, const DocTexts& texts,
                       OutputFile* out);

}  // namespace neardup

#endif  // NEARDUP_REPORT_H_
