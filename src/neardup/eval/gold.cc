// Gold file parsing (simdjson On-Demand, one padded copy per line) and phrase resolution.

#include "neardup/gold.h"

#include <simdjson.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

#include "neardup/io/jsonl_reader.h"
#include "neardup/io/line_reader.h"

namespace neardup {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

std::string Describe(error_code e) { return internal::DescribeJsonError(e); }

// Reads an integer in [0, 2^32) from `v` into *out; `what` names the field in messages.
Status ReadOffset(od::value v, const std::string& what, uint32_t* out) {
  od::json_type type;
  if (error_code e = v.type().get(type)) return Status::InvalidArgument(what + ": " + Describe(e));
  if (type != od::json_type::number) return Status::InvalidArgument(what + " is not an integer");
  int64_t n = 0;
  if (v.get_int64().get(n) != simdjson::SUCCESS) {
    return Status::InvalidArgument(what + " is not an integer below 2^32");
  }
  if (n < 0 || n > int64_t{std::numeric_limits<uint32_t>::max()}) {
    return Status::InvalidArgument(what + " is out of range [0, 2^32)");
  }
  *out = static_cast<uint32_t>(n);
  return Status::OK();
}

// Reads a string value into *out; `what` names the field in messages.
Status ReadString(od::value v, const std::string& what, std::string* out) {
  od::json_type type;
  if (error_code e = v.type().get(type)) return Status::InvalidArgument(what + ": " + Describe(e));
  if (type != od::json_type::string) return Status::InvalidArgument(what + " is not a string");
  std::string_view s;
  if (error_code e = v.get_string().get(s)) {
    return Status::InvalidArgument(what + ": " + Describe(e));
  }
  out->assign(s);
  return Status::OK();
}

// A document id: a string, or an integer kept as written (as the corpus reader does).
Status ReadDocId(od::value v, const std::string& what, std::string* out) {
  od::json_type type;
  if (error_code e = v.type().get(type)) return Status::InvalidArgument(what + ": " + Describe(e));
  if (type == od::json_type::string) return ReadString(v, what, out);
  if (type == od::json_type::number) {
    int64_t n = 0;
    if (v.get_int64().get(n) == simdjson::SUCCESS) {
      *out = std::to_string(n);
      return Status::OK();
    }
  }
  return Status::InvalidArgument(what + " is not a string or integer");
}

Status ReadSide(od::value v, const std::string& name, GoldSide* side) {
  od::object object;
  if (v.get_object().get(object) != simdjson::SUCCESS) {
    return Status::InvalidArgument("field '" + name + "' is not an object");
  }
  bool have_doc = false, have_phrase = false, have_start = false, have_end = false;
  for (auto member : object) {
    od::field field;
    if (error_code e = std::move(member).get(field)) return Status::InvalidArgument(Describe(e));
    std::string_view key;
    if (error_code e = field.unescaped_key().get(key)) return Status::InvalidArgument(Describe(e));
    const std::string what = "'" + name + "." + std::string(key) + "'";
    bool* seen = nullptr;
    Status s;
    if (key == "doc") {
      seen = &have_doc;
      s = ReadDocId(field.value(), what, &side->doc);
    } else if (key == "phrase") {
      seen = &have_phrase;
      s = ReadString(field.value(), what, &side->phrase);
      if (s.ok() && side->phrase.empty()) s = Status::InvalidArgument(what + " is empty");
    } else if (key == "start") {
      seen = &have_start;
      s = ReadOffset(field.value(), what, &side->range.begin);
    } else if (key == "end") {
      seen = &have_end;
      s = ReadOffset(field.value(), what, &side->range.end);
    } else {
      return Status::InvalidArgument("unknown field " + what +
                                     " (expected doc, phrase, start, end)");
    }
    if (*seen) return Status::InvalidArgument("field " + what + " given twice");
    *seen = true;
    if (!s.ok()) return s;
  }
  if (!have_doc) return Status::InvalidArgument("field '" + name + "' lacks 'doc'");
  if (have_phrase && (have_start || have_end)) {
    return Status::InvalidArgument("field '" + name + "' has both a phrase and a byte range");
  }
  if (have_phrase) return Status::OK();
  if (!have_start || !have_end) {
    return Status::InvalidArgument("field '" + name +
                                   "' needs a 'phrase' or both 'start' and 'end'");
  }
  if (side->range.begin >= side->range.end) {
    return Status::InvalidArgument("field '" + name + "': start must be below end");
  }
  side->resolved = true;
  return Status::OK();
}

Status ParseLine(od::parser* parser, const simdjson::padded_string& line, GoldPair* pair) {
  od::document doc;
  if (error_code e = parser->iterate(line).get(doc)) return Status::InvalidArgument(Describe(e));
  od::object object;
  if (error_code e = doc.get_object().get(object)) {
    return Status::InvalidArgument(
        e == simdjson::INCORRECT_TYPE
            ? internal::NotAnObjectMessage(std::string_view(line.data(), line.size()))
            : Describe(e));
  }
  bool have_a = false, have_b = false, have_label = false, have_optional = false;
  for (auto member : object) {
    od::field field;
    if (error_code e = std::move(member).get(field)) return Status::InvalidArgument(Describe(e));
    std::string_view key;
    if (error_code e = field.unescaped_key().get(key)) return Status::InvalidArgument(Describe(e));
    bool* seen = nullptr;
    Status s;
    if (key == "a") {
      seen = &have_a;
      s = ReadSide(field.value(), "a", &pair->a);
    } else if (key == "b") {
      seen = &have_b;
      s = ReadSide(field.value(), "b", &pair->b);
    } else if (key == "label") {
      seen = &have_label;
      s = ReadString(field.value(), "'label'", &pair->label);
    } else if (key == "optional") {
      seen = &have_optional;
      if (field.value().get_bool().get(pair->optional) != simdjson::SUCCESS) {
        s = Status::InvalidArgument("'optional' is not true or false");
      }
    } else {
      return Status::InvalidArgument("unknown field '" + std::string(key) +
                                     "' (expected a, b, label, optional)");
    }
    if (*seen) return Status::InvalidArgument("field '" + std::string(key) + "' given twice");
    *seen = true;
    if (!s.ok()) return s;
  }
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return Status::InvalidArgument("trailing content after the JSON object");
  }
  if (!have_a || !have_b) {
    return Status::InvalidArgument(std::string("missing field '") + (have_a ? "b" : "a") + "'");
  }
  return Status::OK();
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

Status ResolveSide(GoldSide* side, const char* which, const std::string& source,
                   const TextLookup& text_of) {
  const std::string* text = text_of(side->doc);
  const std::string where = source + ": side " + which + ": ";
  if (text == nullptr) {
    return Status::InvalidArgument(where + "document '" + side->doc + "' is not in the corpus");
  }
  if (side->phrase.empty()) {
    if (side->range.end > text->size()) {
      return Status::InvalidArgument(where + "end " + std::to_string(side->range.end) +
                                     " is past the end of document '" + side->doc + "' (" +
                                     std::to_string(text->size()) + " bytes)");
    }
    return Status::OK();
  }
  const size_t at = text->find(side->phrase);
  if (at == std::string::npos) {
    return Status::InvalidArgument(where + "phrase not found in document '" + side->doc + "'");
  }
  if (text->find(side->phrase, at + 1) != std::string::npos) {
    return Status::InvalidArgument(where + "phrase occurs more than once in document '" +
                                   side->doc + "' (make it longer)");
  }
  side->range.begin = static_cast<uint32_t>(at);
  side->range.end = static_cast<uint32_t>(at + side->phrase.size());
  side->resolved = true;
  return Status::OK();
}

}  // namespace

