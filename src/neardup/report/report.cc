// Report writers: JSONL records and the text listing.

#include "neardup/report.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>

#include "neardup/base/json_writer.h"
#include "neardup/io/doc_texts.h"
#include "neardup/options.h"
#include "neardup/report/alignment.h"
#include "neardup/report/doc_verdict.h"
#include "neardup/report/jsonl_records.h"
#include "neardup/report/write_in_order.h"

namespace neardup {
namespace {

// {"doc":..,"para":..,"start":..,"end":..} of unit u; start/end are `span` (a pair's matched
// sentence) when given, else the unit's range.
void AppendUnit(std::string* out, const ScanResult& r, uint32_t u,
                const ByteRange* span = nullptr) {
  const UnitRef& ref = r.units[u];
  const ByteRange range = span != nullptr ? *span : ref.range;
  out->append("{\"doc\":");
  AppendJsonString(out, r.doc_ids[ref.doc]);
  out->append(",\"para\":").append(std::to_string(ref.para));
  out->append(",\"start\":").append(std::to_string(range.begin));
  out->append(",\"end\":").append(std::to_string(range.end));
  out->push_back('}');
}

void AppendKey(std::string* out, const char* key) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

// Flushes `buf` to `out` once it grows past a chunk, keeping memory flat for large reports.
Status FlushIfLarge(std::string* buf, OutputFile* out) {
  if (buf->size() < (1u << 20)) return Status::OK();
  Status s = out->Write(*buf);
  buf->clear();
  return s;
}

// At most `max_bytes` of `s`, cut at a UTF-8 character boundary, with "…" when cut. Newlines and
// tabs become spaces.
std::string Shorten(std::string_view s, size_t max_bytes) {
  std::string out;
  bool cut = s.size() > max_bytes;
  if (cut) {
    size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
  }
  for (char c : s) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  if (cut) out.append("…");
  return out;
}

// The paragraph `unit` of `text` (absolute byte ranges) with every range of `only` wrapped in
// open/close markers ("[-", "-]" or "{+", "+}"), shortened to about `max_bytes` like Shorten; a
// marker cut off by the shortening is closed.
std::string MarkedQuote(std::string_view text, ByteRange unit, const std::vector<ByteRange>& only,
                        const char* open, const char* close, size_t max_bytes) {
  std::string marked;
  uint32_t at = unit.begin;
  for (const ByteRange& r : only) {
    if (r.begin < at || r.end > unit.end || r.begin > r.end) continue;
    marked.append(text.substr(at, r.begin - at)).append(open);
    marked.append(text.substr(r.begin, r.end - r.begin)).append(close);
    at = r.end;
  }
  if (unit.end > at) marked.append(text.substr(at, unit.end - at));
  std::string out = Shorten(marked, max_bytes);
  const std::string_view o(open), c(close);
  size_t opened = 0;
  for (size_t i = out.find(o); i != std::string::npos; i = out.find(o, i + 1)) ++opened;
  for (size_t i = out.find(c); i != std::string::npos; i = out.find(c, i + 1)) --opened;
  if (opened > 0) out.append(close);
  return out;
}

// [[b,e],[b,e],...]: each range written into a small buffer (std::to_chars: the digits
// std::to_string gives) and appended at once, not as five appends and two temporary strings.
void AppendRanges(std::string* out, const std::vector<ByteRange>& ranges) {
  out->push_back('[');
  char buf[32];  // two 10-digit numbers and 4 characters
  for (size_t i = 0; i < ranges.size(); ++i) {
    char* p = buf;
    if (i) *p++ = ',';
    *p++ = '[';
    p = std::to_chars(p, p + 10, ranges[i].begin).ptr;  // at most 10 digits
    *p++ = ',';
    p = std::to_chars(p, p + 10, ranges[i].end).ptr;
    *p++ = ']';
    out->append(buf, static_cast<size_t>(p - buf));
  }
  out->push_back(']');
}

void AppendAlignment(std::string* out, const Alignment& al) {
  out->append(",\"alignment\":{\"a\":{\"shared\":");
  AppendRanges(out, al.a.shared);
  out->append(",\"only\":");
  AppendRanges(out, al.a.only);
  out->append("},\"b\":{\"shared\":");
  AppendRanges(out, al.b.shared);
  out->append(",\"only\":");
  AppendRanges(out, al.b.only);
  out->push_back('}');
  if (al.truncated) out->append(",\"truncated\":true");
  out->push_back('}');
}

// ,"null_pairs":N,"null_outliers":N,"null_score":S,"threshold":T — how an adaptive threshold
// was judged against unrelated pairs.
void AppendNullJudgement(std::string* out, uint64_t null_pairs, uint64_t outliers,
                         double null_score, double threshold) {
  out->append(",\"null_pairs\":").append(std::to_string(null_pairs));
  out->append(",\"null_outliers\":").append(std::to_string(outliers));
  out->append(",\"null_score\":");
  AppendJsonDouble(out, null_score, 4);
  out->append(",\"threshold\":");
  AppendJsonDouble(out, threshold, 4);
}

void AppendDocPair(std::string* out, const ScanResult& r, const DocPair& d) {
  out->append("{\"type\":\"docpair\",\"a\":");
  AppendJsonString(out, r.doc_ids[d.a]);
  out->append(",\"b\":");
  AppendJsonString(out, r.doc_ids[d.b]);
  out->append(",\"pairs\":").append(std::to_string(d.pairs));
  out->append(",\"words_a\":").append(std::to_string(d.words_a));
  out->append(",\"words_b\":").append(std::to_string(d.words_b));
  out->append(",\"covered_a\":").append(std::to_string(d.covered_a));
  out->append(",\"covered_b\":").append(std::to_string(d.covered_b));
  out->append(",\"coverage_a\":");
  AppendJsonDouble(out, d.coverage_a, 4);
  out->append(",\"coverage_b\":");
  AppendJsonDouble(out, d.coverage_b, 4);
  if (d.doc_similarity > 0) {
    out->append(",\"doc_similarity\":");
    AppendJsonDouble(out, d.doc_similarity, 4);
  }
  out->append(",\"verdict\":\"").append(VerdictName(d.verdict)).append("\"");
  out->append(",\"derived\":");
  if (d.verdict == Verdict::kNonDerived) {
    out->append("null");
  } else {
    AppendJsonString(out, r.doc_ids[d.a_derived ? d.a : d.b]);
  }
  out->append("}\n");
}

}  // namespace

void AppendPair(std::string* buf, const ScanResult& r, const ReportInfo& info, const Pair& p) {
  const Alignment* al = nullptr;
  if (info.alignments != nullptr) {
    al = &(*info.alignments)[static_cast<size_t>(&p - r.pairs.data())];
  }
  AppendPairRecord(buf, r, info, p, al);
}

// One pair record (a line of the JSONL report).
void AppendPairRecord(std::string* buf, const ScanResult& r, const ReportInfo& info, const Pair& p,
                      const Alignment* al) {
  buf->append("{\"type\":\"pair\",\"a\":");
  AppendUnit(buf, r, p.a, &p.span_a);
  buf->append(",\"b\":");
  AppendUnit(buf, r, p.b, &p.span_b);
  buf->append(",\"similarity\":");
  AppendJsonDouble(buf, p.similarity, 4);
  buf->append(",\"estimate\":");
  AppendJsonDouble(buf, p.estimate, 4);
  buf->append(",\"mode\":");
  AppendJsonString(buf, info.mode);
  if (info.options.mode == Mode::kReworded) {
    buf->append(",\"evidence\":{\"shared_stems\":").append(std::to_string(p.shared));
    buf->append(",\"containment_a\":");
    AppendJsonDouble(buf, p.containment_a, 4);
    buf->append(",\"containment_b\":");
    AppendJsonDouble(buf, p.containment_b, 4);
    buf->append(",\"probability\":");
    AppendJsonDouble(buf, p.probability, 4);
    if (!p.identical) {
      buf->append(",\"score_from\":")
          .append(p.sentence          ? "\"sentence\""
                  : p.near_verbatim() ? "\"near-verbatim\""
                  : p.local           ? "\"local-alignment\""
                  : p.context         ? "\"context\""
                                      : "\"paragraph\"");
      buf->append(",\"threshold\":");
      AppendJsonDouble(buf, p.threshold, 4);
      if (p.near_verbatim()) {
        buf->append(",\"verbatim_similarity\":");
        AppendJsonDouble(buf, p.verbatim_similarity, 4);
      }
      // What carried the decision: the scorer's strongest contributions (feature, its value,
      // what it added to the log-odds), strongest first.
      buf->append(",\"reasons\":[");
      for (uint8_t k = 0; k < p.reason_count; ++k) {
        if (k > 0) buf->push_back(',');
        buf->append("{\"feature\":");
        AppendJsonString(buf, PairFeatureName(p.reasons[k].feature));
        buf->append(",\"value\":");
        AppendJsonDouble(buf, p.reasons[k].value, 4);
        buf->append(",\"logit\":");
        AppendJsonDouble(buf, p.reasons[k].logit, 4);
        buf->push_back('}');
      }
      buf->push_back(']');
    }
  } else {
    buf->append(",\"evidence\":{\"shared_shingles\":").append(std::to_string(p.shared));
  }
  if (al != nullptr) {
    buf->append(",\"aligned_words\":").append(std::to_string(al->aligned_words));
  }
  buf->append(",\"identical\":").append(p.identical ? "true" : "false");
  buf->push_back('}');
  if (p.furniture) buf->append(",\"furniture\":true");
  if (al != nullptr) AppendAlignment(buf, *al);
  buf->append("}\n");
}

namespace {

// Records 0..n-1, each appended to a buffer by format(i, &buffer), formatted in blocks of `block`
// on `threads` cores and written in order (WriteInOrder: bounded memory; the bytes do not depend
// on the thread count). Writing a large report costs as much as formatting it.
template <typename Format>
Status WriteRecordsInOrder(size_t n, size_t block, int threads, OutputFile* out,
                           const Format& format) {
  auto make = [&](size_t b) {
    std::string part;
    for (size_t i = b * block, end = std::min(n, (b + 1) * block); i < end; ++i) format(i, &part);
    return part;
  };
  auto consume = [&](const std::string& part) { return out->Write(part); };
  return WriteInOrder((n + block - 1) / block, threads, make, consume);
}

// The summary's ,"settings":{...} object (its closing brace excluded).
void AppendSettings(std::string* out, const ScanStats& st, const ReportInfo& info) {
  std::string& buf = *out;
  buf.append(",\"settings\":{\"mode\":");
  AppendJsonString(&buf, info.mode);
  if (info.options.mode == Mode::kReworded) {
    buf.append(",\"features\":\"content-stems\",\"num_perm\":")
        .append(std::to_string(info.options.num_perm));
    buf.append(",\"threshold\":");
    AppendJsonDouble(&buf, st.threshold, 4);
    buf.append(",\"threshold_source\":")
        .append(info.options.decision_threshold > 0 ? "\"given\"" : "\"scorer\"");
    if (info.options.unit == Unit::kParagraph && info.options.context_min_score > 0) {
      buf.append(",\"context_level\":{\"pairs\":").append(std::to_string(st.context_pairs));
      buf.append(",\"min_score\":");
      AppendJsonDouble(&buf, info.options.context_min_score, 4);
      buf.push_back('}');
    }
    if (info.options.unit == Unit::kParagraph && info.options.doc_min_score > 0) {
      const DocMatchStats& dm = st.doc_match;
      buf.append(",\"documents_level\":{\"candidates\":").append(std::to_string(dm.candidates));
      AppendNullJudgement(&buf, dm.null_pairs, dm.null_outliers, dm.null_score, dm.threshold);
      buf.append(",\"min_score\":");
      AppendJsonDouble(&buf, info.options.doc_min_score, 4);
      buf.push_back('}');
    }
    if (info.options.unit == Unit::kParagraph && info.options.sentences) {
      const SentenceMatchStats& sm = st.sentence_match;
      buf.append(",\"sentence_level\":{\"sentences\":").append(std::to_string(sm.sentences));
      buf.append(",\"candidates\":").append(std::to_string(sm.candidates));
      buf.append(",\"verified\":").append(std::to_string(sm.verified));
      buf.push_back('}');
    }
    buf.append(",\"lsh_threshold\":");
    AppendJsonDouble(&buf, info.options.reworded_lsh_threshold, 4);
    buf.append(",\"verdict_wholly\":");
    AppendJsonDouble(&buf, info.verdict.wholly, 4);
    buf.append(",\"verdict_partially\":");
    AppendJsonDouble(&buf, info.verdict.partially, 4);
  } else {
    buf.append(",\"ngram\":").append(std::to_string(info.options.ngram));
    buf.append(",\"num_perm\":").append(std::to_string(info.options.num_perm));
    buf.append(",\"threshold\":");
    AppendJsonDouble(&buf, info.options.threshold, 4);
  }
  buf.append(",\"bands\":").append(std::to_string(st.lsh.bands));
  buf.append(",\"rows\":").append(std::to_string(st.lsh.rows));
  buf.append(",\"exact\":").append(info.options.exact ? "true" : "false");
}

}  // namespace

void AppendClusterRecord(std::string* buf, const ScanResult& r, const Cluster& c,
                         double threshold) {
  buf->append("{\"type\":\"cluster\",\"id\":").append(std::to_string(c.id));
  buf->append(",\"size\":").append(std::to_string(c.members.size()));
  buf->append(",\"pairs_elided\":").append(c.pairs_elided ? "true" : "false");
  if (c.furniture) buf->append(",\"furniture\":true");
  buf->append(",\"members\":[");
  for (size_t i = 0; i < c.members.size(); ++i) {
    if (i) buf->push_back(',');
    AppendUnit(buf, r, c.members[i].unit);
    buf->pop_back();  // reopen the unit object to add member fields
    buf->append(",\"similarity\":");
    AppendJsonDouble(buf, c.members[i].similarity, 4);
    if (c.members[i].similarity < threshold) buf->append(",\"chained\":true");
    buf->push_back('}');
  }
  buf->append("]}\n");
}

void AppendSummaryRecord(std::string* buf, const ScanStats& st, size_t clusters, size_t warnings,
                         const ReportInfo& info) {
  buf->append("{\"type\":\"summary\"");
  auto num = [&](const char* k, uint64_t v) {
    buf->push_back(',');
    AppendKey(buf, k);
    buf->append(std::to_string(v));
  };
  num("documents", st.documents);
  num(info.options.unit == Unit::kParagraph ? "paragraphs" : "units", st.units);
  num("empty_paragraphs", st.empty_units);
  num("bytes", st.bytes);
  num("distinct_texts", st.identical_groups);
  num("candidates", st.candidates);
  num("verified", st.verified);
  num("pairs", st.pairs);
  num("elided_pairs", st.elided_pairs);
  num("clusters", clusters);
  num("skipped_buckets", st.skipped_buckets);
  num("warnings", warnings);
  if (info.docpairs != nullptr) {
    size_t derived[3] = {0, 0, 0};
    for (const DocPair& d : *info.docpairs) ++derived[static_cast<int>(d.verdict)];
    num("docpairs", info.docpairs->size());
    num("wholly_derived", derived[0]);
    num("partially_derived", derived[1]);
  }
  AppendSettings(buf, st, info);
  buf->push_back('}');
  if (info.timings) {
    buf->append(",\"seconds\":{\"read\":");
    AppendJsonDouble(buf, st.read_seconds, 3);
    buf->append(",\"match\":");
    AppendJsonDouble(buf, st.match_seconds, 3);
    buf->append(",\"cluster\":");
    AppendJsonDouble(buf, st.cluster_seconds, 3);
    for (const auto& [name, seconds] : st.stage_seconds) {
      buf->append(",\"").append(name).append("\":");
      AppendJsonDouble(buf, seconds, 3);
    }
    buf->push_back('}');
  }
  buf->append("}\n");
}

Status WriteJsonlReport(const ScanResult& r, const ReportInfo& info, OutputFile* out) {
  const auto t0 = std::chrono::steady_clock::now();
  Status s = WriteRecordsInOrder(
      r.pairs.size(), 2048, info.options.threads, out,
      [&](size_t i, std::string* buf) { AppendPair(buf, r, info, r.pairs[i]); });
  if (!s.ok()) return s;
  return WriteJsonlAfterPairs(r, info, out, t0);
}

Status WriteJsonlAfterPairs(const ScanResult& r, const ReportInfo& info, OutputFile* out,
                            std::chrono::steady_clock::time_point t0) {
  const int threads = info.options.threads;
  // Reworded: the threshold is a probability, not a similarity; no member is marked chained.
  const double chained = info.options.mode == Mode::kReworded ? 0.0 : r.stats.threshold;
  Status s = WriteRecordsInOrder(
      r.clusters.size(), 1024, threads, out,
      [&](size_t i, std::string* buf) { AppendClusterRecord(buf, r, r.clusters[i], chained); });
  if (s.ok() && info.docpairs != nullptr) {
    const std::vector<DocPair>& docpairs = *info.docpairs;
    s = WriteRecordsInOrder(docpairs.size(), 2048, threads, out, [&](size_t i, std::string* buf) {
      AppendDocPair(buf, r, docpairs[i]);
    });
  }
  if (!s.ok()) return s;
  std::string buf;
  if (info.timings) {  // the records above, as the stage "write"
    ScanStats st = r.stats;
    st.stage_seconds.emplace_back(
        "write", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    AppendSummaryRecord(&buf, st, r.clusters.size(), r.warnings.size(), info);
  } else {
    AppendSummaryRecord(&buf, r.stats, r.clusters.size(), r.warnings.size(), info);
  }
  return out->Write(buf);
}

std::vector<uint32_t> DocsInReport(const ScanResult& r) {
  std::vector<uint32_t> docs;
  for (const Pair& p : r.pairs) {
    docs.push_back(r.units[p.a].doc);
    docs.push_back(r.units[p.b].doc);
  }
  for (const Cluster& c : r.clusters) {
    for (const ClusterMember& m : c.members) docs.push_back(r.units[m.unit].doc);
  }
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  return docs;
}

namespace {

// `scan --explain`: the scorer's strongest contributions under a reworded pair.
void AppendExplanation(std::string* buf, const Pair& p) {
  char line[128];
  if (p.near_verbatim()) {
    std::snprintf(
        line, sizeof line,
        "    near-verbatim: word 3-gram similarity %.2f (lexical mode reports from %.2f)\n",
        p.verbatim_similarity, p.threshold);
    buf->append(line);
  }
  if (p.reason_count == 0) return;
  buf->append("    why:");
  for (uint8_t k = 0; k < p.reason_count; ++k) {
    std::snprintf(line, sizeof line, "%s %s %.2f (%+.2f)", k > 0 ? "," : "",
                  std::string(PairFeatureName(p.reasons[k].feature)).c_str(),
                  static_cast<double>(p.reasons[k].value), static_cast<double>(p.reasons[k].logit));
    buf->append(line);
  }
  buf->append("\n");
}

// Site furniture, folded into one section: each furniture cluster's text once, and where it is.
void AppendFurniture(std::string* buf, const ScanResult& r, const DocTexts& texts,
                     const std::function<std::string(uint32_t)>& where) {
  size_t pairs = 0, clusters = 0;
  for (const Pair& p : r.pairs) pairs += p.furniture ? 1 : 0;
  for (const Cluster& c : r.clusters) clusters += c.furniture ? 1 : 0;
  char line[160];
  std::snprintf(line, sizeof line,
                "\nSite furniture (short text many pages repeat, or a label): %zu pairs in %zu "
                "clusters\n",
                pairs, clusters);
  buf->append(line);
  for (const Cluster& c : r.clusters) {
    if (!c.furniture) continue;
    const UnitRef& first = r.units[c.members[0].unit];
    buf->append("  \"").append(Shorten(texts.Slice(first.doc, first.range), 60)).append("\": ");
    for (size_t i = 0; i < c.members.size(); ++i) {
      buf->append(i > 0 ? ", " : "").append(where(c.members[i].unit));
    }
    buf->append("\n");
  }
}

}  // namespace

Status WriteTextReport(const ScanResult& r, const ReportInfo& info, const DocTexts& texts,
                       OutputFile* out) {
  std::string buf;
  char line[256];
  const bool reworded = info.options.mode == Mode::kReworded;
  char features[64];
  if (reworded) {
    std::snprintf(features, sizeof features, "stemmed content words, scorer");
  } else {
    std::snprintf(features, sizeof features, "%d-word shingles", info.options.ngram);
  }
  std::snprintf(
      line, sizeof line,
      "neardup: %llu documents, %llu paragraphs; %zu near-duplicate pairs in %zu clusters "
      "(%s, %s, threshold %.2f)\n",
      static_cast<unsigned long long>(r.stats.documents),
      static_cast<unsigned long long>(r.stats.units), r.pairs.size(), r.clusters.size(),
      info.mode.c_str(), features, reworded ? r.stats.threshold : info.options.threshold);
  buf.append(line);
  if (info.alignments != nullptr) {
    buf.append("(words in [-...-] only in the first paragraph, in {+...+} only in the second)\n");
  }
  auto where = [&](uint32_t u) {
    const UnitRef& ref = r.units[u];
    return r.doc_ids[ref.doc] + " ¶" + std::to_string(ref.para);
  };
  size_t n = 0;
  for (const Pair& p : r.pairs) {
    ++n;
    if (p.furniture) continue;  // listed in the section at the end
    if (reworded && !p.identical) {
      std::snprintf(line, sizeof line, "\n[%zu] similarity %.2f, probability %.2f%s\n", n,
                    p.similarity, p.probability, p.near_verbatim() ? ", near-verbatim" : "");
    } else {
      std::snprintf(line, sizeof line, "\n[%zu] similarity %.2f%s\n", n, p.similarity,
                    p.identical ? " (identical after normalization)" : "");
    }
    buf.append(line);
    if (info.explain && reworded && !p.identical) AppendExplanation(&buf, p);
    const UnitRef& ua = r.units[p.a];
    const UnitRef& ub = r.units[p.b];
    const std::string* ta = texts.Text(ua.doc);
    const std::string* tb = texts.Text(ub.doc);
    const size_t pi = n - 1;
    if (!p.identical && info.alignments != nullptr && pi < info.alignments->size() &&
        ta != nullptr && tb != nullptr && !(*info.alignments)[pi].truncated) {
      // Reworded copy: the words only one side has are marked, wdiff style.
      const Alignment& al = (*info.alignments)[pi];
      buf.append("    ").append(where(p.a)).append(": ");
      buf.append(MarkedQuote(*ta, p.span_a, al.a.only, "[-", "-]", 300)).append("\n");
      buf.append("    ").append(where(p.b)).append(": ");
      buf.append(MarkedQuote(*tb, p.span_b, al.b.only, "{+", "+}", 300)).append("\n");
    } else {
      buf.append("    ").append(where(p.a)).append(": ");
      buf.append(Shorten(texts.Slice(ua.doc, p.span_a), 200)).append("\n");
      buf.append("    ").append(where(p.b)).append(": ");
      buf.append(Shorten(texts.Slice(ub.doc, p.span_b), 200)).append("\n");
    }
    if (Status s = FlushIfLarge(&buf, out); !s.ok()) return s;
  }
  const size_t furniture_clusters = static_cast<size_t>(std::count_if(
      r.clusters.begin(), r.clusters.end(), [](const Cluster& c) { return c.furniture; }));
  if (r.clusters.size() > furniture_clusters) {
    buf.append("\nClusters (first member is the representative):\n");
  }
  for (const Cluster& c : r.clusters) {
    if (c.furniture) continue;
    std::snprintf(line, sizeof line, "  cluster %u, %zu members%s:\n", c.id, c.members.size(),
                  c.pairs_elided ? " (large group: not every pair listed)" : "");
    buf.append(line);
    for (const ClusterMember& m : c.members) {
      std::snprintf(line, sizeof line, "    %.2f%s  ", m.similarity,
                    !reworded && m.similarity < r.stats.threshold ? " (chained)" : "");
      buf.append(line).append(where(m.unit)).append("\n");
    }
    if (Status s = FlushIfLarge(&buf, out); !s.ok()) return s;
  }
  if (furniture_clusters > 0) AppendFurniture(&buf, r, texts, where);
  if (!r.warnings.empty()) {
    std::snprintf(line, sizeof line, "\n%zu input problems were skipped (see stderr).\n",
                  r.warnings.size());
    buf.append(line);
  }
  return out->Write(buf);
}

}  // namespace neardup
