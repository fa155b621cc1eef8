// The folder of a streaming index: what it must hold to be opened, or created, as a neardup index
// (another program's files are refused and left untouched), and the atomic creation of a new
// index's data file. Thread-safety: file-system functions; writers serialise on the LOCK file.
#ifndef NEARDUP_INDEX_INDEX_FOLDER_H_
#define NEARDUP_INDEX_INDEX_FOLDER_H_

#include <string>

#include "neardup/index/index_records.h"
#include "neardup/status.h"

namespace neardup::internal {

inline constexpr const char* kMarkerFile = "NEARDUP_INDEX";  // written once an index is complete
inline constexpr const char* kLockFile = "LOCK";             // the writers' lock (flock)
inline constexpr const char* kCreatingFolder = ".creating";  // where a new data.mdb is built

// Refuses, without writing anything in `dir`, a folder neardup must not use as an index:
//  - no data.mdb, but files other than an index's (InvalidArgument: "not empty and not a neardup
//    index ...", naming one);
//  - a data.mdb without neardup's marker file whose LMDB main table holds keys other than
//    neardup's tables, or that is no LMDB file (Corruption: "not a neardup index ..."). Looked at
//    read-only and without LMDB's lock file: nothing of the folder changes.
// OK for a missing or empty folder, a neardup index, and what an interrupted creation left.
// Cost: a directory listing, and for a data.mdb without marker one pass over LMDB's main table.
Status CheckIndexFolder(const std::string& dir);

// Creates `dir`/data.mdb holding `settings` and empty counters, atomically: built in
// `dir`/.creating and renamed into place, so a reader sees no index or a complete one, never a
// half-made one. Removes what an interrupted creation left first. The caller holds the lock.
Status CreateIndexFiles(const std::string& dir, const IndexSettings& settings, bool sync,
                        uint64_t map_size);

// Takes the writers' lock `dir`/LOCK (flock, non-blocking; released when the fd is closed or the
// process dies) and writes this process's id into it. Returns the fd. Unavailable naming the
// holder's pid when another process holds it; IOError when the file cannot be opened.
StatusOr<int> LockIndexWriter(const std::string& dir);

// fsyncs `path` opened with `flags` (O_RDONLY for a file, O_RDONLY | O_DIRECTORY for a folder, so
// a rename in it is durable). IOError naming the path when it cannot be opened or synced.
Status FsyncPath(const std::string& path, int flags);

// Writes the marker file (after the index is complete).
Status WriteMarker(const std::string& dir);

}  // namespace neardup::internal

#endif  // NEARDUP_INDEX_INDEX_FOLDER_H_
