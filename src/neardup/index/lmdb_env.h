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

class Env {
 public:
  // Opens (creating when `create` and not `read_only`) the LMDB environment in folder `dir` with
  // the named sub-databases of `kDbNames`. Before anything is read, checks that data.mdb is not
  // shorter than its own meta page says (a truncated file would otherwise fault on access).
  static StatusOr<std::unique_ptr<Env>> Open(const std::string& dir, bool read_only, bool create,
                                             bool sync, uint64_t map_size);
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  enum Db { kMeta = 0, kDocs, kSeqs, kUnits, kTexts, kBands, kNumDbs };
  MDB_env* env() const { return env_; }
  MDB_dbi dbi(Db db) const { return dbis_[db]; }
  const std::string& dir() const { return dir_; }
  // Bytes used by data.mdb on disk.
  uint64_t FileBytes() const;

 private:
  Env() = default;
  MDB_env* env_ = nullptr;
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
  Txn(const Env* env, MDB_txn* txn) : env_(env), txn_(txn) {}
  const Env* env_;
  MDB_txn* txn_;
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
