// Lists the corpus files under a folder (the extensions file_kind.h reads, any letter case,
// possibly compressed) in a deterministic order, counting the files it skips.
// Thread-safety: a pure function of the file system.
#ifndef NEARDUP_INTERNAL_FOLDER_WALK_H_
#define NEARDUP_INTERNAL_FOLDER_WALK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "neardup/io/file_kind.h"

namespace neardup::internal {

struct CorpusFile {
  std::string relative;             // '/'-separated path below the folder, e.g. "sub/a.txt"
  FileKind kind = FileKind::kText;  // file_kind.h: by the name's extension, in any letter case
};

// Returns the regular files below `root` whose names KindOfName reads (*.txt, *.jsonl, *.ndjson,
// *.json, any letter case, each possibly compressed: .gz, .zst, compressed_stream.h), recursively,
// sorted byte-wise by relative path. Every other file is counted in *skipped (when not null) and
// its relative path kept in skipped->first (at most 10).
// Symbolic links to files are listed; symbolic links to folders are not followed, so link loops
// cannot trap the walk. Other files are ignored. A folder that cannot be listed or a
// *.txt/*.jsonl link that cannot be resolved adds "DISPLAY/REL: what" to *problems and the walk
// goes on; `display_root` is how messages name `root`.
struct SkippedFiles {
  uint64_t count = 0;
  std::vector<std::string> first;
};
std::vector<CorpusFile> ListCorpusFiles(const std::string& root, const std::string& display_root,
                                        std::vector<std::string>* problems,
                                        SkippedFiles* skipped = nullptr);

// "root/rel" for messages and sources, without doubling a trailing '/' of `root`.
std::string JoinDisplayPath(const std::string& root, const std::string& rel);

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_FOLDER_WALK_H_
