// The HTML report's inline style sheet and script (no network, no external file). The script
// renders the page's data (html_data.h) lazily: stories, then article pairs a page at a time,
// with search, filters by outlet and verdict, and sorting. Constants; thread-safe.
#ifndef NEARDUP_HTML_ASSETS_H_
#define NEARDUP_HTML_ASSETS_H_

namespace neardup {

extern const char kHtmlStyle[];
// Reads the JSON of <script type="application/json" id="neardup-data">; inserts text only as
// text nodes (never as markup), links only http(s) URLs. Sets window.neardupTiming to
// {parse_ms, render_ms, ready_ms} once the first page is drawn (ready_ms: since navigation start).
extern const char kHtmlScript[];

}  // namespace neardup

#endif  // NEARDUP_HTML_ASSETS_H_