StatusOr<std::vector<GoldPair>> ParseGold(std::string_view contents, std::string_view name) {
  std::vector<GoldPair> pairs;
  od::parser parser;
  size_t line_no = 0;
  while (!contents.empty()) {
    ++line_no;
    const size_t nl = contents.find('\n');
    const std::string_view line = contents.substr(0, nl);
    contents.remove_prefix(nl == std::string_view::npos ? contents.size() : nl + 1);
    if (IsBlank(line)) continue;
    const std::string source = std::string(name) + ":" + std::to_string(line_no);
    GoldPair pair;
    if (Status s = ParseLine(&parser, simdjson::padded_string(line), &pair); !s.ok()) {
      return Status::InvalidArgument(source + ": " + s.message());
    }
    pair.source = source;
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

StatusOr<std::vector<GoldPair>> ReadGoldFile(const std::string& path) {
  auto stream = internal::OpenFileStream(path);
  if (!stream.ok()) return Status::IOError(path + ": " + stream.status().message());
  std::string contents;
  if (Status s = internal::ReadAll(stream->get(), &contents); !s.ok()) {
    return Status::IOError(path + ": " + s.message());
  }
  return ParseGold(contents, path);
}

bool NeedsTexts(const std::vector<GoldPair>& pairs) {
  for (const GoldPair& p : pairs) {
    if (!p.a.phrase.empty() || !p.b.phrase.empty()) return true;
  }
  return false;
}

Status ResolvePhrases(std::vector<GoldPair>* pairs, const TextLookup& text_of) {
  for (GoldPair& p : *pairs) {
    if (Status s = ResolveSide(&p.a, "a", p.source, text_of); !s.ok()) return s;
    if (Status s = ResolveSide(&p.b, "b", p.source, text_of); !s.ok()) return s;
  }
  return Status::OK();
}

}  // namespace neardup
