// Run files (a `neardup scan` JSONL report) read back for scoring: simdjson On-Demand over
// LineReader (evaluation.h: ParseRun, ReadRunFile, RunFromScan, SettingsDifferences).

#include <simdjson.h>

#include <map>
#include <memory>

#include "neardup/base/json_writer.h"
#include "neardup/evaluation.h"
#include "neardup/io/jsonl_reader.h"
#include "neardup/io/line_reader.h"

namespace neardup {
namespace {

namespace od = simdjson::ondemand;

static_assert(internal::LineReader::kPadding >= simdjson::SIMDJSON_PADDING);

Status Bad(std::string what) { return Status::InvalidArgument(std::move(what)); }

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
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
      if (type == od::json_type::string &&
          field.value().get_string().get(str) == simdjson::SUCCESS) {
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
  if (seen != 15) {
    return Bad(std::string("pair field '") + name + "' needs doc, para, start and end");
  }
  if (unit->range.begin > unit->range.end) {
    return Bad(std::string("pair field '") + name + "': start > end");
  }
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
      if (field.value().get_object().get(o) != simdjson::SUCCESS || o.raw_json().get(raw)) {
        return Bad("invalid JSON");
      }
    } else if (type == od::json_type::array) {
      od::array a;
      if (field.value().get_array().get(a) != simdjson::SUCCESS || a.raw_json().get(raw)) {
        return Bad("invalid JSON");
      }
    } else {
      raw = TrimRight(field.value().raw_json_token());
    }
    run->settings.emplace_back(std::string(key), std::string(raw));
  }
  return Status::OK();
}

Status ParseRunLine(od::parser* parser, std::string_view line, RunOutput* run) {
  od::document doc;
  if (parser->iterate(line.data(), line.size(), line.size() + internal::LineReader::kPadding)
          .get(doc)) {
    return Bad("invalid JSON");
  }
  od::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS) {
    return Bad(internal::NotAnObjectMessage(line));
  }
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
      if (field.value().get_string().get(t) != simdjson::SUCCESS) {
        return Bad("'type' is not a string");
      }
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
    if (seen != 3) {
      return Bad(std::string("pair record lacks field '") + ((seen & 1) ? "b" : "a") + "'");
    }
    run->pairs.push_back(std::move(pair));
  }
  return Status::OK();
}

StatusOr<RunOutput> ParseRunStream(std::unique_ptr<internal::ByteStream> stream,
                                   std::string_view name) {
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
  if (!lines.status().ok()) {
    return Status::IOError(std::string(name) + ": " + lines.status().message());
  }
  return run;
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

}  // namespace neardup
