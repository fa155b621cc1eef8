// HTML report: one self-contained page (inline CSS, no script, no external file) a journalist can
// read — a summary table, then articles grouped by story cluster, and for each pair of articles
// sharing copy their paragraphs side by side with the differing words marked.
// Thread-compatible; each call writes one whole report.
#ifndef NEARDUP_HTML_REPORT_H_
#define NEARDUP_HTML_REPORT_H_

#include "neardup/io/doc_texts.h"
#include "neardup/output_file.h"
#include "neardup/report.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

// Writes the page. `texts` must hold every document of a pair (DocsInReport). With
// info.alignments, words only the first article has are <del>, words only the second has are
// <ins>, aligned runs are <mark>; without them paragraphs are quoted plain. Story clusters are the
// connected components of the document pairs (info.docpairs; without them, of the paragraph
// pairs). Returns the first write error.
Status WriteHtmlReport(const ScanResult& result, const ReportInfo& info, const DocTexts& texts,
                       OutputFile* out);

}  // namespace neardup

#endif  // NEARDUP_HTML_REPORT_H_
