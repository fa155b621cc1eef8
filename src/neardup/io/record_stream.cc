// RecordStream: LineReader + ParseJsonlRecord over a file descriptor that reports when a read would
// block; AppendWithField.

#include "neardup/io/record_stream.h"

#include <poll.h>
#include <simdjson.h>

#include <utility>

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

void AppendWithField(std::string_view record, std::string_view name, std::string_view json_value,
                     std::string* out) {
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
