// WriteHtmlData (html_data.h): articles, stories, article pairs and paragraph pairs as arrays.

#include "neardup/report/html_data.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "neardup/base/json_writer.h"
#include "neardup/report/alignment.h"

namespace neardup {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

void AppendInt(std::string* out, int64_t v) { out->append(std::to_string(v)); }

// Side `side` of paragraph `r` of `text` as [kind, "text", ...]: kind 0 plain, 1 shared with the
// other side, 2 only on this side. Without an alignment the paragraph is one plain run.
void AppendSegments(std::string* out, std::string_view text, ByteRange r, const AlignedSide* side) {
  out->push_back('[');
  if (r.end > text.size() || r.begin > r.end) {
    out->push_back(']');
    return;
  }
  struct Run {
    ByteRange range;
    int kind;
  };
  std::vector<Run> runs;
  if (side != nullptr) {
    for (const ByteRange& x : side->shared) runs.push_back({x, 1});
    for (const ByteRange& x : side->only) runs.push_back({x, 2});
    std::sort(runs.begin(), runs.end(),
              [](const Run& x, const Run& y) { return x.range.begin < y.range.begin; });
  }
  bool first = true;
  auto emit = [&](int kind, uint32_t begin, uint32_t end) {
    if (begin >= end) return;
    if (!first) out->push_back(',');
    first = false;
    AppendInt(out, kind);
    out->push_back(',');
    AppendScriptJsonString(out, text.substr(begin, end - begin));
  };
  uint32_t at = r.begin;
  for (const Run& run : runs) {
    if (run.range.begin < at || run.range.end > r.end) continue;
    emit(0, at, run.range.begin);
    emit(run.kind, run.range.begin, run.range.end);
    at = run.range.end;
  }
  emit(0, at, r.end);
  out->push_back(']');
}

// [para a, para b, flags, similarity, probability or -1, segments a, segments b]; flags: 1
// identical, 2 one sentence, 4 kept in context, 8 near-verbatim (lexical mode's pair). `records`
// are one paragraph pair's records (one per statement): flags are or-ed, similarity and probability
// the largest, and the segments highlight every record's alignment.
void AppendParagraphPair(std::string* out, const ScanResult& r, const ReportInfo& info,
                         const DocTexts& texts, const std::vector<size_t>& records) {
  const Pair& p = r.pairs[records[0]];
  const UnitRef& ua = r.units[p.a];
  const UnitRef& ub = r.units[p.b];
  int flags = 0;
  double similarity = 0, probability = 0;
  bool identical = false;
  AlignedSide side_a, side_b;
  for (const size_t pi : records) {
    const Pair& q = r.pairs[pi];
    flags |= (q.identical ? 1 : 0) | (q.sentence ? 2 : 0) | (q.context ? 4 : 0) |
             (q.near_verbatim() ? 8 : 0);
    identical = identical || q.identical;
    similarity = std::max(similarity, q.similarity);
    probability = std::max(probability, q.probability);
    if (info.alignments == nullptr) continue;
    const Alignment& al = (*info.alignments)[pi];
    side_a.shared.insert(side_a.shared.end(), al.a.shared.begin(), al.a.shared.end());
    side_a.only.insert(side_a.only.end(), al.a.only.begin(), al.a.only.end());
    side_b.shared.insert(side_b.shared.end(), al.b.shared.begin(), al.b.shared.end());
    side_b.only.insert(side_b.only.end(), al.b.only.begin(), al.b.only.end());
  }
  const bool aligned = info.alignments != nullptr;
  out->push_back('[');
  AppendInt(out, ua.para);
  out->push_back(',');
  AppendInt(out, ub.para);
  out->push_back(',');
  AppendInt(out, flags);
  out->push_back(',');
  AppendJsonDouble(out, similarity, 2);
  out->push_back(',');
  if (info.options.mode == Mode::kReworded && !identical) {
    AppendJsonDouble(out, probability, 2);
  } else {
    out->append("-1");
  }
  out->push_back(',');
  const std::string* ta = texts.Text(ua.doc);
  const std::string* tb = texts.Text(ub.doc);
  AppendSegments(out, ta != nullptr ? std::string_view{*ta} : std::string_view{}, ua.range,
                 aligned ? &side_a : nullptr);
  out->push_back(',');
  AppendSegments(out, tb != nullptr ? std::string_view{*tb} : std::string_view{}, ub.range,
                 aligned ? &side_b : nullptr);
  out->push_back(']');
}

// [id, title, outlet, date, url, time in seconds or null]
void AppendArticle(std::string* out, const ScanResult& r, const HtmlArticle& a) {
  out->push_back('[');
  AppendScriptJsonString(out, r.doc_ids[a.doc]);
  for (const std::string* f : {&a.title, &a.outlet, &a.date, &a.url}) {
    out->push_back(',');
    AppendScriptJsonString(out, *f);
  }
  out->push_back(',');
  if (a.time) {
    AppendInt(out, *a.time);
  } else {
    out->append("null");
  }
  out->push_back(']');
}

}  // namespace

