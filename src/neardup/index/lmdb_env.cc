// LMDB wrappers: environment open with a truncation check, transactions, cursors.

#include "neardup/index/lmdb_env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <system_error>
#include <vector>

#include "neardup/index/fault_guard.h"

namespace neardup::internal {
namespace {

constexpr const char* kDbNames[Env::kNumDbs] = {"meta", "docs", "seqs", "units", "texts", "bands"};
// Unit ids, sequence numbers and band keys are native 64-bit integers (LMDB's integer compare).
constexpr unsigned kDbFlags[Env::kNumDbs] = {
    0,
    0,
    MDB_INTEGERKEY,
    MDB_INTEGERKEY,
    MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP,
    MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP};

// LMDB takes the page size from the meta pages without checking it (one of 0 divides by zero in
// mdb_env_open). Reads the two meta pages as LMDB does — the first at offset 0, the second at the
// first one's page size — and checks the page size of each that LMDB would accept. Anything else
// wrong with them is left to LMDB, which reports it.
Status CheckMetaPages(const std::string& data) {
  const int fd = ::open(data.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::OK();  // LMDB reports it
  // Page header (16 bytes), then MDB_meta: magic, version, address, map size, then the free-list
  // MDB_db whose first field (md_pad) is the page size.
  constexpr size_t kMagicAt = 16;
  constexpr size_t kVersionAt = 20;
  constexpr size_t kPageSizeAt = 40;
  constexpr uint32_t kMagic = 0xBEEFC0DE;
  constexpr uint32_t kMaxPageSize = 0x8000;  // LMDB's MAX_PAGESIZE
  Status status;
  off_t offset = 0;
  for (int i = 0; i < 2 && status.ok(); ++i) {
    unsigned char meta[48] = {};
    if (::pread(fd, meta, sizeof meta, offset) != static_cast<ssize_t>(sizeof meta)) break;
    uint32_t magic = 0;
    uint32_t version = 0;
    uint32_t page_size = 0;
    std::memcpy(&magic, meta + kMagicAt, sizeof magic);
    std::memcpy(&version, meta + kVersionAt, sizeof version);
    std::memcpy(&page_size, meta + kPageSizeAt, sizeof page_size);
    if (magic != kMagic || version != 1) break;
    if (page_size < 512 || page_size > kMaxPageSize || (page_size & (page_size - 1)) != 0) {
      status = Status::Corruption(data + ": meta page " + std::to_string(i) + " gives page size " +
                                  std::to_string(page_size) +
                                  "; the index is damaged, rebuild it from the input");
    }
    if (i == 0) offset = static_cast<off_t>(page_size);
  }
  ::close(fd);
  return status;
}

// Reads one byte of every memory page `v` spans, so that a record reaching past the end of data.mdb
// faults here, inside the guard, rather than later in the code that decodes it. Returns 0, or
// kLmdbFault for a record with a size but no data (a damaged node).
int Touch(const MDB_val& v) {
  if (v.mv_size == 0) return 0;
  if (v.mv_data == nullptr) return kLmdbFault;
  const volatile char* p = static_cast<const volatile char*>(v.mv_data);
  constexpr size_t kStride = 4096;  // no larger than any page size
  for (size_t i = 0; i < v.mv_size; i += kStride) (void)p[i];
  (void)p[v.mv_size - 1];
  return 0;
}

// data.mdb holds fewer pages than the newest meta page accounts for. That is normal when the last
// pages were allocated and freed again inside one transaction (they are never written), and damage
// otherwise. Reads the free list under the fault guard (a page of it may itself lie past the end of
// the file) and checks that every missing page is free.
bool MissingPagesAreFree(MDB_env* env, uint64_t file_pages, uint64_t last_pgno) {
  MDB_txn* txn = nullptr;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0) return false;
  MDB_cursor* cursor = nullptr;
  MDB_stat free_stat;  // read first, so that a fault cannot leak the cursor (see Cursor::Open)
  if (Guarded([&] { return mdb_stat(txn, 0, &free_stat); }) != 0 ||
      Guarded([&] { return mdb_cursor_open(txn, 0, &cursor); }) != 0) {  // dbi 0: the free list
    mdb_txn_abort(txn);
    return false;
  }
  std::vector<bool> free_page(static_cast<size_t>(last_pgno - file_pages + 1), false);
  // A read-only transaction's records lie in the file's map; a damaged node can point anywhere.
  MDB_envinfo info;
  MDB_stat st;
  mdb_env_info(env, &info);
  mdb_env_stat(env, &st);
  const auto map_begin = reinterpret_cast<uintptr_t>(info.me_mapaddr);
  const uintptr_t map_end = map_begin + static_cast<uintptr_t>(file_pages) * st.ms_psize;
  bool good = true;
  const int rc = Guarded([&] {
    MDB_val k;
    MDB_val v;
    int r = mdb_cursor_get(cursor, &k, &v, MDB_FIRST);
    for (; r == 0; r = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
      const auto* data = static_cast<const unsigned char*>(v.mv_data);
      const auto at = reinterpret_cast<uintptr_t>(data);
      if (v.mv_size < sizeof(uint64_t) || data == nullptr || map_begin == 0 || at < map_begin ||
          at > map_end || v.mv_size > map_end - at) {
        good = false;
        break;
      }
      // An IDL: a count, then page numbers; read unaligned (a damaged file may misplace them).
      const auto* ids = static_cast<const unsigned char*>(v.mv_data);
      const size_t n = std::min<size_t>(GetU64(ids), v.mv_size / sizeof(uint64_t) - 1);
      for (size_t i = 1; i <= n; ++i) {
        const uint64_t page = GetU64(ids + i * sizeof(uint64_t));
        if (page >= file_pages && page <= last_pgno) free_page[page - file_pages] = true;
      }
    }
    return r == MDB_NOTFOUND ? 0 : r;
  });
  mdb_cursor_close(cursor);  // a read-only txn's cursor is not freed with it
  mdb_txn_abort(txn);
  return rc == 0 && good && std::find(free_page.begin(), free_page.end(), false) == free_page.end();
}

}  // namespace

Status LmdbError(int rc, const std::string& where, const char* what) {
  if (rc == kLmdbFault) {
    return Status::Corruption(where + ": " + what +
                              ": a page refers past the end of data.mdb (the index is damaged; "
                              "rebuild it from the input)");
  }
  if (rc == kLmdbLoop) {
    return Status::Corruption(where + ": " + what + ": LMDB did not finish within " +
                              std::to_string(static_cast<int>(LmdbCallCpuLimit())) +
                              " s of CPU (a damaged page makes it loop; the index is damaged, "
                              "rebuild it from the input)");
  }
  if (rc == kLmdbAssert) {
    return Status::Corruption(where + ": " + what + ": LMDB found data.mdb inconsistent (" +
                              LastLmdbAssertMessage() +
                              "; the index is damaged, rebuild it from the input)");
  }
  std::string msg = where + ": " + what + ": " + mdb_strerror(rc);
  switch (rc) {
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_VERSION_MISMATCH:
    case MDB_BAD_TXN:
      return Status::Corruption(msg + " (the index is damaged; rebuild it from the input)");
    case MDB_MAP_FULL:
      return Status::IOError(msg + " (the index reached its size limit)");
    default:
      return Status::IOError(msg);
  }
}

StatusOr<std::unique_ptr<Env>> Env::Open(const std::string& dir, bool read_only, bool create,
                                         bool sync, uint64_t map_size) {
  std::unique_ptr<Env> e(new Env());
  e->dir_ = dir;
  const std::string data = dir + "/data.mdb";
  struct stat st;
  const bool exists = ::stat(data.c_str(), &st) == 0;
  if (!exists && (read_only || !create)) {
    return Status::NotFound(dir + ": no index here (data.mdb is missing)");
  }
  if (int rc = mdb_env_create(&e->env_); rc != 0) {
    return LmdbError(rc, dir, "cannot create environment");
  }
  mdb_env_set_assert(e->env_, OnLmdbAssert);
  mdb_env_set_maxdbs(e->env_, kNumDbs);
  mdb_env_set_maxreaders(e->env_, 126);
  if (!read_only) mdb_env_set_mapsize(e->env_, static_cast<size_t>(map_size));
  unsigned flags = MDB_NOTLS;
  if (read_only) flags |= MDB_RDONLY;
  if (!sync) flags |= MDB_NOSYNC;
  if (exists) {
    if (Status s = CheckMetaPages(data); !s.ok()) return s;
  }
  if (int rc = Guarded([&] { return mdb_env_open(e->env_, dir.c_str(), flags, 0644); }); rc != 0) {
    if (rc == kLmdbFault || rc == kLmdbAssert) return LmdbError(rc, dir, "cannot open index");
    if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
      return LmdbError(rc, dir, "cannot open index");
    }
    return Status::IOError(dir + ": cannot open index: " + mdb_strerror(rc));
  }
  // A truncated data.mdb would be mapped past its end and fault on first access: compare the file
  // with the last page the newest meta page accounts for.
  MDB_envinfo info;
  MDB_stat est;
  mdb_env_info(e->env_, &info);
  mdb_env_stat(e->env_, &est);
  if (::stat(data.c_str(), &st) != 0) {
    return Status::IOError(data + ": " + std::generic_category().message(errno));
  }
  const uint64_t need = (static_cast<uint64_t>(info.me_last_pgno) + 1) * est.ms_psize;
  if (static_cast<uint64_t>(st.st_size) < need &&
      !MissingPagesAreFree(e->env_, static_cast<uint64_t>(st.st_size) / est.ms_psize,
                           info.me_last_pgno)) {
    return Status::Corruption(data + ": file is truncated (" + std::to_string(st.st_size) +
                              " bytes, its pages need " + std::to_string(need) +
                              "); the index is damaged, rebuild it from the input");
  }
  StatusOr<std::unique_ptr<Txn>> txn = Txn::Begin(e.get(), read_only);
  if (!txn.ok()) return txn.status();
  for (int i = 0; i < kNumDbs; ++i) {
    unsigned f = kDbFlags[i];
    if (!read_only) f |= MDB_CREATE;
    MDB_txn* const t = (*txn)->get();
    MDB_dbi* const dbi = &e->dbis_[i];
    const int rc = Guarded([&] { return mdb_dbi_open(t, kDbNames[i], f, dbi); });
    if (rc == MDB_NOTFOUND) {
      return Status::Corruption(dir + ": not a neardup index (table '" + kDbNames[i] +
                                "' missing)");
    }
    if (rc == MDB_INCOMPATIBLE) {
      return Status::Corruption(dir + ": not a neardup index (table '" + kDbNames[i] +
                                "' has other flags)");
    }
    if (rc != 0) return LmdbError(rc, dir, "cannot open table");
  }
  if (Status s = (*txn)->Commit(); !s.ok()) return s;
  return e;
}

