// Publishing a file written under a temporary name beside its final one: close it (fsynced first
// when asked), rename it into place, remove it on any failure. Shared by OutputFile and the
// distributed stages' files (dist/). Thread-safety: pure functions.
#ifndef NEARDUP_IO_COMMIT_TEMPORARY_H_
#define NEARDUP_IO_COMMIT_TEMPORARY_H_

#include <cstdio>
#include <string>

#include "neardup/status.h"

namespace neardup::io {

enum class Durability {
  kRenameOnly,  // a reader sees the whole file or none; a crash of the machine may lose it
  kFsync,       // also on the disk before the rename, and the rename itself (the folder fsynced)
};

// Renames `tmp` over `path`; under kFsync then fsyncs the folder of `path` (best effort: not
// every file system allows it). 0, or the errno of the failed rename. Cost: a rename (and an
// open and fsync of the folder under kFsync).
int RenameIntoPlace(const std::string& tmp, const std::string& path, Durability durability);

// Flushes and closes `file` (an stdio stream writing `tmp`; fsynced before the close under
// kFsync), then RenameIntoPlace(tmp, path). When `write_failed` (a write of the caller's failed
// earlier) or any step fails, nothing is renamed and `tmp` is removed: IOError "TMP: cannot
// write (disk full?): ERRNO" or "PATH: cannot rename into place: ERRNO". `file` is closed in
// every case. Cost: a flush, a rename; under kFsync the wait for the disk.
Status CommitTemporary(std::FILE* file, const std::string& tmp, const std::string& path,
                       Durability durability, bool write_failed = false);

}  // namespace neardup::io

#endif  // NEARDUP_IO_COMMIT_TEMPORARY_H_
