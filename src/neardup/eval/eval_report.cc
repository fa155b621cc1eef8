// The eval report writers, JSONL and text (evaluation.h: WriteEvalJsonl, WriteEvalText).

#include <cmath>
#include <cstdio>
#include <string>

#include "neardup/base/json_writer.h"
#include "neardup/evaluation.h"

namespace neardup {

namespace {

void AppendSpan(std::string* out, const UnitSpan& u) {
  out->append("{\"doc\":");
  AppendJsonString(out, u.doc);
  out->append(",\"para\":").append(std::to_string(u.para));
  out->append(",\"start\":").append(std::to_string(u.range.begin));
  out->append(",\"end\":").append(std::to_string(u.range.end));
  out->push_back('}');
}

void AppendGoldSide(std::string* out, const GoldSide& g) {
  out->append("{\"doc\":");
  AppendJsonString(out, g.doc);
  if (!g.phrase.empty()) {
    out->append(",\"phrase\":");
    AppendJsonString(out, g.phrase);
  }
  if (g.resolved) {
    out->append(",\"start\":").append(std::to_string(g.range.begin));
    out->append(",\"end\":").append(std::to_string(g.range.end));
  }
  out->push_back('}');
}

void AppendNumber(std::string* out, const char* key, double v) {
  out->append(",\"").append(key).append("\":");
  AppendJsonDouble(out, v, 4);
}

void AppendCount(std::string* out, const char* key, size_t v) {
  out->append(",\"").append(key).append("\":").append(std::to_string(v));
}

std::string Fixed(double v) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

// At most `max_bytes` of `s` on one line, cut at a UTF-8 boundary, with "…" when cut.
std::string Quote(std::string_view s, size_t max_bytes) {
  const bool cut = s.size() > max_bytes;
  if (cut) {
    size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
  }
  std::string out;
  for (char c : s) out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  if (cut) out.append("…");
  return out;
}

std::string Describe(const UnitSpan& u, const TextLookup& text_of) {
  std::string line = u.doc + " ¶" + std::to_string(u.para) + " [" + std::to_string(u.range.begin) +
                     "," + std::to_string(u.range.end) + ")";
  const std::string* text = text_of ? text_of(u.doc) : nullptr;
  if (text != nullptr && u.range.end <= text->size()) {
    line += "  \"" +
            Quote(std::string_view{*text}.substr(u.range.begin, u.range.end - u.range.begin), 90) +
            "\"";
  }
  return line;
}

std::string Describe(const GoldSide& g) {
  std::string line = g.doc;
  if (g.resolved) {
    line += " [" + std::to_string(g.range.begin) + "," + std::to_string(g.range.end) + ")";
  }
  if (!g.phrase.empty()) line += "  \"" + Quote(g.phrase, 90) + "\"";
  return line;
}

}  // namespace

Status WriteEvalJsonl(const EvalReport& r, OutputFile* out) {
  std::string buf;
  const RunOutput& run = *r.run;
  if (r.gold_score != nullptr) {
    const GoldScore& g = *r.gold_score;
    for (size_t i = 0; i < run.pairs.size(); ++i) {
      if (!g.scored[i] || g.match[i] != kNoMatch) continue;
      buf.append("{\"type\":\"wrong\",\"a\":");
      AppendSpan(&buf, run.pairs[i].a);
      buf.append(",\"b\":");
      AppendSpan(&buf, run.pairs[i].b);
      AppendNumber(&buf, "similarity", run.pairs[i].similarity);
      buf.append("}\n");
    }
    for (size_t i = 0; i < r.gold->size(); ++i) {
      const GoldPair& p = (*r.gold)[i];
      if (!g.gold_scored[i] || g.gold_found[i] || p.optional) continue;
      buf.append("{\"type\":\"missed\",\"gold\":");
      AppendJsonString(&buf, p.source);
      buf.append(",\"label\":");
      AppendJsonString(&buf, p.label);
      buf.append(",\"a\":");
      AppendGoldSide(&buf, p.a);
      buf.append(",\"b\":");
      AppendGoldSide(&buf, p.b);
      buf.append("}\n");
    }
  }
  if (r.reference_score != nullptr) {
    for (size_t i : r.reference_score->missing_pairs) {
      const RunPair& p = r.reference->pairs[i];
      buf.append("{\"type\":\"lost\",\"a\":");
      AppendSpan(&buf, p.a);
      buf.append(",\"b\":");
      AppendSpan(&buf, p.b);
      AppendNumber(&buf, "similarity", p.similarity);
      buf.append("}\n");
    }
  }
  buf.append("{\"type\":\"eval\",\"run\":");
  AppendJsonString(&buf, run.name);
  AppendCount(&buf, "run_pairs", run.pairs.size());
  buf.append(",\"cross_doc_only\":").append(r.options.cross_doc_only ? "true" : "false");
  if (r.gold_score != nullptr) {
    const GoldScore& g = *r.gold_score;
    buf.append(",\"gold\":{\"file\":");
    AppendJsonString(&buf, r.gold_name);
    buf.append(",\"scored_pairs\":").append(std::to_string(g.correct + g.neutral + g.wrong));
    AppendCount(&buf, "set_aside", g.set_aside);
    AppendCount(&buf, "correct", g.correct);
    AppendCount(&buf, "neutral", g.neutral);
    AppendCount(&buf, "wrong", g.wrong);
    AppendCount(&buf, "gold_pairs", g.required);
    AppendCount(&buf, "found", g.found);
    AppendCount(&buf, "optional_pairs", g.optional);
    AppendCount(&buf, "optional_found", g.optional_found);
    AppendCount(&buf, "gold_set_aside", g.gold_set_aside);
    AppendNumber(&buf, "precision", g.precision);
    AppendNumber(&buf, "recall", g.recall);
    AppendNumber(&buf, "f1", g.f1);
    buf.append(",\"labels\":[");
    for (size_t i = 0; i < g.labels.size(); ++i) {
      const LabelScore& l = g.labels[i];
      buf.append(i ? ",{\"label\":" : "{\"label\":");
      AppendJsonString(&buf, l.label);
      AppendCount(&buf, "gold_pairs", l.required);
      AppendCount(&buf, "found", l.found);
      AppendCount(&buf, "optional_pairs", l.optional);
      AppendCount(&buf, "optional_found", l.optional_found);
      AppendCount(&buf, "run_pairs", l.run_pairs);
      buf.push_back('}');
    }
    buf.append("]}");
  }
  if (r.reference_score != nullptr) {
    const ReferenceScore& s = *r.reference_score;
    buf.append(",\"reference\":{\"file\":");
    AppendJsonString(&buf, r.reference->name);
    AppendCount(&buf, "reference_pairs", s.reference_pairs);
    AppendCount(&buf, "scored_run_pairs", s.run_pairs);
    AppendCount(&buf, "found", s.found);
    AppendCount(&buf, "missing", s.missing);
    AppendCount(&buf, "extra", s.extra);
    AppendNumber(&buf, "recall", s.recall);
    AppendNumber(&buf, "lsh_recall_loss", s.loss);
    buf.append(",\"settings_differ\":[");
    for (size_t i = 0; i < r.settings_differences.size(); ++i) {
      if (i) buf.push_back(',');
      AppendJsonString(&buf, r.settings_differences[i]);
    }
    buf.append("]}");
  }
  buf.append("}\n");
  return out->Write(buf);
}

Status WriteEvalText(const EvalReport& r, OutputFile* out) {
  std::string buf;
  const RunOutput& run = *r.run;
  buf += "run " + run.name + ": " + std::to_string(run.pairs.size()) + " pairs\n";
  if (r.gold_score != nullptr) {
    const GoldScore& g = *r.gold_score;
    buf += "\ngold " + r.gold_name +
           (r.options.cross_doc_only ? " (cross-document pairs only)" : "") + "\n";
    char line[256];
    std::snprintf(
        line, sizeof line,
        "  run pairs scored  %zu (correct %zu, wrong %zu; %zu matching only optional gold "
        "pairs and %zu inside one document not scored)\n",
        g.correct + g.wrong, g.correct, g.wrong, g.neutral, g.set_aside);
    buf += line;
    std::snprintf(line, sizeof line,
                  "  gold pairs found  %zu of %zu required (optional: %zu of %zu)\n", g.found,
                  g.required, g.optional_found, g.optional);
    buf += line;
    buf += "  precision " + Fixed(g.precision) + "  recall " + Fixed(g.recall) + "  F1 " +
           Fixed(g.f1) + "\n";
    buf += "\n  label                            found/required  optional  run pairs\n";
    for (const LabelScore& l : g.labels) {
      // The label comes from the gold file and may be of any length: appended, not formatted into
      // the fixed buffer (which would cut a long one off, and the row's counts and newline with
      // it).
      std::string label = l.label.empty() ? "(no label)" : l.label;
      if (label.size() < 32) label.resize(32, ' ');
      buf += "  " + label;
      std::snprintf(line, sizeof line, " %5zu/%-8zu  %3zu/%-4zu  %zu%s\n", l.found, l.required,
                    l.optional_found, l.optional, l.run_pairs,
                    l.required > 0 ? (l.found > 0 ? "" : "  MISSED") : "");
      buf += line;
    }
    bool header = false;
    for (size_t i = 0; i < run.pairs.size(); ++i) {
      if (!g.scored[i] || g.match[i] != kNoMatch) continue;
      if (!header) buf += "\n  wrong pairs (matching no gold pair):\n";
      header = true;
      buf += "  - " + Describe(run.pairs[i].a, r.text_of) + "\n    " +
             Describe(run.pairs[i].b, r.text_of) + "\n    similarity " +
             Fixed(run.pairs[i].similarity) + "\n";
    }
    header = false;
    for (size_t i = 0; i < r.gold->size(); ++i) {
      const GoldPair& p = (*r.gold)[i];
      if (!g.gold_scored[i] || g.gold_found[i] || p.optional) continue;
      if (!header) buf += "\n  missed gold pairs:\n";
      header = true;
      buf += "  - " + p.source + (p.label.empty() ? "" : " (" + p.label + ")") + "\n    " +
             Describe(p.a) + "\n    " + Describe(p.b) + "\n";
    }
  }
  if (r.reference_score != nullptr) {
    const ReferenceScore& s = *r.reference_score;
    buf += "\nreference " + r.reference->name +
           (r.options.cross_doc_only ? " (cross-document pairs only)" : "") + "\n";
    buf += "  reference pairs " + std::to_string(s.reference_pairs) + ", found " +
           std::to_string(s.found) + ", missing " + std::to_string(s.missing) + "\n";
    buf += "  recall " + Fixed(s.recall) + "  LSH recall loss " + Fixed(s.loss) + "\n";
    buf += "  run pairs not in the reference " + std::to_string(s.extra) + "\n";
    if (!r.settings_differences.empty()) {
      buf += "  warning: the settings differ:";
      for (const std::string& k : r.settings_differences) buf += " " + k;
      buf += "\n";
    }
    for (size_t i : s.missing_pairs) {
      const RunPair& p = r.reference->pairs[i];
      buf += "  lost: " + Describe(p.a, r.text_of) + "\n        " + Describe(p.b, r.text_of) +
             "\n        similarity " + Fixed(p.similarity) + "\n";
    }
  }
  return out->Write(buf);
}

}  // namespace neardup
