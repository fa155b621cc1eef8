// LMDB wrappers: environment open with a truncation check, transactions, cursors.

#include "neardup/index/lmdb_env.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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

constexpr uint64_t kMiB = uint64_t{1} << 20;
uint64_t RoundUpMiB(uint64_t n) { return (n + kMiB - 1) / kMiB * kMiB; }

std::string DamagedMeta(const std::string& data, int page, const std::string& what) {
  return data + ": meta page " + std::to_string(page) + " " + what +
         "; the index is damaged, rebuild it from the input";
}

}  // namespace

void Abandon(void* p) {
  static std::mutex mu;
  static auto* abandoned = new std::vector<void*>();  // never freed: what it holds stays reachable
  std::lock_guard<std::mutex> lock(mu);
  abandoned->push_back(p);
}

StatusOr<MetaPages> ReadMetaPages(const std::string& data) {
  const int fd = ::open(data.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::IOError(data + ": cannot open: " + std::generic_category().message(errno));
  }
  // LMDB reads the first meta page at offset 0 and the second at the first one's page size. Each:
  // a 16-byte page header, then MDB_meta: magic, version, address, map size, two MDB_db of 48 bytes
  // (the free list's first field, md_pad, is the page size), the last page number, the txn id.
  constexpr size_t kMagicAt = 16, kVersionAt = 20, kMapSizeAt = 32, kPageSizeAt = 40;
  constexpr size_t kLastPgAt = 136, kTxnIdAt = 144;
  constexpr uint32_t kMagic = 0xBEEFC0DE;
  constexpr uint32_t kMaxPageSize = 0x8000;  // LMDB's MAX_PAGESIZE
  MetaPages m;
  Status status;
  off_t offset = 0;
  for (int i = 0; i < 2 && status.ok(); ++i) {
    unsigned char meta[kTxnIdAt + 8] = {};
    if (::pread(fd, meta, sizeof meta, offset) != static_cast<ssize_t>(sizeof meta)) {
      status = Status::Corruption(DamagedMeta(data, i, "is missing (file too short)"));
      break;
    }
    uint32_t magic = 0, version = 0, page_size = 0;
    std::memcpy(&magic, meta + kMagicAt, sizeof magic);
    std::memcpy(&version, meta + kVersionAt, sizeof version);
    std::memcpy(&page_size, meta + kPageSizeAt, sizeof page_size);
    std::memcpy(&m.map_size[i], meta + kMapSizeAt, sizeof m.map_size[i]);
    std::memcpy(&m.last_pgno[i], meta + kLastPgAt, sizeof m.last_pgno[i]);
    std::memcpy(&m.txnid[i], meta + kTxnIdAt, sizeof m.txnid[i]);
    if (magic != kMagic) {
      status =
          Status::Corruption(DamagedMeta(data, i, "has no LMDB magic number (not an LMDB file?)"));
    } else if (version != 1) {
      status = Status::Corruption(
          DamagedMeta(data, i, "gives LMDB format version " + std::to_string(version)));
    } else if (page_size < 512 || page_size > kMaxPageSize || (page_size & (page_size - 1)) != 0 ||
               (i == 1 && page_size != m.page_size)) {
      status =
          Status::Corruption(DamagedMeta(data, i, "gives page size " + std::to_string(page_size)));
    }
    if (i == 0) {
      m.page_size = page_size;
      offset = static_cast<off_t>(page_size);
    }
  }
  ::close(fd);
  if (!status.ok()) return status;
  // A fresh environment has txn id 0 in both; commit t writes meta page t % 2.
  const int n = m.newest(), o = 1 - n;
  const bool fresh = m.txnid[0] == 0 && m.txnid[1] <= 1;
  if (!fresh && (m.txnid[n] % 2 != static_cast<uint64_t>(n) || m.txnid[n] != m.txnid[o] + 1)) {
    return Status::Corruption(
        data + ": the meta pages' transaction ids (" + std::to_string(m.txnid[0]) + ", " +
        std::to_string(m.txnid[1]) +
        ") are not two consecutive commits: the index would be rolled back to an older "
        "state or read half-written; the index is damaged, rebuild it from the input");
  }
  if (!fresh && m.last_pgno[n] < m.last_pgno[o]) {
    return Status::Corruption(DamagedMeta(
        data, n,
        "accounts for fewer pages than the commit before it (the index would be rolled back)"));
  }
  return m;
}

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
    case ENOSPC:
    case EIO:
    case EDQUOT: {
      // LMDB reports a short write (a full disk) as EIO: say what it is when the file system is
      // (nearly) full.
      struct statvfs fs;
      if (rc == ENOSPC || (::statvfs(where.c_str(), &fs) == 0 &&
                           static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < 64 * kMiB)) {
        return Status::IOError(where + ": " + what + ": no space left on device");
      }
      return Status::IOError(msg);
    }
    default:
      return Status::IOError(msg);
  }
}

