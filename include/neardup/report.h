// Report writers: the JSONL output contract and the readable text listing of a ScanResult.
// Thread-compatible; each call writes one whole report.
#ifndef NEARDUP_REPORT_H_
#define NEARDUP_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
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
  // by copy found in the other, partially derived from `partially` on (README, "Document
  // verdicts").
  double wholly = 0.5;
  double partially = 0.15;
};

// What the HTML report shows beyond the pairs (README, "HTML report").
struct HtmlOptions {
  // Paragraph pairs the page holds at most: article pairs are taken whole, derived ones first,
  // until the next would pass this (the first is always taken); the page states what was left
  // out. 0 = no limit.
  size_t max_pairs = 10000;
  // JSONL fields (dotted paths allowed; "" = none) holding each article's headline, outlet, date
  // of publication and URL, shown beside its id. With dates, each article pair says which of the
  // two was published first.
  std::string title_field, source_field, date_field, url_field;
};

// A field path of HtmlOptions that none of the HTML page's articles had (a typo, most likely).
struct HtmlMissingField {
  std::string option;   // its scan option: "title-field", "source-field", "date-field", "url-field"
  std::string path;     // the dotted path, as given
  size_t articles = 0;  // the articles the page loaded (at least 1), none with a value there
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
  // Reworded text report: print under each pair the scorer's probability and the features that
  // carried it (`scan --explain`).
  bool explain = false;
  HtmlOptions html;  // the HTML report only
  // Out (not owned; may be null): when set, the HTML report stores here the non-empty field
  // paths of `html` that none of its articles had (the page states them too).
  std::vector<HtmlMissingField>* html_missing = nullptr;
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

enum class ReportFormat { kJsonl, kText };

// What `neardup scan` writes after the scan, in one call: reads the corpus a second time
// (`paths` and `reader` as scanned) for the texts of the documents the report needs — failing
// with InvalidArgument when a document no longer matches result->doc_digests (the corpus changed
// since the scan) — aligns every pair's words, judges the document pairs (reworded mode), and
// writes the report in `format` to *out and, when `html` is not null, the HTML report to *html.
// Neither output is committed. With info.timings the stages load_texts, align and docpairs are
// appended to result->stats.stage_seconds (a JSONL report adds `write` to its summary record).
// Cost: one more read of the corpus up to the last document reported, and the alignment of every
// pair (on info.options.threads cores).
Status WriteScanReport(ScanResult* result, const ReportInfo& info, ReportFormat format,
                       const std::vector<std::string>& paths, const ReaderOptions& reader,
                       OutputFile* out, OutputFile* html);

}  // namespace neardup

#endif  // NEARDUP_REPORT_H_
