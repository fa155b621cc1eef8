// HTML report: one self-contained page (inline CSS and script, no external file, no network) a
// journalist can read — the pair limit, contents, a summary, stories, then the article pairs with
// their paragraphs side by side and the differing words marked, searchable, filterable by outlet
// and verdict, sortable (docs/formats/html.md).
// Thread-compatible; each call writes one whole report.
#ifndef NEARDUP_HTML_REPORT_H_
#define NEARDUP_HTML_REPORT_H_

#include "neardup/io/doc_texts.h"
#include "neardup/output_file.h"
#include "neardup/report.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

// Writes the page. `texts` must hold every document of a pair (DocsInReport), and the fields of
// info.html when they are set (DocTexts::ReadFields with HtmlFieldPaths). With info.alignments,
// words only the first article has are <del>, words only the second has are <ins>, aligned runs
// are <mark>; without them paragraphs are quoted plain. What the page holds: BuildHtmlModel
// (stories from derived article pairs only; at most info.html.max_pairs paragraph pairs, derived
// article pairs first). Document text and ids reach the page only escaped. Returns the first
// write error. Cost: O(pairs log pairs) plus the size of the page.
Status WriteHtmlReport(const ScanResult& result, const ReportInfo& info, const DocTexts& texts,
                       OutputFile* out);

}  // namespace neardup

#endif  // NEARDUP_HTML_REPORT_H_
