// JSONL record decoding with simdjson On-Demand, validating every value of the line.

#include "neardup/io/jsonl_reader.h"

#include <utility>

#include "neardup/base/utf8.h"

namespace neardup::internal {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

static_assert(LineReader::kPadding >= simdjson::SIMDJSON_PADDING, "lines need simdjson's padding");

// Nesting deeper than this is rejected (simdjson's own default limit).
constexpr int kMaxDepth = 1024;

// Parser buffers grown past this by a long line are shrunk back to it afterwards.
constexpr size_t kKeepCapacity = size_t{16} << 20;

}  // namespace

std::string DescribeJsonError(error_code e) {
  switch (e) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "invalid JSON structure";
    case simdjson::STRING_ERROR:
      return "invalid string (bad escape or lone surrogate)";
    case simdjson::UNCLOSED_STRING:
      return "unclosed string";
    case simdjson::UNESCAPED_CHARS:
      return "unescaped control character in a string";
    case simdjson::UTF8_ERROR:
      return "invalid UTF-8";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "invalid literal";
    case simdjson::NUMBER_ERROR:
      return "invalid number";
    case simdjson::DEPTH_ERROR:
      return "nesting too deep";
    case simdjson::CAPACITY:
      return "line too long for the JSON parser";
    case simdjson::MEMALLOC:
      return "out of memory";
    default:
      return std::string("invalid JSON (") + simdjson::error_message(e) + ")";
  }
}

namespace {

Status Bad(std::string what) { return Status::InvalidArgument(std::move(what)); }
Status Bad(error_code e) { return Status::InvalidArgument(DescribeJsonError(e)); }

std::string_view TrimTrailingSpace(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// True when `s` is a JSON number (RFC 8259 §6); with `integer_only`, one without fraction or
// exponent.
bool IsJsonNumber(std::string_view s, bool integer_only) {
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (IsDigit(s[i])) {
    while (i < n && IsDigit(s[i])) ++i;
  } else {
    return false;
  }
  if (integer_only) return i == n;
  if (i < n && s[i] == '.') {
    ++i;
    if (i >= n || !IsDigit(s[i])) return false;
    while (i < n && IsDigit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !IsDigit(s[i])) return false;
    while (i < n && IsDigit(s[i])) ++i;
  }
  return i == n;
}

// Walks `value` completely so that every syntax error inside it is found.
Status Validate(od::value value, int depth) {
  if (depth > kMaxDepth) return Bad(simdjson::DEPTH_ERROR);
  od::json_type type;
  if (error_code e = value.type().get(type)) return Bad(e);
  switch (type) {
    case od::json_type::array: {
      od::array array;
      if (error_code e = value.get_array().get(array)) return Bad(e);
      for (auto element : array) {
        od::value v;
        if (error_code e = element.get(v)) return Bad(e);
        if (Status s = Validate(v, depth + 1); !s.ok()) return s;
      }
      return Status::OK();
    }
    case od::json_type::object: {
      od::object object;
      if (error_code e = value.get_object().get(object)) return Bad(e);
      for (auto member : object) {
        od::field field;
        if (error_code e = std::move(member).get(field)) return Bad(e);
        std::string_view key;
        if (error_code e = field.unescaped_key().get(key)) return Bad(e);
        if (Status s = Validate(field.value(), depth + 1); !s.ok()) return s;
      }
      return Status::OK();
    }
    case od::json_type::number: {
      if (!IsJsonNumber(TrimTrailingSpace(value.raw_json_token()), false)) {
        return Bad(simdjson::NUMBER_ERROR);
      }
      return Status::OK();
    }
    case od::json_type::string: {
      std::string_view s;
      if (error_code e = value.get_string().get(s)) return Bad(e);
      return Status::OK();
    }
    case od::json_type::boolean: {
      bool b;
      if (value.get_bool().get(b) != simdjson::SUCCESS) return Bad(simdjson::T_ATOM_ERROR);
      return Status::OK();
    }
    case od::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
        return Bad(simdjson::N_ATOM_ERROR);
      }
      return Status::OK();
    }
  }
  return Bad(simdjson::TAPE_ERROR);
}

