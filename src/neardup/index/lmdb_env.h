// Thin RAII wrappers over LMDB (environment, transaction, cursor) that turn LMDB return codes into
// Status values naming the index folder. Thread-safety: as LMDB's — an Env is shared, a Txn and its
// cursors belong to one thread.
#ifndef NEARDUP_INTERNAL_LMDB_ENV_H_
#define NEARDUP_INTERNAL_LMDB_ENV_H_

#include <lmdb.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "neardup/index/fault_guard.h"
#include "neardup/status.h"

namespace neardup::internal {

inline MDB_val Val(const void* data, size_t size) { return MDB_val{size, const_cast<void*>(data)}; }
inline MDB_val Val(std::string_view s) { return Val(s.data(), s.size()); }
inline std::string_view View(const MDB_val& v) {
  return std::string_view(static_cast<const char*>(v.mv_data), v.mv_size);
}

// A native 64-bit integer key or value (tables opened with MDB_INTEGERKEY / MDB_INTEGERDUP);
// LMDB may hand it back unaligned, so it is read with memcpy.
inline uint64_t GetU64(const void* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Maps an LMDB error to a Status: MDB_CORRUPTED, MDB_PAGE_NOTFOUND, MDB_INVALID,
// MDB_VERSION_MISMATCH, kLmdbFault, kLmdbAssert and kLmdbLoop are Corruption, MDB_MAP_FULL and the
// like IOError.
Status LmdbError(int rc, const std::string& where, const char* what);

class Txn;

// What the two meta pages of a data.mdb say (read without LMDB, see ReadMetaPages).
struct MetaPages {
  uint32_t page_size = 0;
  uint64_t txnid[2] = {0, 0};  // each meta page's transaction id
  uint64_t last_pgno[2] = {0, 0};
  uint64_t map_size[2] = {0, 0};
  int newest() const { return txnid[1] > txnid[0] ? 1 : 0; }  // the one LMDB uses
};
// Reads and checks the meta pages of `data` (a data.mdb): magic, version, page size, and that the
// two transaction ids are the last two commits (LMDB writes meta page txnid % 2 on each commit, so
// after the first two commits one is even, the other odd and one apart; a changed id rolls the
// index back to an older snapshot or forward onto an unfinished one) and that the newer one does
// not account for fewer pages. Corruption naming the field otherwise. One 8 KiB read.
StatusOr<MetaPages> ReadMetaPages(const std::string& data);

// Puts `p` (an LMDB transaction or environment LMDB left inconsistent: a fault or assertion cut a
// call short) where no one frees it: freeing it would corrupt the heap. Reachable, so leak checkers
// do not report it. Thread-safe.
void Abandon(void* p);

class Env {
 public:
  // Opens (creating when `create` and not `read_only`) the LMDB environment in folder `dir` with
  // the named sub-databases of `kDbNames`. Before anything is read, checks the meta pages
  // (ReadMetaPages) and that data.mdb is not shorter than its own meta page says (a truncated file
  // would otherwise fault on access). A writer maps `map_size` bytes (at least what the file needs)
  // and may Grow it; a reader maps what the file holds and follows a writer's growth itself.
  // `probe`: read-only without LMDB's lock file (nothing in `dir` is written; for looking at a
  // folder that may belong to another program), and the named tables are not opened.
  static StatusOr<std::unique_ptr<Env>> Open(const std::string& dir, bool read_only, bool create,
                                             bool sync, uint64_t map_size, bool probe = false);
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  enum Db { kMeta = 0, kDocs, kSeqs, kUnits, kTexts, kBands, kNumDbs };
  MDB_env* env() const { return env_; }
  MDB_dbi dbi(Db db) const { return dbis_[db]; }
  const std::string& dir() const { return dir_; }
  // Bytes used by data.mdb on disk.
  uint64_t FileBytes() const;
  // OK when LMDB's main table holds nothing but neardup's tables; Corruption "not a neardup index"
  // naming another key otherwise (another program's database). Reads only: one pass over the main
  // table.
  Status CheckOwnTables() const;
  // The bytes mapped now.
  uint64_t map_size() const { return map_size_; }
  // Maps at least `bytes` (no transaction may be open): IOError "the index reached its size limit"
  // past `limit`.
  Status Grow(uint64_t bytes, uint64_t limit);
  // Readers: after MDB_MAP_RESIZED (a writer grew the file), maps what the file holds now.
  Status FollowGrowth() const;
  // Set when a transaction of this environment was abandoned: the environment is then abandoned
  // too rather than closed.
  void set_poisoned() const { poisoned_ = true; }

 private:
  Env() = default;
  MDB_env* env_ = nullptr;
  mutable uint64_t map_size_ = 0;
  mutable bool poisoned_ = false;
  MDB_dbi dbis_[kNumDbs] = {};
  std::string dir_;
};

// A transaction; aborted on destruction unless committed.
class Txn {
 public:
  static StatusOr<std::unique_ptr<Txn>> Begin(const Env* env, bool read_only);
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;

  MDB_txn* get() const { return txn_; }
  const Env& env() const { return *env_; }
  // LMDB's id of this transaction: the snapshot's commit for a reader, the commit it will be for a
  // writer.
  uint64_t id() const { return txn_ == nullptr ? 0 : static_cast<uint64_t>(mdb_txn_id(txn_)); }
  bool read_only() const { return read_only_; }
  // Runs `fn` (an LMDB call on this transaction) under Guarded; a fault, assertion or loop poisons
  // the transaction: it is then abandoned, never aborted (LMDB's state is half-changed).
  template <typename Fn>
  int Call(Fn&& fn) const {
    const int rc = Guarded(std::forward<Fn>(fn));
    if (rc == kLmdbFault || rc == kLmdbAssert || rc == kLmdbLoop) Poison();
    return rc;
  }
  // True when the last failed write or commit ran out of map (the caller may Grow and redo).
  bool map_full() const { return map_full_; }
  bool poisoned() const { return poisoned_; }
  // Commits; the transaction is finished either way.
  Status Commit();
  void Abort();

  // Looks key up in db. Returns true with *value set, false when absent (status OK), or sets
  // *status to the error.
  bool Get(Env::Db db, MDB_val key, MDB_val* value, Status* status) const;
  Status Put(Env::Db db, MDB_val key, MDB_val value, unsigned flags = 0);
  // Deletes key (with `value` for one duplicate of a DUPSORT key). Absent is OK.
  Status Del(Env::Db db, MDB_val key, const MDB_val* value = nullptr);

 private:
  Txn(const Env* env, MDB_txn* txn, bool read_only) : env_(env), txn_(txn), read_only_(read_only) {}
  void Poison() const;
  const Env* env_;
  MDB_txn* txn_;
  bool read_only_;
  mutable bool poisoned_ = false;
  bool map_full_ = false;
};

// A cursor over one sub-database, closed on destruction.
class Cursor {
 public:
  static StatusOr<std::unique_ptr<Cursor>> Open(const Txn& txn, Env::Db db);
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  // mdb_cursor_get: true with data, false at MDB_NOTFOUND, false + *status on error.
  bool Get(MDB_val* key, MDB_val* value, MDB_cursor_op op, Status* status);
  MDB_cursor* get() const { return cursor_; }

 private:
  Cursor(const Txn* txn, MDB_cursor* c) : txn_(txn), cursor_(c) {}
  const Txn* txn_;
  MDB_cursor* cursor_;
};

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_LMDB_ENV_H_