StatusOr<std::unique_ptr<Env>> Env::Open(const std::string& dir, bool read_only, bool create,
                                         bool sync, uint64_t map_size, bool probe) {
  std::unique_ptr<Env> e(new Env());
  e->dir_ = dir;
  const std::string data = dir + "/data.mdb";
  struct stat st;
  const bool exists = ::stat(data.c_str(), &st) == 0;
  if (!exists && (read_only || !create || probe)) {
    return Status::NotFound(dir + ": no index here (data.mdb is missing)");
  }
  // What the file needs mapped: every page the newest meta page accounts for.
  uint64_t need = 0;
  if (exists) {
    StatusOr<MetaPages> meta = ReadMetaPages(data);
    if (!meta.ok()) return meta.status();
    const int n = meta->newest();
    need = (meta->last_pgno[n] + 1) * meta->page_size;
    const auto file = static_cast<uint64_t>(st.st_size);
    // Pages past the end of the file are normal only for a short run allocated and freed in one
    // transaction (checked below); a meta page claiming far more is damaged, and LMDB would try to
    // map all of it.
    if (meta->last_pgno[n] > (uint64_t{1} << 40) / meta->page_size || need > 2 * file + 64 * kMiB) {
      return Status::Corruption(data + ": file is truncated (" + std::to_string(file) +
                                " bytes, its pages need " + std::to_string(need) +
                                "); the index is damaged, rebuild it from the input");
    }
    need = std::max(need, file);
  }
  if (int rc = mdb_env_create(&e->env_); rc != 0) {
    return LmdbError(rc, dir, "cannot create environment");
  }
  mdb_env_set_assert(e->env_, OnLmdbAssert);
  mdb_env_set_maxdbs(e->env_, kNumDbs);
  mdb_env_set_maxreaders(e->env_, 126);
  // A reader maps what the file holds (it follows a writer's growth, Txn::Begin); a writer starts
  // with room to grow and grows further on MDB_MAP_FULL (Index).
  e->map_size_ = read_only ? RoundUpMiB(std::max<uint64_t>(need, kMiB))
                           : std::max(RoundUpMiB(need + need / 4),
                                      std::min<uint64_t>(64 * kMiB, RoundUpMiB(map_size / 4)));
  mdb_env_set_mapsize(e->env_, static_cast<size_t>(e->map_size_));
  unsigned flags = MDB_NOTLS;
  if (read_only || probe) flags |= MDB_RDONLY;
  if (probe) flags |= MDB_NOLOCK;
  if (!sync) flags |= MDB_NOSYNC;
  if (int rc = Guarded([&] { return mdb_env_open(e->env_, dir.c_str(), flags, 0644); }); rc != 0) {
    if (rc == kLmdbFault || rc == kLmdbAssert || rc == kLmdbLoop) {
      Abandon(e->env_);
      e->env_ = nullptr;
      return LmdbError(rc, dir, "cannot open index");
    }
    if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
      return LmdbError(rc, dir, "cannot open index");
    }
    return LmdbError(rc, dir, "cannot open index");
  }
  // A truncated data.mdb would be mapped past its end and fault on first access: compare the file
  // with the last page the newest meta page accounts for.
  MDB_envinfo info;
  MDB_stat est;
  mdb_env_info(e->env_, &info);
  mdb_env_stat(e->env_, &est);
  e->map_size_ = static_cast<uint64_t>(info.me_mapsize);
  if (::stat(data.c_str(), &st) != 0) {
    return Status::IOError(data + ": " + std::generic_category().message(errno));
  }
  const uint64_t pages_need = (static_cast<uint64_t>(info.me_last_pgno) + 1) * est.ms_psize;
  if (static_cast<uint64_t>(st.st_size) < pages_need &&
      !MissingPagesAreFree(e->env_, static_cast<uint64_t>(st.st_size) / est.ms_psize,
                           info.me_last_pgno)) {
    return Status::Corruption(data + ": file is truncated (" + std::to_string(st.st_size) +
                              " bytes, its pages need " + std::to_string(pages_need) +
                              "); the index is damaged, rebuild it from the input");
  }
  if (probe) return e;
  StatusOr<std::unique_ptr<Txn>> txn = Txn::Begin(e.get(), read_only);
  if (!txn.ok()) return txn.status();
  for (int i = 0; i < kNumDbs; ++i) {
    unsigned f = kDbFlags[i];
    if (!read_only) f |= MDB_CREATE;
    MDB_txn* const t = (*txn)->get();
    MDB_dbi* const dbi = &e->dbis_[i];
    const int rc = (*txn)->Call([&] { return mdb_dbi_open(t, kDbNames[i], f, dbi); });
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

Status Env::CheckOwnTables() const {
  MDB_txn* txn = nullptr;
  if (int rc = Guarded([&] { return mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn); }); rc != 0) {
    return LmdbError(rc, dir_, "cannot read");
  }
  std::string foreign;
  MDB_cursor* cursor = nullptr;
  MDB_dbi main = 0;
  int rc = Guarded([&] { return mdb_dbi_open(txn, nullptr, 0, &main); });
  if (rc == 0) rc = Guarded([&] { return mdb_cursor_open(txn, main, &cursor); });
  if (rc == 0) {
    rc = Guarded([&] {
      MDB_val k, v;
      int r = mdb_cursor_get(cursor, &k, &v, MDB_FIRST);
      for (; r == 0 && foreign.empty(); r = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
        if (int t = Touch(k); t != 0) return t;
        const std::string_view key = View(k);
        if (std::find(std::begin(kDbNames), std::end(kDbNames), key) == std::end(kDbNames)) {
          foreign.assign(key.substr(0, 40));
        }
      }
      return r == MDB_NOTFOUND || !foreign.empty() ? 0 : r;
    });
  }
  if (rc == kLmdbFault || rc == kLmdbAssert || rc == kLmdbLoop) {
    Abandon(cursor);
    Abandon(txn);
    set_poisoned();
  } else {
    if (cursor != nullptr) mdb_cursor_close(cursor);
    mdb_txn_abort(txn);
  }
  if (rc != 0) return LmdbError(rc, dir_, "cannot read");
  if (!foreign.empty()) {
    for (char& c : foreign) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    }
    return Status::Corruption(dir_ + ": not a neardup index: its LMDB database holds the key '" +
                              foreign +
                              "' (another program's database?); refused and left untouched");
  }
  return Status::OK();
}

