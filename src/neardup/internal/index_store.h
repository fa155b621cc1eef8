// IndexStore: the streaming index's operations inside one LMDB transaction — matching a
// fingerprinted document against the tables, adding, removing and pruning documents, verifying.
// Thread-safety: bound to its transaction, hence to one thread.
#ifndef NEARDUP_INTERNAL_INDEX_STORE_H_
#define NEARDUP_INTERNAL_INDEX_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/fingerprint.h"
#include "neardup/index.h"
#include "neardup/internal/index_records.h"
#include "neardup/internal/lmdb_env.h"
#include "neardup/status.h"

namespace neardup::internal {

class IndexStore {
 public:
  // Reads the counters. `txn` (not owned) must outlive the store; the store's cursors close before
  // the transaction ends when the store is destroyed first.
  static StatusOr<std::unique_ptr<IndexStore>> Open(Txn* txn, const IndexSettings& settings,
                                                    const IndexOptions& options);

  // Looks up a document by key: true with *out, false when absent.
  StatusOr<bool> GetDoc(const Hash128& key, DocRecord* out);
  // Fills *v for `print` against every paragraph in the index, leaving out document `self`.
  Status Match(const DocumentPrint& print, const Hash128& self, IndexVerdict* v);
  // Adds a document that is not in the index yet, with the verdict it got.
  Status Add(std::string_view id, const Hash128& key, const DocumentPrint& print, const IndexVerdict& v,
             int64_t now_unix);
  // Removes a document: true when it was there.
  StatusOr<bool> Remove(const Hash128& key);
  StatusOr<uint64_t> Prune(int64_t max_age_seconds, uint64_t max_docs, int64_t now_unix);
  // Writes the counters back (before the transaction commits).
  Status Flush();
  // Reads every record, checking checksums and cross-references.
  Status Verify();
  Status Counts(IndexStats* out);

 private:
  IndexStore(Txn* txn, const IndexSettings& settings, const IndexOptions& options)
      : txn_(txn), settings_(settings), options_(options) {}
  // Loads unit `uid` into *u (Corruption when absent or damaged).
  Status LoadUnit(uint64_t uid, UnitRecord* u);
  // The smallest unit id holding text `h`, or 0.
  StatusOr<uint64_t> Representative(const Hash128& h);
  Status PutBands(uint64_t uid, const uint32_t* keys);
  Status DelBands(uint64_t uid, const uint32_t* keys);
  Status Damaged(const std::string& what, const Status& s) const;

  Txn* txn_;
  IndexSettings settings_;
  IndexOptions options_;
  IndexCounters counters_;
  bool dirty_ = false;
  std::unique_ptr<Cursor> texts_;
  std::unique_ptr<Cursor> bands_;
  UnitRecord unit_;  // scratch
  std::vector<uint64_t> candidates_;
  std::string buf_;
};

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_INDEX_STORE_H_
