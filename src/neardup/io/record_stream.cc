// RecordStream: LineReader + ParseJsonlRecord over a file descriptor that reports when a read would
// block; AppendWithField.

#include "neardup/io/record_stream.h"

#include <poll.h>
#include <simdjson.h>

#include <optional>
#include <utility>
#include <vector>

#include "neardup/io/jsonl_reader.h"
#include "neardup/io/line_reader.h"

namespace neardup {
namespace {

// An FdStream that calls on_idle before a read that would block.
class IdleAwareStream final : public internal::ByteStream {
 public:
  IdleAwareStream(int fd, std::function<void()> on_idle)
      : fd_(fd), inner_(fd, false), on_idle_(std::move(on_idle)) {}
  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (on_idle_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 0) == 0) on_idle_();
    }
    return inner_.Read(buf, n);
  }
  size_t SizeHint() const override { return inner_.SizeHint(); }

 private:
  int fd_;
  internal::FdStream inner_;
  std::function<void()> on_idle_;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

struct RecordStream::State {
  State(int fd, std::string n, ReaderOptions o, std::function<void()> on_idle)
      : lines(std::make_unique<IdleAwareStream>(fd, std::move(on_idle))),
        name(std::move(n)),
        options(std::move(o)) {}
  internal::LineReader lines;
  std::string name;
  ReaderOptions options;
  simdjson::ondemand::parser parser;
  uint64_t line_number = 0;
};

RecordStream::RecordStream(int fd, std::string name, const ReaderOptions& options,
                           std::function<void()> on_idle)
    : state_(std::make_unique<State>(fd, std::move(name), options, std::move(on_idle))) {}
RecordStream::~RecordStream() = default;

uint64_t RecordStream::line_number() const { return state_->line_number; }

RecordStream::Result RecordStream::Next(std::string_view* line, Document* doc, std::string* error) {
  State& s = *state_;
  bool terminated = false;
  while (s.lines.Next(line, &terminated)) {
    ++s.line_number;
    if (s.line_number == 1 && line->starts_with("\xEF\xBB\xBF")) line->remove_prefix(3);
    if (line->find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = s.name + ":" + std::to_string(s.line_number);
    Status st = internal::ParseJsonlRecord(&s.parser, *line, s.options, &doc->id, &doc->text);
    if (st.ok()) {
      doc->source = where;
      return Result::kRecord;
    }
    *error = where + ": " + st.message();
    if (!terminated) *error += " (last line has no newline: truncated?)";
    // Is it a valid object that merely lacks the fields? Parse again asking for a field no
    // record has: the whole object is validated and only "missing field" can remain.
    ReaderOptions probe = s.options;
    probe.id_field = probe.text_field = std::string("\x01");
    std::string id, text;
    const Status again = internal::ParseJsonlRecord(&s.parser, *line, probe, &id, &text);
    return again.message().starts_with("missing field") ? Result::kBadRecord : Result::kMalformed;
  }
  if (s.lines.status().ok()) return Result::kEnd;
  *error = s.name + ": read error: " + s.lines.status().message();
  return Result::kReadError;
}

namespace {

// The byte span of the top-level member `name` of `record` to cut so that the record stays a
// valid object without it: the member with the comma that joins it to its neighbour (and the
// spaces between). *raw_value, when non-null, gets a scalar value's raw text. nullopt when absent
// or not a JSON object.
std::optional<std::pair<size_t, size_t>> TopLevelMember(std::string_view record,
                                                        std::string_view name,
                                                        std::string_view* raw_value) {
  simdjson::padded_string padded(record);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(object)) return std::nullopt;
  const char* base = padded.data();
  std::vector<size_t> keys;  // where each member's key begins (its opening quote)
  size_t found = SIZE_MAX;
  for (auto field : object) {
    simdjson::ondemand::raw_json_string raw_key;
    std::string_view key;
    if (field.key().get(raw_key) || field.unescaped_key().get(key)) return std::nullopt;
    keys.push_back(static_cast<size_t>(raw_key.raw() - base) - 1);
    if (key == name && found == SIZE_MAX) {
      found = keys.size() - 1;
      std::string_view token;
      if (raw_value != nullptr && !field.value().raw_json_token().get(token)) {
        while (!token.empty() && IsSpace(token.back())) token.remove_suffix(1);
        *raw_value = record.substr(static_cast<size_t>(token.data() - base), token.size());
      }
    }
  }
  if (found == SIZE_MAX) return std::nullopt;
  if (found + 1 < keys.size()) return std::make_pair(keys[found], keys[found + 1]);
  size_t close = record.find_last_of('}');
  if (close == std::string_view::npos || close < keys[found]) return std::nullopt;
  if (found == 0) return std::make_pair(keys[found], close);
  size_t begin = keys[found];  // the last member: the comma before it goes
  while (begin > 0 && record[begin - 1] != ',') --begin;
  return begin == 0 ? std::nullopt : std::make_optional(std::make_pair(begin - 1, close));
}

}  // namespace

std::string_view RawMember(std::string_view record, std::string_view name) {
  std::string_view raw;
  if (!TopLevelMember(record, name, &raw)) return {};
  return raw;
}

void AppendWithField(std::string_view record, std::string_view name, std::string_view json_value,
                     std::string* out) {
  // A member of the same name is removed first (with the comma that joins it to its neighbour),
  // so the record never holds the name twice.
  std::string without;
  if (const auto cut = TopLevelMember(record, name, nullptr)) {
    without.assign(record.substr(0, cut->first));
    without.append(record.substr(cut->second));
    record = without;
  }
  size_t end = record.size();
  while (end > 0 && IsSpace(record[end - 1])) --end;
  // record[end - 1] is the closing brace; is there any member before it?
  size_t last = end - 1;
  size_t prev = last;
  while (prev > 0 && IsSpace(record[prev - 1])) --prev;
  const bool empty = prev > 0 && record[prev - 1] == '{';
  out->append(record.substr(0, last));
  if (!empty) out->push_back(',');
  out->push_back('"');
  out->append(name);
  out->append("\":");
  out->append(json_value);
  out->push_back('}');
}

}  // namespace neardup
