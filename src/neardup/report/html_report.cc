// WriteHtmlReport: summary, document-pair table, story clusters with side-by-side paragraphs.

#include "neardup/report/html_report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "neardup/base/union_find.h"
#include "neardup/io/doc_texts.h"
#include "neardup/report/alignment.h"
#include "neardup/report/doc_verdict.h"

namespace neardup {
namespace {

constexpr size_t kMaxPairRows = 20000;  // paragraph pairs shown in all; the rest are counted

constexpr char kStyle[] = R"(
body{font:15px/1.5 Georgia,serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #ccc}h3{font-size:1.05em;margin:1.5em 0 .3em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}
th{background:#f2f2f2;text-align:left}.num{text-align:right}
table.pair{width:100%;table-layout:fixed;margin:.4em 0}table.pair td{width:50%;overflow-wrap:anywhere}
.where{font:12px monospace;color:#666;display:block}
mark{background:#fff3a8;color:inherit}del{background:#fbd3d3;color:#900}ins{background:#cdeccd;color:#060;text-decoration:none}
.legend span{margin-right:1.2em}.small{color:#666;font-size:.9em}
)";

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
      default:
        out->push_back(c);
    }
  }
}

std::string Percent(double v) {
  char b[16];
  std::snprintf(b, sizeof b, "%.0f%%", v * 100);
  return b;
}

// The paragraph `r` of `text`, with `side`'s runs marked: shared -> <mark>, only -> `only_tag`.
void Paragraph(std::string* out, std::string_view text, ByteRange r, const AlignedSide* side,
               const char* only_tag) {
  if (r.end > text.size() || r.begin > r.end) return;
  if (side == nullptr) {
    Escape(out, text.substr(r.begin, r.end - r.begin));
    return;
  }
  struct Run {
    ByteRange range;
    bool shared;
  };
  std::vector<Run> runs;
  for (const ByteRange& x : side->shared) runs.push_back({x, true});
  for (const ByteRange& x : side->only) runs.push_back({x, false});
  std::sort(runs.begin(), runs.end(),
            [](const Run& x, const Run& y) { return x.range.begin < y.range.begin; });
  uint32_t at = r.begin;
  for (const Run& run : runs) {
    if (run.range.begin < at || run.range.end > r.end) continue;
    Escape(out, text.substr(at, run.range.begin - at));
    const char* tag = run.shared ? "mark" : only_tag;
    out->append("<").append(tag).append(">");
    Escape(out, text.substr(run.range.begin, run.range.end - run.range.begin));
    out->append("</").append(tag).append(">");
    at = run.range.end;
  }
  Escape(out, text.substr(at, r.end - at));
}

// The two documents' ids of a document pair, escaped, `between` between them.
void AppendDocNames(std::string* out, const ScanResult& r, const DocPair& d, const char* between) {
  Escape(out, r.doc_ids[d.a]);
  out->append(between);
  Escape(out, r.doc_ids[d.b]);
}

// Site furniture, folded into one short section: each recurring text once, with where it is.
void AppendFurniture(std::string* buf, const ScanResult& r, const DocTexts& texts) {
  bool heading = false;
  for (const Cluster& c : r.clusters) {
    if (!c.furniture) continue;
    if (!heading) {
      buf->append(
          "<h2>Site furniture</h2>\n<p class=\"small\">Short texts many pages repeat, or "
          "labels: reported as pairs (\"furniture\":true in the JSONL report), not "
          "copy.</p>\n<ul>\n");
      heading = true;
    }
    const UnitRef& first = r.units[c.members[0].unit];
    buf->append("<li>");
    if (const std::string* t = texts.Text(first.doc); t != nullptr) {
      Escape(buf,
             std::string_view{*t}.substr(first.range.begin, first.range.end - first.range.begin));
    }
    buf->append(" <span class=\"small\">(");
    for (size_t i = 0; i < c.members.size(); ++i) {
      if (i > 0) buf->append(", ");
      Escape(buf, r.doc_ids[r.units[c.members[i].unit].doc]);
      buf->append(" ¶").append(std::to_string(r.units[c.members[i].unit].para));
    }
    buf->append(")</span></li>\n");
  }
  if (heading) buf->append("</ul>\n");
}

// One paragraph pair side by side (pair index pi), its aligned runs marked.
void AppendPairRow(std::string* out, const ScanResult& r, const ReportInfo& info,
                   const DocTexts& texts, size_t pi) {
  char line[512];
  const Pair& p = r.pairs[pi];
  const UnitRef& ua = r.units[p.a];
  const UnitRef& ub = r.units[p.b];
  const Alignment* al = info.alignments != nullptr ? &(*info.alignments)[pi] : nullptr;
  out->append("<table class=\"pair\"><tr><td><span class=\"where\">");
  Escape(out, r.doc_ids[ua.doc]);
  if (info.options.mode == Mode::kReworded && !p.identical) {
    std::snprintf(line, sizeof line, " ¶%u · similarity %.2f · probability %.2f</span>", ua.para,
                  p.similarity, p.probability);
  } else {
    std::snprintf(line, sizeof line, " ¶%u · similarity %.2f</span>", ua.para, p.similarity);
  }
  out->append(line);
  const std::string* ta = texts.Text(ua.doc);
  const std::string* tb = texts.Text(ub.doc);
  if (ta != nullptr) Paragraph(out, *ta, ua.range, al != nullptr ? &al->a : nullptr, "del");
  out->append("</td><td><span class=\"where\">");
  Escape(out, r.doc_ids[ub.doc]);
  std::snprintf(line, sizeof line, " ¶%u%s</span>", ub.para,
                p.identical  ? " · identical"
                : p.sentence ? " · one sentence"
                             : "");
  out->append(line);
  if (tb != nullptr) Paragraph(out, *tb, ub.range, al != nullptr ? &al->b : nullptr, "ins");
  out->append("</td></tr></table>\n");
}

// Story clusters: connected components of the document pairs, as lists of docpair indices,
// ordered by their first pair.
std::vector<std::vector<size_t>> Stories(size_t num_docs, const std::vector<DocPair>& docpairs) {
  UnionFind uf(num_docs);
  for (const DocPair& d : docpairs) uf.Union(d.a, d.b);
  std::map<uint32_t, std::vector<size_t>> story;  // root -> docpair indices
  for (size_t i = 0; i < docpairs.size(); ++i) story[uf.Find(docpairs[i].a)].push_back(i);
  std::vector<std::vector<size_t>> stories;
  stories.reserve(story.size());
  for (auto& [root, v] : story) stories.push_back(std::move(v));
  std::sort(stories.begin(), stories.end(), [&](const auto& x, const auto& y) {
    return std::make_pair(docpairs[x[0]].a, docpairs[x[0]].b) <
           std::make_pair(docpairs[y[0]].a, docpairs[y[0]].b);
  });

  return stories;
}

}  // namespace

Status WriteHtmlReport(const ScanResult& r, const ReportInfo& info, const DocTexts& texts,
                       OutputFile* out) {
  std::string buf;
  buf.append(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>neardup report</title><style>");
  buf.append(kStyle);
  buf.append("</style></head><body>\n<h1>neardup: shared copy between articles</h1>\n");

  // Document pairs: from the verdicts, or from the paragraph pairs when there are none.
  std::vector<DocPair> docpairs;
  if (info.docpairs != nullptr) {
    docpairs = *info.docpairs;
  } else {
    docpairs = DocPairs(r, {}, info.verdict, info.options.threads);
  }
  std::map<std::pair<uint32_t, uint32_t>, std::vector<size_t>>
      pairs_of;  // doc pair -> pair indices
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const uint32_t da = r.units[r.pairs[i].a].doc, db = r.units[r.pairs[i].b].doc;
    if (da != db && !r.pairs[i].furniture) pairs_of[{da, db}].push_back(i);
  }
  size_t between = 0;
  for (const auto& [docs, v] : pairs_of) between += v.size();
  size_t derived = 0;
  for (const DocPair& d : docpairs) derived += d.verdict != Verdict::kNonDerived;

  char line[512];
  buf.append("<table class=\"summary\">\n");
  auto row = [&](const char* k, const std::string& v, const char* cls = "num") {
    buf.append("<tr><th>")
        .append(k)
        .append("</th><td class=\"")
        .append(cls)
        .append("\">")
        .append(v)
        .append("</td></tr>\n");
  };
  row("documents", std::to_string(r.stats.documents));
  row("paragraphs", std::to_string(r.stats.units));
  row("paragraph pairs between articles", std::to_string(between));
  if (r.pairs.size() > between) {
    row("paragraph pairs within one article (not shown)", std::to_string(r.pairs.size() - between));
  }
  row("article pairs sharing copy", std::to_string(docpairs.size()));
  row("article pairs judged derived", std::to_string(derived));
  std::snprintf(line, sizeof line, "%s, threshold %.2f", info.mode.c_str(), r.stats.threshold);
  row("matching", line, "text");
  buf.append(
      "</table>\n<p class=\"legend small\"><span><mark>matched run</mark></span>"
      "<span><del>only in the left article</del></span><span><ins>only in the right "
      "article</ins></span></p>\n");

  // Story clusters: connected components of the document pairs.
  const std::vector<std::vector<size_t>> stories = Stories(r.doc_ids.size(), docpairs);

  buf.append(
      "<h2>Article pairs</h2>\n<table><tr><th>story</th><th>article</th><th>article</th>"
      "<th>paragraph pairs</th><th>left covered</th><th>right covered</th><th>verdict</th></tr>\n");
  for (size_t s = 0; s < stories.size(); ++s) {
    for (size_t i : stories[s]) {
      const DocPair& d = docpairs[i];
      std::snprintf(line, sizeof line, "<tr><td class=\"num\">%zu</td><td><a href=\"#dp%zu\">",
                    s + 1, i);
      buf.append(line);
      AppendDocNames(&buf, r, d, "</a></td><td>");
      std::snprintf(line, sizeof line,
                    "</td><td class=\"num\">%u</td><td class=\"num\">%s</td><td "
                    "class=\"num\">%s</td><td>%s</td></tr>\n",
                    d.pairs, Percent(d.coverage_a).c_str(), Percent(d.coverage_b).c_str(),
                    VerdictName(d.verdict));
      buf.append(line);
    }
  }
  buf.append("</table>\n");

  size_t rows = 0, hidden = 0;
  for (size_t s = 0; s < stories.size(); ++s) {
    std::vector<uint32_t> docs;
    for (size_t i : stories[s]) {
      docs.push_back(docpairs[i].a);
      docs.push_back(docpairs[i].b);
    }
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    std::snprintf(line, sizeof line, "<h2>Story %zu: %zu articles</h2>\n<p class=\"small\">", s + 1,
                  docs.size());
    buf.append(line);
    for (size_t k = 0; k < docs.size(); ++k) {
      if (k) buf.append(" · ");
      Escape(&buf, r.doc_ids[docs[k]]);
    }
    buf.append("</p>\n");
    for (size_t i : stories[s]) {
      const DocPair& d = docpairs[i];
      std::snprintf(line, sizeof line, "<h3 id=\"dp%zu\">", i);
      buf.append(line);
      AppendDocNames(&buf, r, d, " ↔ ");
      std::snprintf(line, sizeof line,
                    " <span class=\"small\">(%u paragraph pair%s; %s of the left and %s of the "
                    "right covered: %s)</span></h3>\n",
                    d.pairs, d.pairs == 1 ? "" : "s", Percent(d.coverage_a).c_str(),
                    Percent(d.coverage_b).c_str(), VerdictName(d.verdict));
      buf.append(line);
      for (size_t pi : pairs_of[{d.a, d.b}]) {
        if (rows >= kMaxPairRows) {
          ++hidden;
          continue;
        }
        ++rows;
        AppendPairRow(&buf, r, info, texts, pi);
        if (buf.size() > (1u << 20)) {
          if (Status st = out->Write(buf); !st.ok()) return st;
          buf.clear();
        }
      }
    }
  }
  if (hidden > 0) {
    std::snprintf(line, sizeof line, "<p>%zu more paragraph pairs are in the JSONL report.</p>\n",
                  hidden);
    buf.append(line);
  }
  AppendFurniture(&buf, r, texts);
  buf.append("</body></html>\n");
  return out->Write(buf);
}

}  // namespace neardup
