// Run-file parsing (simdjson On-Demand over LineReader), scoring against gold and reference, and
// the eval report writers.

#include "neardup/evaluation.h"

#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "neardup/io/jsonl_reader.h"
#include "neardup/io/line_reader.h"
#include "neardup/base/json_writer.h"

namespace neardup {
namespace {

namespace od = simdjson::ondemand;

static_assert(internal::LineReader::kPadding >= simdjson::SIMDJSON_PADDING);

Status Bad(std::string what) { return Status::InvalidArgument(std::move(what)); }

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Status ReadUint(od::value v, const std::string& what, uint32_t* out) {
  int64_t n = 0;
  if (v.get_int64().get(n) != simdjson::SUCCESS || n < 0 ||
      n > int64_t{std::numeric_limits<uint32_t>::max()}) {
    return Bad(what + " is not an integer in [0, 2^32)");
  }
  *out = static_cast<uint32_t>(n);
  return Status::OK();
}

Status ReadUnit(od::value v, const char* name, UnitSpan* unit) {
  od::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS) {
    return Bad(std::string("pair field '") + name + "' is not an object");
  }
  int seen = 0;
  for (auto member : object) {
    od::field field;
    if (std::move(member).get(field) != simdjson::SUCCESS) return Bad("invalid JSON");
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return Bad("invalid JSON");
    const std::string what = std::string("'") + name + "." + std::string(key) + "'";
    Status s;
    if (key == "doc") {
      seen |= 1;
      od::json_type type;
      if (field.value().type().get(type) != simdjson::SUCCESS) return Bad("invalid JSON");
      std::string_view str;
      if (type == od::json_type::string && field.value().get_string().get(str) == simdjson::SUCCESS) {
        unit->doc.assign(str);
      } else if (type == od::json_type::number) {
        unit->doc.assign(TrimRight(field.value().raw_json_token()));
      } else {
        return Bad(what + " is not a string or integer");
      }
    } else if (key == "para") {
      seen |= 2;
      s = ReadUint(field.value(), what, &unit->para);
    } else if (key == "start") {
      seen |= 4;
      s = ReadUint(field.value(), what, &unit->range.begin);
    } else if (key == "end") {
      seen |= 8;
      s = ReadUint(field.value(), what, &unit->range.end);
    }
    if (!s.ok()) return s;
  }
  if (seen != 15) return Bad(std::string("pair field '") + name + "' needs doc, para, start and end");
  if (unit->range.begin > unit->range.end) return Bad(std::string("pair field '") + name + "': start > end");
  return Status::OK();
}

Status ReadSettings(od::value v, RunOutput* run) {
  od::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS) return Bad("'settings' is not an object");
  run->settings.clear();
  for (auto member : object) {
    od::field field;
    if (std::move(member).get(field) != simdjson::SUCCESS) return Bad("invalid JSON");
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return Bad("invalid JSON");
    od::json_type type;
    if (field.value().type().get(type) != simdjson::SUCCESS) return Bad("invalid JSON");
    std::string_view raw;
    if (type == od::json_type::object) {
      od::object o;
      if (field.value().get_object().get(o) != simdjson::SUCCESS || o.raw_json().get(raw)) return Bad("invalid JSON");
    } else if (type == od::json_type::array) {
      od::array a;
      if (field.value().get_array().get(a) != simdjson::SUCCESS || a.raw_json().get(raw)) return Bad("invalid JSON");
    } else {
      raw = TrimRight(field.value().raw_json_token());
    }
    run->settings.emplace_back(std::string(key), std::string(raw));
  }
  return Status::OK();
}

