// The HTML report's data: the HtmlModel as one compact JSON object the page's script renders
// lazily (docs/formats/html.md describes it). Thread-compatible; each call writes one object.
#ifndef NEARDUP_HTML_DATA_H_
#define NEARDUP_HTML_DATA_H_

#include <string>
#include <string_view>

#include "neardup/io/doc_texts.h"
#include "neardup/output_file.h"
#include "neardup/report.h"
#include "neardup/report/html_model.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

// Appends `s` as a JSON string that is also safe as the content of an HTML <script> element:
// AppendJsonString, with '<', '>' and '&' written as \u003c, \u003e and \u0026, so no text can
// close the element or open a comment. Never fails.
void AppendScriptJsonString(std::string* out, std::string_view s);

// Appends the model's JSON to *buf, writing *buf to *out (and clearing it) whenever it passes
// 1 MiB, so memory stays bounded on large pages. `texts` must hold every article with a paragraph
// pair on the page; info.alignments (when set) marks the words. Returns the first write error.
Status WriteHtmlData(const HtmlModel& model, const ScanResult& result, const ReportInfo& info,
                     const DocTexts& texts, std::string* buf, OutputFile* out);

}  // namespace neardup

#endif  // NEARDUP_HTML_DATA_H_
