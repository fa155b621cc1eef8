// WriteScanReport: the post-scan steps of `neardup scan --format jsonl` (alignment and document
// verdicts in reworded mode, then the JSONL writer), for library callers such as the Python module.

#include <vector>

#include "neardup/report/alignment.h"
#include "neardup/report/doc_verdict.h"
#include "neardup/report.h"

namespace neardup {

Status WriteScanReport(const ScanResult& result, const Options& options, const DocTexts& texts,
                       OutputFile* out) {
  ReportInfo info;
  info.mode = options.mode == Mode::kReworded ? "reworded" : "lexical";
  info.options = options;
  std::vector<Alignment> alignments;
  std::vector<DocPair> docpairs;
  if (options.mode == Mode::kReworded) {
    alignments = AlignPairs(result, texts, options.seed, options.threads);
    docpairs = DocPairs(result, alignments, info.verdict, options.threads);
    info.alignments = &alignments;
    info.docpairs = &docpairs;
  }
  return WriteJsonlReport(result, info, out);
}

}  // namespace neardup