Env::~Env() {
  if (env_ == nullptr) return;
  if (poisoned_) {
    Abandon(
        env_);  // a transaction of it was abandoned: closing would free what LMDB left half-changed
  } else {
    mdb_env_close(env_);
  }
}

Status Env::Grow(uint64_t bytes, uint64_t limit) {
  if (bytes > limit || map_size_ >= limit) {
    return Status::IOError(dir_ + ": the index reached its size limit (" + std::to_string(limit) +
                           " bytes)");
  }
  const uint64_t want = std::min(limit, RoundUpMiB(std::max(bytes, map_size_ * 2)));
  if (int rc = mdb_env_set_mapsize(env_, static_cast<size_t>(want)); rc != 0) {
    return LmdbError(rc, dir_, "cannot grow the map");
  }
  map_size_ = want;
  return Status::OK();
}

Status Env::FollowGrowth() const {
  struct stat st;
  if (::stat((dir_ + "/data.mdb").c_str(), &st) != 0) {
    return Status::IOError(dir_ + "/data.mdb: " + std::generic_category().message(errno));
  }
  // LMDB raises it to what the newest meta page accounts for.
  const uint64_t want = RoundUpMiB(std::max<uint64_t>(static_cast<uint64_t>(st.st_size), kMiB));
  if (int rc = mdb_env_set_mapsize(env_, static_cast<size_t>(want)); rc != 0) {
    return LmdbError(rc, dir_, "cannot map the grown index");
  }
  MDB_envinfo info;
  mdb_env_info(env_, &info);
  map_size_ = static_cast<uint64_t>(info.me_mapsize);
  return Status::OK();
}