Status ParseRunLine(od::parser* parser, std::string_view line, RunOutput* run) {
  od::document doc;
  if (parser->iterate(line.data(), line.size(), line.size() + internal::LineReader::kPadding).get(doc)) {
    return Bad("invalid JSON");
  }
  od::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) return Bad(internal::NotAnObjectMessage(line));
  std::string type;
  RunPair pair;
  int seen = 0;
  Status deferred;  // a pair field's error seen before "type": it matters only for a pair record
  for (auto member : object) {
    od::field field;
    if (std::move(member).get(field) != simdjson::SUCCESS) return Bad("invalid JSON");
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) return Bad("invalid JSON");
    Status s;
    if (key == "type") {
      std::string_view t;
      if (field.value().get_string().get(t) != simdjson::SUCCESS) return Bad("'type' is not a string");
      type.assign(t);
      if (type != "pair" && type != "summary") return Status::OK();  // not ours: skip the rest
    } else if (key == "a" && (type.empty() || type == "pair")) {
      seen |= 1;
      s = ReadUnit(field.value(), "a", &pair.a);
    } else if (key == "b" && (type.empty() || type == "pair")) {
      seen |= 2;
      s = ReadUnit(field.value(), "b", &pair.b);
    } else if (key == "similarity" && (type.empty() || type == "pair")) {
      if (field.value().get_double().get(pair.similarity) != simdjson::SUCCESS) {
        return Bad("'similarity' is not a number");
      }
    } else if (key == "settings" && (type.empty() || type == "summary")) {
      s = ReadSettings(field.value(), run);
    }
    if (!s.ok()) {
      if (!type.empty()) return s;
      if (deferred.ok()) deferred = s;
    }
  }
  if (type.empty()) return Bad("missing field 'type'");
  if (type == "pair" && !deferred.ok()) return deferred;
  if (type == "pair") {
    if (seen != 3) return Bad(std::string("pair record lacks field '") + ((seen & 1) ? "b" : "a") + "'");
    run->pairs.push_back(std::move(pair));
  }
  return Status::OK();
}

StatusOr<RunOutput> ParseRunStream(std::unique_ptr<internal::ByteStream> stream, std::string_view name) {
  RunOutput run;
  run.name.assign(name);
  internal::LineReader lines(std::move(stream));
  od::parser parser;
  std::string_view line;
  bool terminated = false;
  size_t line_no = 0;
  while (lines.Next(&line, &terminated)) {
    ++line_no;
    line = TrimRight(line);
    if (line.empty()) continue;
    if (Status s = ParseRunLine(&parser, line, &run); !s.ok()) {
      return Bad(std::string(name) + ":" + std::to_string(line_no) + ": " + s.message());
    }
  }
  if (!lines.status().ok()) return Status::IOError(std::string(name) + ": " + lines.status().message());
  return run;
}

bool Overlaps(ByteRange a, ByteRange b) { return a.begin < b.end && b.begin < a.end; }

bool SideMatches(const GoldSide& g, const UnitSpan& u) {
  return g.resolved && g.doc == u.doc && Overlaps(g.range, u.range);
}

bool PairMatches(const GoldPair& g, const RunPair& r) {
  return (SideMatches(g.a, r.a) && SideMatches(g.b, r.b)) ||
         (SideMatches(g.a, r.b) && SideMatches(g.b, r.a));
}

// Unordered key of two document ids.
std::string DocKey(const std::string& x, const std::string& y) {
  const std::string& lo = x < y ? x : y;
  const std::string& hi = x < y ? y : x;
  std::string key = lo;
  key.push_back('\0');
  key.append(hi);
  return key;
}

// Unordered key of a pair of paragraphs (document + byte range).
std::string PairKey(const RunPair& p) {
  auto side = [](const UnitSpan& u) {
    return u.doc + '\0' + std::to_string(u.range.begin) + ':' + std::to_string(u.range.end);
  };
  std::string x = side(p.a), y = side(p.b);
  if (y < x) std::swap(x, y);
  return x + '\x01' + y;
}

