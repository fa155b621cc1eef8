// WriteHtmlReport: the page's static part (limit, contents, summary, furniture), then its data
// and the script that renders stories and article pairs from it.

#include "neardup/report/html_report.h"

#include <cstdio>
#include <string>
#include <vector>

#include "neardup/io/doc_texts.h"
#include "neardup/report/html_assets.h"
#include "neardup/report/html_data.h"
#include "neardup/report/html_model.h"

namespace neardup {
namespace {

constexpr size_t kMaxFurniture = 200;       // furniture texts listed; the rest are counted
constexpr size_t kMaxFurniturePlaces = 20;  // places listed per text

void Escape(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&#39;");
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string Count(size_t n) { return std::to_string(n); }

// The notice at the top: what the page holds and how to get the rest.
void AppendLimit(std::string* buf, const HtmlModel& m, const ReportInfo& info) {
  const std::string limit =
      info.html.max_pairs == 0 ? "no limit" : "at most " + Count(info.html.max_pairs);
  buf->append("<p class=\"limit\" id=\"limit\">");
  if (m.cut) {
    buf->append("This page holds ")
        .append(Count(m.shown_paragraph_pairs))
        .append(" of the ")
        .append(Count(m.paragraph_pairs))
        .append(" paragraph pairs between articles, in ")
        .append(Count(m.shown.size()))
        .append(" of the ")
        .append(Count(m.docpairs.size()))
        .append(
            " article pairs: derived article pairs first, story by story. The rest are in the "
            "JSONL report (-o).");
  } else {
    buf->append("This page holds all ")
        .append(Count(m.shown_paragraph_pairs))
        .append(" paragraph pairs between articles, in ")
        .append(Count(m.shown.size()))
        .append(" article pairs.");
  }
  buf->append(" Pair limit: ").append(limit).append(" paragraph pairs (--html-max-pairs).</p>\n");
}

// One note per field path no article had: a misspelt path otherwise shows nothing.
void AppendMissingFields(std::string* buf, const HtmlModel& m) {
  for (const HtmlMissingField& f : m.missing_fields) {
    buf->append("<p class=\"small field-note\">Note: --").append(f.option).append(" &quot;");
    Escape(buf, f.path);
    buf->append("&quot; was found in none of the ")
        .append(Count(f.articles))
        .append(" articles in the report.</p>\n");
  }
}

void AppendSummary(std::string* buf, const ScanResult& r, const ReportInfo& info,
                   const HtmlModel& m) {
  char line[256];
  buf->append("<h2 id=\"summary\">Summary</h2>\n<table class=\"summary\">\n");
  auto row = [&](const char* k, const std::string& v, const char* cls = "num") {
    buf->append("<tr><th>").append(k).append("</th><td class=\"").append(cls).append("\">");
    Escape(buf, v);
    buf->append("</td></tr>\n");
  };
  row("documents", Count(r.stats.documents));
  row("paragraphs", Count(r.stats.units));
  row("paragraph pairs between articles", Count(m.paragraph_pairs));
  size_t within = 0, furniture = 0;
  for (const Pair& p : r.pairs) {
    within += r.units[p.a].doc == r.units[p.b].doc ? size_t{1} : 0;
    furniture += p.furniture && r.units[p.a].doc != r.units[p.b].doc ? size_t{1} : 0;
  }
  if (within > 0) row("paragraph pairs within one article (not shown)", Count(within));
  if (furniture > 0) row("site furniture pairs (listed below)", Count(furniture));
  row("article pairs sharing copy", Count(m.docpairs.size()));
  row("article pairs judged derived", Count(m.derived));
  row("stories (articles joined by derived copy)", Count(m.stories.size()));
  row("on this page",
      Count(m.shown_paragraph_pairs) + " paragraph pairs in " + Count(m.shown.size()) +
          " article pairs",
      "text");
  std::snprintf(line, sizeof line, "%s, threshold %.2f", info.mode.c_str(), r.stats.threshold);
  row("matching", line, "text");
  buf->append(
      "</table>\n<p class=\"legend small\"><span><mark>matched run</mark></span>"
      "<span><del>only in the left article</del></span><span><ins>only in the right "
      "article</ins></span></p>\n");
}

// Site furniture, folded into one short section: each recurring text once, with where it is.
// Returns the number of furniture texts.
size_t AppendFurniture(std::string* buf, const ScanResult& r, const DocTexts& texts) {
  size_t n = 0;
  for (const Cluster& c : r.clusters) {
    if (!c.furniture) continue;
    if (n == 0) {
      buf->append(
          "<h2 id=\"furniture\">Site furniture</h2>\n<p class=\"small\">Short texts many pages "
          "repeat, or labels: reported as pairs (\"furniture\":true in the JSONL report), not "
          "copy.</p>\n<ul>\n");
    }
    if (++n > kMaxFurniture) continue;
    const UnitRef& first = r.units[c.members[0].unit];
    buf->append("<li>");
    Escape(buf, texts.Slice(first.doc, first.range));
    buf->append(" <span class=\"small\">(");
    for (size_t i = 0; i < c.members.size() && i < kMaxFurniturePlaces; ++i) {
      if (i > 0) buf->append(", ");
      Escape(buf, r.doc_ids[r.units[c.members[i].unit].doc]);
      buf->append(" ¶").append(Count(r.units[c.members[i].unit].para));
    }
    if (c.members.size() > kMaxFurniturePlaces) {
      buf->append(" and ").append(Count(c.members.size() - kMaxFurniturePlaces)).append(" more");
    }
    buf->append(")</span></li>\n");
  }
  if (n > kMaxFurniture) {
    buf->append("<li>and ").append(Count(n - kMaxFurniture)).append(" more (JSONL report)</li>\n");
  }
  if (n > 0) buf->append("</ul>\n");
  return n;
}

bool HasFurniture(const ScanResult& r) {
  for (const Cluster& c : r.clusters) {
    if (c.furniture) return true;
  }
  return false;
}

constexpr char kControls[] = R"(<div class="controls" role="search">
<input type="search" id="q" placeholder="Search headlines, outlets, ids and text" aria-label="Search article pairs">
<select id="outlet" aria-label="Outlet"><option value="">every outlet</option></select>
<select id="verdict" aria-label="Verdict"><option value="">every verdict</option><option value="derived">derived (wholly or partially)</option><option value="0">wholly-derived</option><option value="1">partially-derived</option><option value="2">non-derived</option></select>
<select id="sort" aria-label="Sort"><option value="story">by story</option><option value="coverage">most covered first</option><option value="pairs">most paragraph pairs first</option><option value="date">earliest published first</option><option value="outlet">by outlet</option></select>
<button id="all-stories" class="more">every story</button>
</div>
<p id="count" class="small"></p>
<div id="pair-list"></div>
<p class="pager"><button id="prev">&larr; previous</button> <span id="page"></span> <button id="next">next &rarr;</button></p>
)";

}  // namespace

Status WriteHtmlReport(const ScanResult& r, const ReportInfo& info, const DocTexts& texts,
                       OutputFile* out) {
  const HtmlModel m = BuildHtmlModel(r, info, texts);
  std::string buf;
  buf.append(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>neardup report</title><style>");
  buf.append(kHtmlStyle);
  buf.append("</style></head><body>\n<h1>neardup: shared copy between articles</h1>\n");
  AppendLimit(&buf, m, info);
  AppendMissingFields(&buf, m);
  if (info.html_missing != nullptr) *info.html_missing = m.missing_fields;
  buf.append("<nav class=\"toc\"><b>Contents</b><ol><li><a href=\"#summary\">Summary</a></li>")
      .append("<li><a href=\"#stories\">Stories (")
      .append(Count(m.listed_stories.size()))
      .append(")</a></li><li><a href=\"#pairs\">Article pairs (")
      .append(Count(m.shown.size()))
      .append(")</a></li>");
  if (HasFurniture(r)) buf.append("<li><a href=\"#furniture\">Site furniture</a></li>");
  buf.append("</ol></nav>\n");
  AppendSummary(&buf, r, info, m);
  buf.append(
      "<noscript><p class=\"limit\">The stories and article pairs are drawn by this page's "
      "script; with scripts off, read the JSONL or text report instead.</p></noscript>\n"
      "<h2 id=\"stories\">Stories</h2>\n<p class=\"small\">A story is a set of articles joined "
      "by derived copy (wholly or partially derived article pairs); a non-derived pair joins "
      "nothing.</p>\n<div id=\"story-list\"></div>\n"
      "<p><button id=\"more-stories\" class=\"more\">more stories</button></p>\n"
      "<h2 id=\"pairs\">Article pairs</h2>\n");
  buf.append(kControls);
  AppendFurniture(&buf, r, texts);
  buf.append("<script type=\"application/json\" id=\"neardup-data\">");
  if (Status s = WriteHtmlData(m, r, info, texts, &buf, out); !s.ok()) return s;
  buf.append("</script>\n<script>");
  buf.append(kHtmlScript);
  buf.append("</script>\n</body></html>\n");
  return out->Write(buf);
}

}  // namespace neardup