uint64_t Env::FileBytes() const {
  struct stat st;
  if (::stat((dir_ + "/data.mdb").c_str(), &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_size);
}

StatusOr<std::unique_ptr<Txn>> Txn::Begin(const Env* env, bool read_only) {
  MDB_txn* t = nullptr;
  const unsigned flags = read_only ? MDB_RDONLY : 0;
  int rc = Guarded([&] { return mdb_txn_begin(env->env(), nullptr, flags, &t); });
  if (rc == MDB_MAP_RESIZED && read_only) {  // a writer grew the index since this reader mapped it
    if (Status s = env->FollowGrowth(); !s.ok()) return s;
    rc = Guarded([&] { return mdb_txn_begin(env->env(), nullptr, flags, &t); });
  }
  if (rc == kLmdbFault || rc == kLmdbAssert || rc == kLmdbLoop) env->set_poisoned();
  if (rc != 0) return LmdbError(rc, env->dir(), "cannot begin transaction");
  return std::unique_ptr<Txn>(new Txn(env, t, read_only));
}

Txn::~Txn() { Abort(); }

void Txn::Poison() const {
  poisoned_ = true;
  env_->set_poisoned();
}

void Txn::Abort() {
  if (txn_ != nullptr) {
    if (poisoned_) {
      Abandon(txn_);
    } else {
      mdb_txn_abort(txn_);
    }
  }
  txn_ = nullptr;
}

Status Txn::Commit() {
  MDB_txn* t = txn_;
  if (poisoned_) {
    Abort();
    return Status::Corruption(env_->dir() + ": cannot commit after LMDB found the index damaged");
  }
  const int rc = Call([&] { return mdb_txn_commit(t); });
  if (rc != 0 && poisoned_) Abandon(t);  // cut short inside: LMDB did not free it
  txn_ = nullptr;                        // otherwise LMDB freed it, committed or not
  if (rc == MDB_MAP_FULL) map_full_ = true;
  if (rc != 0) return LmdbError(rc, env_->dir(), "cannot commit");
  return Status::OK();
}

bool Txn::Get(Env::Db db, MDB_val key, MDB_val* value, Status* status) const {
  const MDB_dbi dbi = env_->dbi(db);
  const int rc = Call([&] {
    const int r = mdb_get(txn_, dbi, &key, value);
    return r == 0 ? Touch(*value) : r;
  });
  if (rc == 0) return true;
  if (rc != MDB_NOTFOUND) *status = LmdbError(rc, env_->dir(), "read failed");
  return false;
}

Status Txn::Put(Env::Db db, MDB_val key, MDB_val value, unsigned flags) {
  const MDB_dbi dbi = env_->dbi(db);
  const int rc = Call([&] { return mdb_put(txn_, dbi, &key, &value, flags); });
  if (rc == 0 || rc == MDB_KEYEXIST) return Status::OK();
  if (rc == MDB_MAP_FULL) map_full_ = true;
  return LmdbError(rc, env_->dir(), "write failed");
}

Status Txn::Del(Env::Db db, MDB_val key, const MDB_val* value) {
  MDB_val v = value != nullptr ? *value : MDB_val{0, nullptr};
  const MDB_dbi dbi = env_->dbi(db);
  MDB_val* const data = value != nullptr ? &v : nullptr;
  const int rc = Call([&] { return mdb_del(txn_, dbi, &key, data); });
  if (rc == 0 || rc == MDB_NOTFOUND) return Status::OK();
  if (rc == MDB_MAP_FULL) map_full_ = true;
  return LmdbError(rc, env_->dir(), "delete failed");
}

StatusOr<std::unique_ptr<Cursor>> Cursor::Open(const Txn& txn, Env::Db db) {
  MDB_cursor* c = nullptr;
  const MDB_dbi dbi = txn.env().dbi(db);
  // mdb_stat first: it reads the table's record with a cursor on the stack, so a fault there
  // leaks nothing; mdb_cursor_open, which mallocs its cursor first, then finds it read.
  MDB_stat st;
  if (int rc = txn.Call([&] { return mdb_stat(txn.get(), dbi, &st); }); rc != 0) {
    return LmdbError(rc, txn.env().dir(), "cannot open cursor");
  }
  if (int rc = txn.Call([&] { return mdb_cursor_open(txn.get(), dbi, &c); }); rc != 0) {
    return LmdbError(rc, txn.env().dir(), "cannot open cursor");
  }
  return std::unique_ptr<Cursor>(new Cursor(&txn, c));
}

Cursor::~Cursor() {
  if (txn_->poisoned()) {
    Abandon(cursor_);  // its transaction's cursor list may be half-changed
  } else {
    mdb_cursor_close(cursor_);
  }
}

bool Cursor::Get(MDB_val* key, MDB_val* value, MDB_cursor_op op, Status* status) {
  const int rc = txn_->Call([&] {
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
