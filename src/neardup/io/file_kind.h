// What a corpus file holds, judged by its name: the one rule the folder walk and the reader share.
// Thread-safety: pure functions.
#ifndef NEARDUP_IO_FILE_KIND_H_
#define NEARDUP_IO_FILE_KIND_H_

#include <string_view>

namespace neardup::internal {

enum class FileKind {
  kOther,      // not read
  kText,       // *.txt: one document per file
  kJsonl,      // *.jsonl, *.ndjson: one JSON object per line
  kJsonArray,  // *.json: one JSON array of objects
};

// The kind of a file named `name`; extensions match in any letter case ("A.TXT", "b.JSONL"), after
// a compression suffix is dropped ("a.jsonl.gz", "b.txt.zst"; compressed_stream.h).
FileKind KindOfName(std::string_view name);

}  // namespace neardup::internal

#endif  // NEARDUP_IO_FILE_KIND_H_
