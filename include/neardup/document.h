// Document and paragraph records shared by every pipeline stage.
// Thread-safety: plain values.
#ifndef NEARDUP_DOCUMENT_H_
#define NEARDUP_DOCUMENT_H_

#include <cstdint>
#include <string>

namespace neardup {

// What the first pass saw of a document, so a second pass can tell it is reading the same text:
// its size and a 64-bit hash of its bytes (XXH3-64, seed 0).
struct DocDigest {
  uint64_t bytes = 0;
  uint64_t hash = 0;
  bool operator==(const DocDigest&) const = default;
};

// A paragraph's byte range [begin, end) inside its document's text; excludes surrounding
// whitespace.
struct ByteRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const ByteRange&) const = default;
};

// One input document: its id and its UTF-8 text. `source` says where it came from for messages
// ("dir/a.txt" or "docs.jsonl:41").
struct Document {
  std::string id;
  std::string text;
  std::string source;
  // The JSON record the document was read from, as read (ReaderOptions::keep_records; empty for
  // a .txt document), and the byte range in it of the text field's JSON string, quotes included:
  // a writer can replace the text and keep every other byte of the record.
  std::string record{};
  ByteRange text_value{};
};

}  // namespace neardup

#endif  // NEARDUP_DOCUMENT_H_
