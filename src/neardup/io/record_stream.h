// RecordStream: JSONL records read one line at a time from a file descriptor, each with its raw
// bytes kept so a filter can write the record back unchanged; and AppendWithField, which adds one
// field to such a record. Thread-safety: one RecordStream per thread; AppendWithField is pure.
#ifndef NEARDUP_RECORD_STREAM_H_
#define NEARDUP_RECORD_STREAM_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"

namespace neardup {

class RecordStream {
 public:
  enum class Result {
    kRecord,     // *doc holds the record's id and text; doc->source = "NAME:LINE"
    kBadRecord,  // a valid JSON object without a usable id or text; *error = "NAME:LINE: what is
                 // wrong"
    kMalformed,  // not a JSON object (invalid JSON, an array, ...); *error = "NAME:LINE: what is
                 // wrong"
    kEnd,        // end of input
    kReadError,  // *error = "NAME: read error: ..."; the stream is finished
  };

  // Reads `fd` (not owned; kept open). `name` names the stream in messages ("<stdin>"). `on_idle`,
  // if set, is called whenever the next read would block because no input is waiting — the moment
  // a filter should make its pending verdicts durable and flush them, so a slow producer still
  // gets prompt answers.
  RecordStream(int fd, std::string name, const ReaderOptions& options,
               std::function<void()> on_idle = {});
  ~RecordStream();
  RecordStream(const RecordStream&) = delete;
  RecordStream& operator=(const RecordStream&) = delete;

  // The next non-blank line. *line is its raw bytes (without the '\n' and a byte order mark opening
  // the stream), valid until the next call; set for kRecord, kBadRecord and kMalformed.
  Result Next(std::string_view* line, Document* doc, std::string* error);
  // Line number (from 1) of the line last returned.
  uint64_t line_number() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Appends `record` — one JSON object, as read — to *out with `"name":json_value` added as its last
// member: everything up to the closing brace is copied byte for byte (trailing spaces and a '\r'
// after the brace are dropped). `record` must be a valid JSON object (RecordStream kRecord lines
// are).
void AppendWithField(std::string_view record, std::string_view name, std::string_view json_value,
                     std::string* out);

}  // namespace neardup

#endif  // NEARDUP_RECORD_STREAM_H_
