// LMDB wrappers: environment open with a truncation check, transactions, cursors.

#include "neardup/internal/lmdb_env.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <vector>

namespace neardup::internal {
namespace {

constexpr const char* kDbNames[Env::kNumDbs] = {"meta", "docs", "seqs", "units", "texts", "bands"};
// Unit ids, sequence numbers and band keys are native 64-bit integers (LMDB's integer compare).
constexpr unsigned kDbFlags[Env::kNumDbs] = {
    0, 0, MDB_INTEGERKEY, MDB_INTEGERKEY, MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP,
    MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP};

sigjmp_buf g_fault_jump;
void OnFault(int) { siglongjmp(g_fault_jump, 1); }

// data.mdb holds fewer pages than the newest meta page accounts for. That is normal when the last
// pages were allocated and freed again inside one transaction (they are never written), and damage
// otherwise. Reads the free list with a SIGBUS/SIGSEGV guard (a page of it may itself lie past the
// end of the file) and checks that every missing page is free.
bool MissingPagesAreFree(MDB_env* env, uint64_t file_pages, uint64_t last_pgno) {
  MDB_txn* txn = nullptr;
  if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0) return false;
  std::vector<bool> free_page(static_cast<size_t>(last_pgno - file_pages + 1), false);
  struct sigaction fault = {}, old_bus = {}, old_segv = {};
  fault.sa_handler = OnFault;
  sigemptyset(&fault.sa_mask);
  sigaction(SIGBUS, &fault, &old_bus);
  sigaction(SIGSEGV, &fault, &old_segv);
  volatile bool ok = false;
  MDB_cursor* volatile opened = nullptr;  // volatile: read after a fault's longjmp
  if (sigsetjmp(g_fault_jump, 1) == 0) {
    MDB_cursor* cursor = nullptr;
    if (mdb_cursor_open(txn, 0, &cursor) == 0) {  // dbi 0 is LMDB's free list
      opened = cursor;
      MDB_val k, v;
      bool good = true;
      for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
        if (v.mv_size < sizeof(size_t)) {
          good = false;
          break;
        }
        const size_t* ids = static_cast<const size_t*>(v.mv_data);  // IDL: count, then page numbers
        const size_t n = std::min(ids[0], v.mv_size / sizeof(size_t) - 1);
        for (size_t i = 1; i <= n; ++i) {
          if (ids[i] >= file_pages && ids[i] <= last_pgno) free_page[ids[i] - file_pages] = true;
        }
      }
      ok = good && std::find(free_page.begin(), free_page.end(), false) == free_page.end();
    }
  }
  sigaction(SIGBUS, &old_bus, nullptr);
  sigaction(SIGSEGV, &old_segv, nullptr);
  if (opened != nullptr) mdb_cursor_close(opened);  // a read-only txn's cursor is not freed with it
  mdb_txn_abort(txn);
  return ok;
}

}  // namespace

Status LmdbError(int rc, const std::string& where, const char* what) {
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
  if (int rc = mdb_env_create(&e->env_); rc != 0) return LmdbError(rc, dir, "cannot create environment");
  mdb_env_set_maxdbs(e->env_, kNumDbs);
  mdb_env_set_maxreaders(e->env_, 126);
  if (!read_only) mdb_env_set_mapsize(e->env_, static_cast<size_t>(map_size));
  unsigned flags = MDB_NOTLS;
  if (read_only) flags |= MDB_RDONLY;
  if (!sync) flags |= MDB_NOSYNC;
  if (int rc = mdb_env_open(e->env_, dir.c_str(), flags, 0644); rc != 0) {
    if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) return LmdbError(rc, dir, "cannot open index");
    return Status::IOError(dir + ": cannot open index: " + mdb_strerror(rc));
  }
  // A truncated data.mdb would be mapped past its end and fault on first access: compare the file
  // with the last page the newest meta page accounts for.
  MDB_envinfo info;
  MDB_stat est;
  mdb_env_info(e->env_, &info);
  mdb_env_stat(e->env_, &est);
  if (::stat(data.c_str(), &st) != 0) return Status::IOError(data + ": " + std::generic_category().message(errno));
  const uint64_t need = (static_cast<uint64_t>(info.me_last_pgno) + 1) * est.ms_psize;
  if (static_cast<uint64_t>(st.st_size) < need &&
      !MissingPagesAreFree(e->env_, static_cast<uint64_t>(st.st_size) / est.ms_psize, info.me_last_pgno)) {
    return Status::Corruption(data + ": file is truncated (" + std::to_string(st.st_size) + " bytes, its pages need " +
                              std::to_string(need) + "); the index is damaged, rebuild it from the input");
  }
  StatusOr<std::unique_ptr<Txn>> txn = Txn::Begin(e.get(), read_only);
  if (!txn.ok()) return txn.status();
  for (int i = 0; i < kNumDbs; ++i) {
    unsigned f = kDbFlags[i];
    if (!read_only) f |= MDB_CREATE;
    int rc = mdb_dbi_open((*txn)->get(), kDbNames[i], f, &e->dbis_[i]);
    if (rc == MDB_NOTFOUND) return Status::Corruption(dir + ": not a neardup index (table '" + kDbNames[i] + "' missing)");
    if (rc == MDB_INCOMPATIBLE) return Status::Corruption(dir + ": not a neardup index (table '" + kDbNames[i] + "' has other flags)");
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
  if (int rc = mdb_txn_begin(env->env(), nullptr, read_only ? MDB_RDONLY : 0, &t); rc != 0) {
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
  if (int rc = mdb_txn_commit(t); rc != 0) return LmdbError(rc, env_->dir(), "cannot commit");
  return Status::OK();
}

bool Txn::Get(Env::Db db, MDB_val key, MDB_val* value, Status* status) const {
  const int rc = mdb_get(txn_, env_->dbi(db), &key, value);
  if (rc == 0) return true;
  if (rc != MDB_NOTFOUND) *status = LmdbError(rc, env_->dir(), "read failed");
  return false;
}

Status Txn::Put(Env::Db db, MDB_val key, MDB_val value, unsigned flags) {
  const int rc = mdb_put(txn_, env_->dbi(db), &key, &value, flags);
  if (rc == 0 || rc == MDB_KEYEXIST) return Status::OK();
  return LmdbError(rc, env_->dir(), "write failed");
}

Status Txn::Del(Env::Db db, MDB_val key, const MDB_val* value) {
  MDB_val v = value != nullptr ? *value : MDB_val{0, nullptr};
  const int rc = mdb_del(txn_, env_->dbi(db), &key, value != nullptr ? &v : nullptr);
  if (rc == 0 || rc == MDB_NOTFOUND) return Status::OK();
  return LmdbError(rc, env_->dir(), "delete failed");
}

StatusOr<std::unique_ptr<Cursor>> Cursor::Open(const Txn& txn, Env::Db db) {
  MDB_cursor* c = nullptr;
  if (int rc = mdb_cursor_open(txn.get(), txn.env().dbi(db), &c); rc != 0) {
    return LmdbError(rc, txn.env().dir(), "cannot open cursor");
  }
  return std::unique_ptr<Cursor>(new Cursor(&txn, c));
}

Cursor::~Cursor() { mdb_cursor_close(cursor_); }

bool Cursor::Get(MDB_val* key, MDB_val* value, MDB_cursor_op op, Status* status) {
  const int rc = mdb_cursor_get(cursor_, key, value, op);
  if (rc == 0) return true;
  if (rc != MDB_NOTFOUND) *status = LmdbError(rc, txn_->env().dir(), "read failed");
  return false;
}

}  // namespace neardup::internal