// Reads the id and/or text field `key` (is_id/is_text say which) from `value`.
Status ReadField(od::value value, std::string_view key, bool is_id, bool is_text, std::string* id,
                 std::string* text) {
  od::json_type type;
  if (error_code e = value.type().get(type)) return Bad(e);
  if (type == od::json_type::string) {
    std::string_view s;
    if (error_code e = value.get_string().get(s)) {
      return Bad("field '" + std::string(key) + "': " + DescribeJsonError(e));
    }
    if (is_id) id->assign(s);
    if (is_text) text->assign(s);
    return Status::OK();
  }
  if (is_text) return Bad("field '" + std::string(key) + "' is not a string");
  if (type == od::json_type::number) {
    const std::string_view token = TrimTrailingSpace(value.raw_json_token());
    if (IsJsonNumber(token, true)) {
      id->assign(token);
      return Status::OK();
    }
    if (!IsJsonNumber(token, false)) return Bad(simdjson::NUMBER_ERROR);
  }
  return Bad("field '" + std::string(key) + "' is not a string or integer");
}

}  // namespace

const char* NotAnObjectMessage(std::string_view line) {
  const size_t first = line.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "invalid JSON";
  const char c = line[first];
  const std::string_view rest = line.substr(first);
  const bool value_like = c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') ||
                          rest.starts_with("true") || rest.starts_with("false") ||
                          rest.starts_with("null");
  return value_like ? "not a JSON object" : "invalid JSON";
}

namespace {

// What ParseJsonlRecord looks for and what it found so far.
struct FieldSearch {
  const ReaderOptions* options;
  std::string_view line;
  std::string* id;
  std::string* text;
  ByteRange text_value;
  bool have_id = false;
  bool have_text = false;
};

// True when dotted path `field` goes on below member path `path` ("a" below "a.b").
bool Descends(std::string_view field, std::string_view path) {
  return field.size() > path.size() && field[path.size()] == '.' && field.starts_with(path);
}

// Walks the members of `object`, whose member paths start with `prefix` ("" at the top level),
// reading the id and text fields and validating everything else.
Status WalkObject(od::object object, const std::string& prefix, int depth, FieldSearch* f) {
  if (depth > kMaxDepth) return Bad(simdjson::DEPTH_ERROR);
  const std::string& id_field = f->options->id_field;
  const std::string& text_field = f->options->text_field;
  std::string path;
  for (auto member : object) {
    od::field field;
    if (error_code e = std::move(member).get(field)) return Bad(e);
    std::string_view key;
    if (error_code e = field.unescaped_key().get(key)) return Bad(e);
    std::string_view member_path = key;
    if (!prefix.empty()) {
      path.assign(prefix).append(".").append(key);
      member_path = path;
    }
    const bool is_id = member_path == id_field;
    const bool is_text = member_path == text_field;
    if (is_id || is_text) {
      if ((is_id && f->have_id) || (is_text && f->have_text)) {
        return Bad("duplicate field '" + std::string(member_path) + "'");
      }
      od::value value = field.value();
      if (is_text) {
        const std::string_view token = TrimTrailingSpace(value.raw_json_token());
        if (token.data() >= f->line.data() && token.data() < f->line.data() + f->line.size()) {
          const auto begin = static_cast<uint32_t>(token.data() - f->line.data());
          f->text_value = {begin, static_cast<uint32_t>(begin + token.size())};
        }
      }
      if (Status s = ReadField(value, member_path, is_id, is_text, f->id, f->text); !s.ok()) {
        return s;
      }
      f->have_id = f->have_id || is_id;
      f->have_text = f->have_text || is_text;
      continue;
    }
    if (Descends(id_field, member_path) || Descends(text_field, member_path)) {
      od::value value = field.value();
      od::json_type type;
      if (error_code e = value.type().get(type)) return Bad(e);
      if (type == od::json_type::object) {
        od::object inner;
        if (error_code e = value.get_object().get(inner)) return Bad(e);
        if (Status s = WalkObject(inner, std::string(member_path), depth + 1, f); !s.ok()) return s;
        continue;
      }
      if (Status s = Validate(value, depth + 1); !s.ok()) return s;
      continue;
    }
    if (Status s = Validate(field.value(), depth + 1); !s.ok()) return s;
  }
  return Status::OK();
}

}  // namespace

