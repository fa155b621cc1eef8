// neardup: the whole public API in one include. Two ways in:
//  - batch: Corpus (corpus.h) — add documents, Find() the near-duplicate paragraph pairs and their
//    clusters, as `neardup scan` does;
//  - streaming: Index (index.h) — a persistent, crash-safe index; Check() each arriving document
//    against everything indexed before it, Commit() to make its verdict durable, as `neardup
//    filter` does.
// Fallible calls return Status / StatusOr<T> (status.h); nothing throws across the API.
// Link with neardup::neardup (CMake: find_package(neardup)) or `pkg-config --libs neardup`.
#ifndef NEARDUP_NEARDUP_H_
#define NEARDUP_NEARDUP_H_

#include "neardup/corpus.h"         // IWYU pragma: export
#include "neardup/corpus_reader.h"  // IWYU pragma: export
#include "neardup/document.h"       // IWYU pragma: export
#include "neardup/index.h"          // IWYU pragma: export
#include "neardup/options.h"        // IWYU pragma: export
#include "neardup/report.h"         // IWYU pragma: export
#include "neardup/scan_result.h"    // IWYU pragma: export
#include "neardup/status.h"         // IWYU pragma: export

#endif  // NEARDUP_NEARDUP_H_
