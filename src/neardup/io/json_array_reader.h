// JsonArrayReader: the documents of a .json file holding one JSON array of objects, each object
// read as a JSONL record would be (same id and text fields, same checks).
// Thread-safety: one reader per thread.
#ifndef NEARDUP_IO_JSON_ARRAY_READER_H_
#define NEARDUP_IO_JSON_ARRAY_READER_H_

#include <simdjson.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/io/jsonl_reader.h"
#include "neardup/io/line_reader.h"

namespace neardup::internal {

class JsonArrayReader {
 public:
  using Result = JsonlReader::Result;
  // As JsonlReader's constructor. The whole file is read on the first Next (memory: its size,
  // plus simdjson's index of it).
  JsonArrayReader(std::unique_ptr<ByteStream> stream, std::string name,
                  const ReaderOptions* options, simdjson::ondemand::parser* parser);

  // As JsonlReader::Next. Sources are "NAME:LINE", the line on which the object starts. A file
  // that is not a JSON array (or not valid JSON) gives one kMalformed and then kEnd; an element
  // that is not an object, or lacks the text field, is kMalformed and reading goes on. With
  // keep_records, Document::record is the object as written, or minified when it spans lines
  // (a JSONL writer needs it on one line).
  Result Next(Document* doc, std::string* message);

 private:
  // Reads the file and lists its elements; false (with *message) when it is no array.
  bool Load(std::string* message);

  std::unique_ptr<ByteStream> stream_;
  std::string name_;
  const ReaderOptions* options_;
  simdjson::ondemand::parser* parser_;
  bool loaded_ = false;
  std::string data_;                     // the file, plus padding
  std::vector<std::string_view> items_;  // raw elements, in order
  std::vector<uint64_t> lines_;          // the line each element starts on
  size_t next_ = 0;
  std::string element_;  // the element being parsed, padded
};

}  // namespace neardup::internal

#endif  // NEARDUP_IO_JSON_ARRAY_READER_H_
