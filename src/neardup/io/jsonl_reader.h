// JSONL decoding for CorpusReader: one JSON object per line, giving a document id and text.
// Thread-safety: one JsonlReader (and one simdjson parser) per thread.
#ifndef NEARDUP_INTERNAL_JSONL_READER_H_
#define NEARDUP_INTERNAL_JSONL_READER_H_

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/io/line_reader.h"
#include "neardup/status.h"

namespace neardup::internal {

// Decodes one JSONL record. `line` must be followed by LineReader::kPadding readable bytes. The
// whole line is validated (any malformed JSON, trailing content, bad escapes, lone surrogates,
// unescaped control characters, invalid UTF-8). On success sets *id (a string value, or an integer
// as written) and *text (the decoded string) and returns OK. Otherwise returns InvalidArgument with
// what is wrong, e.g. "missing field 'text'", without file or line; *id and *text are then
// unspecified. A field that occurs twice when it is the id or text field is an error.
// options.id_field and options.text_field may be dotted paths ("meta.id", "content.body"): each
// '.' descends into an object member; a key that itself holds the dots matches too.
// With `spans` set, a missing id is not an error (spans->has_id says whether there was one) and
// spans->text_value is the byte range in `line` of the text field's JSON string, quotes included.
struct RecordSpans {
  bool has_id = false;
  ByteRange text_value;
};
Status ParseJsonlRecord(simdjson::ondemand::parser* parser, std::string_view line,
                        const ReaderOptions& options, std::string* id, std::string* text,
                        RecordSpans* spans = nullptr);

// What a simdjson error means for a reader of the line, e.g. "unclosed string", "invalid number",
// "invalid string (bad escape or lone surrogate)"; used by every JSONL reader of outside input.
std::string DescribeJsonError(simdjson::error_code e);

// The message for a line whose top-level value simdjson would not read as an object:
// "not a JSON object" when the line starts like another JSON value (array, string, number,
// true/false/null), else "invalid JSON". O(length of the line's leading whitespace).
const char* NotAnObjectMessage(std::string_view line);

// Reads JSONL records from a byte stream, one per non-blank line (lines holding only spaces, tabs
// or '\r' are skipped silently; a UTF-8 byte order mark opening the stream is ignored).
class JsonlReader {
 public:
  enum class Result {
    kDocument,   // *doc holds the record, doc->source = "NAME:LINE"; *message is empty, or a
                 // warning "NAME:LINE: ..." about it (ill-formed UTF-8 read as U+FFFD)
    kMalformed,  // *message = "NAME:LINE: what is wrong"; the line was skipped, reading can go on
    kEnd,        // end of the stream
    kReadError,  // *message = "NAME: read error: ..."; the stream is finished
  };

  // `name` is how messages and sources name the stream ("docs.jsonl", "<stdin>"). `options` and
  // `parser` are not owned and must outlive the reader; the parser may be shared by readers used
  // one after another. `first_line`: lines of the stream before `stream` (a chunk of a file
  // starts there); line numbers count on from it, and a byte order mark is looked for only when
  // it is 0.
  JsonlReader(std::unique_ptr<ByteStream> stream, std::string name, const ReaderOptions* options,
              simdjson::ondemand::parser* parser, uint64_t first_line = 0);

  Result Next(Document* doc, std::string* message);

 private:
  LineReader lines_;
  std::string name_;
  const ReaderOptions* options_;
  simdjson::ondemand::parser* parser_;
  uint64_t line_number_ = 0;
  std::string repaired_;  // a line with ill-formed UTF-8 replaced, plus padding
};

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_JSONL_READER_H_