Env::~Env() {
  if (env_ != nullptr) mdb_env_close(env_);
}

uint64_t Env::FileBytes() const {
  struct stat st;
  if (::stat((dir_ + "/data.mdb").c_str(), &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_size);
}

StatusOr<std::unique_ptr<Txn>> Txn::Begin(const Env* env, bool read_only) {
  MDB_txn* t = nullptr;
  const unsigned flags = read_only ? MDB_RDONLY : 0;
  if (int rc = Guarded([&] { return mdb_txn_begin(env->env(), nullptr, flags, &t); }); rc != 0) {
    return LmdbError(rc, env->dir(), "cannot begin transaction");
  }
  return std::unique_ptr<Txn>(new Txn(env, t));
}

Txn::~Txn() { Abort(); }

void Txn::Abort() {
  if (txn_ != nullptr) mdb_txn_abort(txn_);
  txn_ = nullptr;
}

Status Txn::Commit() {
  MDB_txn* t = txn_;
  txn_ = nullptr;
  if (int rc = Guarded([&] { return mdb_txn_commit(t); }); rc != 0) {
    return LmdbError(rc, env_->dir(), "cannot commit");
  }
  return Status::OK();
}

bool Txn::Get(Env::Db db, MDB_val key, MDB_val* value, Status* status) const {
  const MDB_dbi dbi = env_->dbi(db);
  const int rc = Guarded([&] {
    const int r = mdb_get(txn_, dbi, &key, value);
    return r == 0 ? Touch(*value) : r;
  });
  if (rc == 0) return true;
  if (rc != MDB_NOTFOUND) *status = LmdbError(rc, env_->dir(), "read failed");
  return false;
}

Status Txn::Put(Env::Db db, MDB_val key, MDB_val value, unsigned flags) {
  const MDB_dbi dbi = env_->dbi(db);
  const int rc = Guarded([&] { return mdb_put(txn_, dbi, &key, &value, flags); });
  if (rc == 0 || rc == MDB_KEYEXIST) return Status::OK();
  return LmdbError(rc, env_->dir(), "write failed");
}

Status Txn::Del(Env::Db db, MDB_val key, const MDB_val* value) {
  MDB_val v = value != nullptr ? *value : MDB_val{0, nullptr};
  const MDB_dbi dbi = env_->dbi(db);
  MDB_val* const data = value != nullptr ? &v : nullptr;
  const int rc = Guarded([&] { return mdb_del(txn_, dbi, &key, data); });
  if (rc == 0 || rc == MDB_NOTFOUND) return Status::OK();
  return LmdbError(rc, env_->dir(), "delete failed");
}

StatusOr<std::unique_ptr<Cursor>> Cursor::Open(const Txn& txn, Env::Db db) {
  MDB_cursor* c = nullptr;
  const MDB_dbi dbi = txn.env().dbi(db);
  // mdb_stat first: it reads the table's record with a cursor on the stack, so a fault there
  // leaks nothing; mdb_cursor_open, which mallocs its cursor first, then finds it read.
  MDB_stat st;
  if (int rc = Guarded([&] { return mdb_stat(txn.get(), dbi, &st); }); rc != 0) {
    return LmdbError(rc, txn.env().dir(), "cannot open cursor");
  }
  if (int rc = Guarded([&] { return mdb_cursor_open(txn.get(), dbi, &c); }); rc != 0) {
    return LmdbError(rc, txn.env().dir(), "cannot open cursor");
  }
  return std::unique_ptr<Cursor>(new Cursor(&txn, c));
}

Cursor::~Cursor() { mdb_cursor_close(cursor_); }

bool Cursor::Get(MDB_val* key, MDB_val* value, MDB_cursor_op op, Status* status) {
  const int rc = Guarded([&] {
    const int r = mdb_cursor_get(cursor_, key, value, op);
    if (r != 0) return r;
    // The *_MULTIPLE operations leave the key as it was (it may never have been set).
    if (op != MDB_GET_MULTIPLE && op != MDB_NEXT_MULTIPLE && op != MDB_PREV_MULTIPLE) {
      if (const int t = Touch(*key); t != 0) return t;
    }
    return Touch(*value);
  });
  if (rc == 0) return true;
  if (rc != MDB_NOTFOUND) *status = LmdbError(rc, txn_->env().dir(), "read failed");
  return false;
}

}  // namespace neardup::internal