double Ratio(size_t num, size_t den) {
  return den == 0 ? std::numeric_limits<double>::quiet_NaN()
                  : static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

StatusOr<RunOutput> ParseRun(std::string_view contents, std::string_view name) {
  return ParseRunStream(std::make_unique<internal::MemoryStream>(contents), name);
}

StatusOr<RunOutput> ReadRunFile(const std::string& path) {
  if (path == "-") return ParseRunStream(std::make_unique<internal::FdStream>(0, false), "<stdin>");
  auto stream = internal::OpenFileStream(path);
  if (!stream.ok()) return Status::IOError(path + ": " + stream.status().message());
  return ParseRunStream(std::move(stream).value(), path);
}

RunOutput RunFromScan(const ScanResult& result, std::string name) {
  RunOutput run;
  run.name = std::move(name);
  run.pairs.reserve(result.pairs.size());
  auto unit = [&](uint32_t u, ByteRange span) {
    const UnitRef& ref = result.units[u];
    return UnitSpan{result.doc_ids[ref.doc], ref.para, span};
  };
  for (const Pair& p : result.pairs) {
    run.pairs.push_back(RunPair{unit(p.a, p.span_a), unit(p.b, p.span_b), p.similarity});
  }
  return run;
}

std::vector<std::string> SettingsDifferences(const RunOutput& run, const RunOutput& reference) {
  std::vector<std::string> out;
  if (run.settings.empty() || reference.settings.empty()) return out;
  std::map<std::string, std::string> mine, theirs;  // a key given twice: the last value counts
  for (const auto& [key, value] : run.settings) mine[key] = value;
  for (const auto& [key, value] : reference.settings) theirs[key] = value;
  for (const auto& [key, value] : mine) {
    auto it = theirs.find(key);
    if (key != "exact" && (it == theirs.end() || it->second != value)) out.push_back(key);
  }
  for (const auto& [key, value] : theirs) {
    if (key != "exact" && !mine.contains(key)) out.push_back(key);
  }
  return out;
}

GoldScore ScoreAgainstGold(const RunOutput& run, const std::vector<GoldPair>& gold, const EvalOptions& options) {
  GoldScore s;
  s.run_pairs = run.pairs.size();
  s.match.assign(run.pairs.size(), kNoMatch);
  s.scored.assign(run.pairs.size(), false);
  s.gold_found.assign(gold.size(), false);
  s.gold_scored.assign(gold.size(), false);

  std::unordered_map<std::string, size_t> label_index;
  std::vector<size_t> label_of(gold.size());
  std::unordered_map<std::string, std::vector<size_t>> by_docs;  // doc pair -> gold pairs
  for (size_t i = 0; i < gold.size(); ++i) {
    const GoldPair& g = gold[i];
    auto [it, added] = label_index.emplace(g.label, s.labels.size());
    if (added) s.labels.push_back(LabelScore{g.label});
    label_of[i] = it->second;
    if (options.cross_doc_only && g.a.doc == g.b.doc) {
      ++s.gold_set_aside;
      continue;
    }
    s.gold_scored[i] = true;
    (g.optional ? s.labels[label_of[i]].optional : s.labels[label_of[i]].required)++;
    (g.optional ? s.optional : s.required)++;
    by_docs[DocKey(g.a.doc, g.b.doc)].push_back(i);
  }

  for (size_t r = 0; r < run.pairs.size(); ++r) {
    const RunPair& p = run.pairs[r];
    if (options.cross_doc_only && p.a.doc == p.b.doc) {
      ++s.set_aside;
      continue;
    }
    s.scored[r] = true;
    size_t best = kNoMatch;
    if (auto it = by_docs.find(DocKey(p.a.doc, p.b.doc)); it != by_docs.end()) {
      for (size_t g : it->second) {
        if (!PairMatches(gold[g], p)) continue;
        s.gold_found[g] = true;
        if (best == kNoMatch || (gold[best].optional && !gold[g].optional)) best = g;
      }
    }
    s.match[r] = best;
    if (best == kNoMatch) {
      ++s.wrong;
    } else {
      ++s.labels[label_of[best]].run_pairs;
      (gold[best].optional ? s.neutral : s.correct)++;
    }
  }
  for (size_t g = 0; g < gold.size(); ++g) {
    if (!s.gold_found[g]) continue;
    (gold[g].optional ? s.labels[label_of[g]].optional_found : s.labels[label_of[g]].found)++;
    (gold[g].optional ? s.optional_found : s.found)++;
  }
  s.precision = Ratio(s.correct, s.correct + s.wrong);
  s.recall = Ratio(s.found, s.required);
  if (std::isnan(s.precision) || std::isnan(s.recall)) {
    s.f1 = std::numeric_limits<double>::quiet_NaN();
  } else {
    s.f1 = s.precision + s.recall == 0 ? 0 : 2 * s.precision * s.recall / (s.precision + s.recall);
  }
  return s;
}

ReferenceScore ScoreAgainstReference(const RunOutput& run, const RunOutput& reference, const EvalOptions& options) {
  ReferenceScore s;
  auto skip = [&](const RunPair& p) { return options.cross_doc_only && p.a.doc == p.b.doc; };
  std::unordered_set<std::string> in_run, in_ref;
  for (const RunPair& p : run.pairs) {
    if (!skip(p)) in_run.insert(PairKey(p));
  }
  for (size_t i = 0; i < reference.pairs.size(); ++i) {
    const RunPair& p = reference.pairs[i];
    if (skip(p)) continue;
    std::string key = PairKey(p);
    if (!in_ref.insert(key).second) continue;  // listed twice: count once
    ++s.reference_pairs;
    if (in_run.contains(key)) {
      ++s.found;
    } else {
      ++s.missing;
      s.missing_pairs.push_back(i);
    }
  }
  std::unordered_set<std::string> counted;
  for (size_t i = 0; i < run.pairs.size(); ++i) {
    const RunPair& p = run.pairs[i];
    if (skip(p)) continue;
    std::string key = PairKey(p);
    if (!counted.insert(key).second) continue;
    ++s.run_pairs;
    if (!in_ref.contains(key)) {
      ++s.extra;
      s.extra_pairs.push_back(i);
    }
  }
  s.recall = Ratio(s.found, s.reference_pairs);
  s.loss = std::isnan(s.recall) ? s.recall : 1 - s.recall;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Report writers.

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
    line += "  \"" + Quote(std::string_view{*text}.substr(u.range.begin, u.range.end - u.range.begin), 90) + "\"";
  }
  return line;
}