void AppendScriptJsonString(std::string* out, std::string_view s) {
  const size_t from = out->size();
  AppendJsonString(out, s);
  if (out->find_first_of("<>&", from) == std::string::npos) return;
  std::string escaped;
  for (size_t i = from; i < out->size(); ++i) {
    const char c = (*out)[i];
    if (c == '<') {
      escaped.append("\\u003c");
    } else if (c == '>') {
      escaped.append("\\u003e");
    } else if (c == '&') {
      escaped.append("\\u0026");
    } else {
      escaped.push_back(c);
    }
  }
  out->resize(from);
  out->append(escaped);
}

Status WriteHtmlData(const HtmlModel& m, const ScanResult& r, const ReportInfo& info,
                     const DocTexts& texts, std::string* buf, OutputFile* out) {
  auto flush = [&]() -> Status {
    if (buf->size() < kFlushBytes) return Status::OK();
    Status s = out->Write(*buf);
    buf->clear();
    return s;
  };
  std::unordered_map<uint32_t, size_t> article_of;
  buf->append("{\"articles\":[");
  for (size_t i = 0; i < m.articles.size(); ++i) {
    if (i > 0) buf->push_back(',');
    AppendArticle(buf, r, m.articles[i]);
    article_of[m.articles[i].doc] = i;
    if (Status s = flush(); !s.ok()) return s;
  }
  // Stories by their index in m.stories; only the listed ones carry articles.
  buf->append("],\"stories\":{");
  for (size_t k = 0; k < m.listed_stories.size(); ++k) {
    if (k > 0) buf->push_back(',');
    buf->push_back('"');
    AppendInt(buf, static_cast<int64_t>(m.listed_stories[k]));
    buf->append("\":[");
    const std::vector<uint32_t>& docs = m.stories[m.listed_stories[k]];
    for (size_t i = 0; i < docs.size(); ++i) {
      if (i > 0) buf->push_back(',');
      AppendInt(buf, static_cast<int64_t>(article_of[docs[i]]));
    }
    buf->push_back(']');
  }
  // [article a, article b, verdict (0 wholly, 1 partially, 2 non-derived), story or -1, % of a
  // covered, % of b covered, the copy (0 a, 1 b), first published (-1 unknown, 0 a, 1 b, 2 same
  // time), paragraph pairs in all, [paragraph pairs on the page]]
  buf->append("},\"pairs\":[");
  for (size_t k = 0; k < m.shown.size(); ++k) {
    const HtmlDocPair& h = m.shown[k];
    const DocPair& d = m.docpairs[h.docpair];
    if (k > 0) buf->push_back(',');
    buf->push_back('[');
    AppendInt(buf, static_cast<int64_t>(article_of[d.a]));
    buf->push_back(',');
    AppendInt(buf, static_cast<int64_t>(article_of[d.b]));
    buf->push_back(',');
    AppendInt(buf, static_cast<int>(d.verdict));
    buf->push_back(',');
    AppendInt(buf, h.story);
    buf->push_back(',');
    AppendJsonDouble(buf, d.coverage_a * 100, 0);
    buf->push_back(',');
    AppendJsonDouble(buf, d.coverage_b * 100, 0);
    buf->append(d.a_derived ? ",0," : ",1,");
    const int first = h.first == FirstPublished::kA          ? 0
                      : h.first == FirstPublished::kB        ? 1
                      : h.first == FirstPublished::kSameTime ? 2
                                                             : -1;
    AppendInt(buf, first);
    buf->push_back(',');
    AppendInt(buf, static_cast<int64_t>(h.all_pairs));
    buf->append(",[");
    for (size_t i = 0; i < h.pairs.size(); ++i) {
      if (i > 0) buf->push_back(',');
      AppendParagraphPair(buf, r, info, texts, h.pairs[i]);
      if (Status s = flush(); !s.ok()) return s;
    }
    buf->append("]]");
  }
  buf->append("]}");
  return Status::OK();
}

}  // namespace neardup
