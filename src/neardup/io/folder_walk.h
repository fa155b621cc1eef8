// Lists the corpus files (*.txt, *.jsonl) under a folder in a deterministic order.
// Thread-safety: a pure function of the file system.
#ifndef NEARDUP_INTERNAL_FOLDER_WALK_H_
#define NEARDUP_INTERNAL_FOLDER_WALK_H_

#include <string>
#include <vector>

namespace neardup::internal {

struct CorpusFile {
  std::string relative;  // '/'-separated path below the folder, e.g. "sub/a.txt"
  bool jsonl = false;    // *.jsonl (one document per line) rather than *.txt (one per file)
};

// Returns the regular files named *.txt or *.jsonl below `root`, recursively, sorted byte-wise by
// relative path. Symbolic links to files are listed; symbolic links to folders are not followed,
// so link loops cannot trap the walk. Other files are ignored. A folder that cannot be listed or a
// *.txt/*.jsonl link that cannot be resolved adds "DISPLAY/REL: what" to *problems and the walk
// goes on; `display_root` is how messages name `root`.
std::vector<CorpusFile> ListCorpusFiles(const std::string& root, const std::string& display_root,
                                        std::vector<std::string>* problems);

// "root/rel" for messages and sources, without doubling a trailing '/' of `root`.
std::string JoinDisplayPath(const std::string& root, const std::string& rel);

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_FOLDER_WALK_H_
