// WriteScanReport (report.h): the post-scan steps of `neardup scan` — second pass, alignment,
// document verdicts, then the JSONL, text and HTML writers.

#include <chrono>

#include "neardup/base/memory.h"
#include "neardup/base/stage_timer.h"
#include "neardup/io/doc_texts.h"
#include "neardup/report.h"
#include "neardup/report/aligned_pairs.h"
#include "neardup/report/alignment.h"
#include "neardup/report/doc_verdict.h"
#include "neardup/report/html_model.h"
#include "neardup/report/html_report.h"
#include "neardup/report/jsonl_records.h"

namespace neardup {

Status WriteScanReport(ScanResult* result, const ReportInfo& info, ReportFormat format,
                       const std::vector<std::string>& paths, const ReaderOptions& reader,
                       OutputFile* out, OutputFile* html) {
  const Options& o = info.options;
  const bool reworded = o.mode == Mode::kReworded;
  const bool text = format == ReportFormat::kText;
  ReportInfo report_info = info;
  DocTexts texts;
  texts.SetThreads(o.threads);
  std::vector<Alignment> alignments;
  std::vector<DocPair> docpairs;
  // --timings: the report stages, after the scanner's own.
  StageTimer stage(&result->stats.stage_seconds);
  ReleaseFreedMemory();  // what the scan's last stages freed
  if (text || reworded || html != nullptr) {
    std::vector<uint32_t> wanted = DocsInReport(*result);
    if (html != nullptr) {
      texts.ReadFields(HtmlFieldPaths(info.html));
      for (const DocMatch& m : result->doc_matches) {  // article pairs without paragraph pairs
        wanted.push_back(m.a);
        wanted.push_back(m.b);
      }
    }
    if (Status s = texts.Load(paths, reader, wanted, result->doc_digests); !s.ok()) {
      return s;
    }
  }
  stage.Lap("load_texts");
  if (reworded && !text && html == nullptr) {
    // The JSONL report: each pair record is written as soon as its pair is aligned, and only the
    // aligned word runs are kept for the document verdicts (not one alignment per pair); the
    // texts go back before the verdicts. Stages: align (with the pair records), docpairs, write.
    MatchedWords matched;
    if (Status s = WriteAlignedPairs(*result, info, texts, out, &matched); !s.ok()) return s;
    stage.Lap("align");
    // Not trimmed: the report's peak is behind it, and a trim costs a walk of the heap.
    texts = DocTexts();
    docpairs = DocPairsFromRuns(*result, &matched, info.verdict, o.threads);
    matched = MatchedWords();
    stage.Lap("docpairs");
    report_info.docpairs = &docpairs;
    return WriteJsonlAfterPairs(*result, report_info, out, std::chrono::steady_clock::now());
  }
  if (reworded) {
    alignments = AlignPairs(*result, texts, o.seed, o.threads);
    stage.Lap("align");
    docpairs = DocPairs(*result, alignments, info.verdict, o.threads);
    stage.Lap("docpairs");
    report_info.alignments = &alignments;
    report_info.docpairs = &docpairs;
  } else if (text || html != nullptr) {
    // Lexical: the readable reports mark the words that differ too; the JSONL stays lexical.
    alignments = AlignPairs(*result, texts, o.seed, o.threads);
  }
  ReportInfo view_info = report_info;  // what the text and HTML reports show
  if (!alignments.empty()) view_info.alignments = &alignments;
  if (html != nullptr) {
    if (Status s = WriteHtmlReport(*result, view_info, texts, html); !s.ok()) return s;
  }
  return text ? WriteTextReport(*result, view_info, texts, out)
              : WriteJsonlReport(*result, report_info, out);
}

}  // namespace neardup