Status ParseJsonlRecord(od::parser* parser, std::string_view line, const ReaderOptions& options,
                        std::string* id, std::string* text, RecordSpans* spans) {
  od::document doc;
  if (error_code e =
          parser->iterate(line.data(), line.size(), line.size() + LineReader::kPadding).get(doc)) {
    return Bad(e);
  }
  od::object object;
  if (error_code e = doc.get_object().get(object)) {
    return e == simdjson::INCORRECT_TYPE ? Bad(NotAnObjectMessage(line)) : Bad(e);
  }
  FieldSearch f{&options, line, id, text, {}, false, false};
  if (Status s = WalkObject(object, "", 1, &f); !s.ok()) return s;
  // After the closing brace only the end of the line may follow.
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return Bad("trailing content after the JSON object");
  }
  if (!f.have_text) return Bad("missing field '" + options.text_field + "'");
  if (spans != nullptr) {
    spans->has_id = f.have_id;
    spans->text_value = f.text_value;
    if (!f.have_id) id->clear();
    return Status::OK();
  }
  if (!f.have_id) return Bad("missing field '" + options.id_field + "'");
  return Status::OK();
}

JsonlReader::JsonlReader(std::unique_ptr<ByteStream> stream, std::string name,
                         const ReaderOptions* options, od::parser* parser, uint64_t first_line)
    : lines_(std::move(stream)),
      name_(std::move(name)),
      options_(options),
      parser_(parser),
      line_number_(first_line) {}

JsonlReader::Result JsonlReader::Next(Document* doc, std::string* message) {
  std::string_view line;
  bool terminated = false;
  while (lines_.Next(&line, &terminated)) {
    ++line_number_;
    if (line_number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = name_ + ":" + std::to_string(line_number_);
    std::string utf8_warning;
    if (const Utf8Scan scan = ScanUtf8(line); !scan.valid()) {
      utf8_warning = where + ": invalid UTF-8 at byte offset " + std::to_string(scan.first_invalid);
      if (options_->invalid_utf8 == InvalidUtf8::kSkip) {
        *message = std::move(utf8_warning) + " of the line";
        return Result::kMalformed;
      }
      // U+FFFD for each ill-formed subpart; only bytes >= 0x80 change, so the JSON structure
      // does not. The copy carries the padding simdjson reads past the end.
      repaired_.clear();
      AppendReplacingInvalidUtf8(line, &repaired_);
      const size_t size = repaired_.size();
      repaired_.append(LineReader::kPadding, ' ');
      line = std::string_view(repaired_.data(), size);
      utf8_warning += " of the line (" + std::to_string(scan.invalid_count) +
                      " ill-formed sequence" + (scan.invalid_count == 1 ? "" : "s") +
                      " read as U+FFFD)";
    }
    RecordSpans spans;
    Status s = ParseJsonlRecord(parser_, line, *options_, &doc->id, &doc->text, &spans);
    if (parser_->capacity() > kKeepCapacity) {
      // One huge line must not pin its parser buffers (several times its size) for the whole run.
      const error_code shrunk = parser_->allocate(kKeepCapacity);
      (void)shrunk;  // on failure the next iterate() allocates what it needs
      if (repaired_.capacity() > kKeepCapacity) std::string().swap(repaired_);
    }
    if (s.ok()) {
      if (!spans.has_id) doc->id = where;  // no id field: the record is named by its place
      if (options_->keep_records) {
        doc->record.assign(line);
        doc->text_value = spans.text_value;
      }
      doc->source = where;
      *message = std::move(utf8_warning);
      return Result::kDocument;
    }
    *message = where + ": " + s.message();
    if (!terminated) *message += " (last line has no newline: truncated?)";
    return Result::kMalformed;
  }
  if (lines_.status().ok()) return Result::kEnd;
  *message = name_ + ": read error: " + lines_.status().message();
  return Result::kReadError;
}

}  // namespace neardup::internal