std::string Describe(const GoldSide& g) {
  std::string line = g.doc;
  if (g.resolved) line += " [" + std::to_string(g.range.begin) + "," + std::to_string(g.range.end) + ")";
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
    buf += "\ngold " + r.gold_name + (r.options.cross_doc_only ? " (cross-document pairs only)" : "") + "\n";
    char line[256];
    std::snprintf(line, sizeof line,
                  "  run pairs scored  %zu (correct %zu, wrong %zu; %zu matching only optional gold "
                  "pairs and %zu inside one document not scored)\n",
                  g.correct + g.wrong, g.correct, g.wrong, g.neutral, g.set_aside);
    buf += line;
    std::snprintf(line, sizeof line, "  gold pairs found  %zu of %zu required (optional: %zu of %zu)\n",
                  g.found, g.required, g.optional_found, g.optional);
    buf += line;
    buf += "  precision " + Fixed(g.precision) + "  recall " + Fixed(g.recall) + "  F1 " + Fixed(g.f1) + "\n";
    buf += "\n  label                            found/required  optional  run pairs\n";
    for (const LabelScore& l : g.labels) {
      // The label comes from the gold file and may be of any length: appended, not formatted into
      // the fixed buffer (which would cut a long one off, and the row's counts and newline with it).
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
      buf += "  - " + Describe(run.pairs[i].a, r.text_of) + "\n    " + Describe(run.pairs[i].b, r.text_of) +
             "\n    similarity " + Fixed(run.pairs[i].similarity) + "\n";
    }
    header = false;
    for (size_t i = 0; i < r.gold->size(); ++i) {
      const GoldPair& p = (*r.gold)[i];
      if (!g.gold_scored[i] || g.gold_found[i] || p.optional) continue;
      if (!header) buf += "\n  missed gold pairs:\n";
      header = true;
      buf += "  - " + p.source + (p.label.empty() ? "" : " (" + p.label + ")") + "\n    " + Describe(p.a) +
             "\n    " + Describe(p.b) + "\n";
    }
  }
  if (r.reference_score != nullptr) {
    const ReferenceScore& s = *r.reference_score;
    buf += "\nreference " + r.reference->name + (r.options.cross_doc_only ? " (cross-document pairs only)" : "") + "\n";
    buf += "  reference pairs " + std::to_string(s.reference_pairs) + ", found " + std::to_string(s.found) +
           ", missing " + std::to_string(s.missing) + "\n";
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
