// IndexStore: the streaming index's operations inside one LMDB transaction — matching a
// fingerprinted document against the tables and the in-memory LSH buckets (band_map.h), adding,
// removing and pruning documents, verifying. Thread-safety: bound to its transaction, hence to one
// thread.
#ifndef NEARDUP_INTERNAL_INDEX_STORE_H_
#define NEARDUP_INTERNAL_INDEX_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "neardup/index.h"
#include "neardup/index/band_map.h"
#include "neardup/index/index_records.h"
#include "neardup/index/lmdb_env.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/status.h"

namespace neardup::internal {

class IndexStore {
 public:
  // Reads the counters and brings `bands` up to the transaction's snapshot (nothing to do when it
  // already reflects it; when units were only added since, the new ones are read; otherwise it is
  // rebuilt from the texts and units tables). `txn` and `bands` (not owned) must outlive the store;
  // the store's cursors close before the transaction ends when the store is destroyed first.
  // `bands` must not hold journaled changes unless `txn` is the write transaction that made them.
  static StatusOr<std::unique_ptr<IndexStore>> Open(Txn* txn, const IndexSettings& settings,
                                                    const IndexOptions& options, BandMap* bands);
  // The counters as this transaction has them (what BandMap::set_snapshot takes after a commit).
  const IndexCounters& counters() const { return counters_; }

  // Looks up a document by key: true with *out, false when absent.
  StatusOr<bool> GetDoc(const Hash128& key, DocRecord* out);
  // Fills *v for `print` against every paragraph in the index, leaving out document `self`.
  Status Match(const DocumentPrint& print, const Hash128& self, IndexVerdict* v);
  // Adds a document that is not in the index yet, with the verdict it got.
  Status Add(std::string_view id, const Hash128& key, const DocumentPrint& print,
             const IndexVerdict& v, int64_t now_unix);
  // Removes a document: true when it was there.
  StatusOr<bool> Remove(const Hash128& key);
  StatusOr<uint64_t> Prune(int64_t max_age_seconds, uint64_t max_docs, int64_t now_unix);
  // Writes the counters back (before the transaction commits).
  Status Flush();
  // Reads every record, checking checksums and cross-references.
  Status Verify();
  Status Counts(IndexStats* out);

 private:
  IndexStore(Txn* txn, IndexSettings settings, IndexOptions options, BandMap* bands)
      : txn_(txn), settings_(std::move(settings)), options_(std::move(options)), bands_(bands) {}
  // BandMap refresh (see Open): every representative, or the units from `first_uid` on.
  Status RebuildBands();
  Status ExtendBands(uint64_t first_uid);
  // Every document a walk of the docs table finds is found by a search too (a damaged branch page
  // can make searches miss what a walk reads), else Corruption. O(documents) searches.
  Status CheckDocSearches();
  // Loads unit `uid` into *u (Corruption when absent or damaged).
  Status LoadUnit(uint64_t uid, UnitRecord* u);
  // The smallest unit id holding text `h`, or 0.
  StatusOr<uint64_t> Representative(const Hash128& h);
  void PutBands(uint64_t uid, const uint32_t* keys);
  void DelBands(uint64_t uid, const uint32_t* keys);
  Status Damaged(const std::string& what, const Status& s) const;

  Txn* txn_;
  IndexSettings settings_;
  IndexOptions options_;
  IndexCounters counters_;
  bool dirty_ = false;
  BandMap* bands_;
  std::unique_ptr<Cursor> texts_;
  UnitRecord unit_;  // scratch
  std::vector<uint64_t> candidates_;
  std::string buf_;
};

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_INDEX_STORE_H_
