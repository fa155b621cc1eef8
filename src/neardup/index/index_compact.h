// Compaction of a streaming index: data.mdb rewritten without its free pages (LMDB's compacting
// copy) and swapped into place atomically. Thread-safety: a file-system operation; it takes the
// index's writer lock, so no writer runs beside it.
#ifndef NEARDUP_INDEX_INDEX_COMPACT_H_
#define NEARDUP_INDEX_INDEX_COMPACT_H_

#include <string>

#include "neardup/index.h"
#include "neardup/status.h"

namespace neardup::internal {

// Index::Compact (index.h) without the out-of-memory guard.
StatusOr<IndexCompaction> CompactIndexFolder(const std::string& dir, bool sync);

}  // namespace neardup::internal

#endif  // NEARDUP_INDEX_INDEX_COMPACT_H_
