// Index::Compact: LMDB's compacting copy into `dir`/.compacting, checked, then renamed over
// data.mdb under the writer lock.

#include "neardup/index/index_compact.h"

#include <fcntl.h>
#include <lmdb.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <system_error>

#include "neardup/base/out_of_memory.h"
#include "neardup/index/fault_guard.h"
#include "neardup/index/index_folder.h"
#include "neardup/index/index_records.h"
#include "neardup/index/lmdb_env.h"

namespace neardup {
namespace internal {
namespace {

constexpr const char* kCompactingFolder = ".compacting";

std::string Errno() { return std::generic_category().message(errno); }

// Closes a file descriptor on every way out of a scope.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  int fd_;
};

uint64_t FileBytes(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

// Removes the compaction folder and what it holds (an earlier compaction killed midway).
void RemoveCompacting(const std::string& tmp) {
  ::unlink((tmp + "/data.mdb").c_str());
  ::unlink((tmp + "/lock.mdb").c_str());
  ::rmdir(tmp.c_str());
}

// The counts of the index in `dir`, after reading and checking every record (Stats(true)).
StatusOr<IndexStats> VerifiedStats(const std::string& dir) {
  IndexOptions o;
  o.read_only = true;
  o.adopt_settings = true;
  o.create_if_missing = false;
  StatusOr<std::unique_ptr<Index>> index = Index::Open(dir, o);
  if (!index.ok()) return index.status();
  return (*index)->Stats(/*verify=*/true);
}

// LMDB's compacting copy of `dir`/data.mdb into `tmp`/data.mdb.
Status CopyCompacted(const std::string& dir, const std::string& tmp) {
  StatusOr<std::unique_ptr<Env>> env =
      Env::Open(dir, /*read_only=*/true, /*create=*/false, /*sync=*/false, /*map_size=*/0);
  if (!env.ok()) return env.status();
  MDB_env* e = (*env)->env();
  const int rc = Guarded([&] { return mdb_env_copy2(e, tmp.c_str(), MDB_CP_COMPACT); });
  if (rc != 0) {
    if (rc == kLmdbFault || rc == kLmdbAssert || rc == kLmdbLoop) (*env)->set_poisoned();
    return LmdbError(rc, dir, "cannot copy the index");
  }
  return Status::OK();
}

// The copy starts at LMDB transaction 1, while the counters record names the commit that wrote
// it (a rolled-back index is caught by that): one commit in the copy rewrites it.
Status RestampCounters(const std::string& tmp, bool sync) {
  StatusOr<std::unique_ptr<Env>> env =
      Env::Open(tmp, /*read_only=*/false, /*create=*/false, sync, /*map_size=*/0);
  if (!env.ok()) return env.status();
  StatusOr<std::unique_ptr<Txn>> txn = Txn::Begin(env->get(), /*read_only=*/false);
  if (!txn.ok()) return txn.status();
  MDB_val v;
  Status st;
  if (!(*txn)->Get(Env::kMeta, Val("counters"), &v, &st)) {
    return st.ok() ? Status::Corruption(tmp + ": counters record missing in the copy") : st;
  }
  IndexCounters counters;
  if (Status d = DecodeCounters(std::string_view(static_cast<const char*>(v.mv_data), v.mv_size),
                                &counters);
      !d.ok()) {
    return d;
  }
  counters.commit = (*txn)->id();
  if (Status p = (*txn)->Put(Env::kMeta, Val("counters"), Val(EncodeCounters(counters))); !p.ok()) {
    return p;
  }
  return (*txn)->Commit();
}

}  // namespace

StatusOr<IndexCompaction> CompactIndexFolder(const std::string& dir, bool sync) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) return Status::NotFound(dir + ": no index here");
  if (!S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument(dir + ": not a folder (an index is a folder)");
  }
  const std::string data = dir + "/data.mdb";
  if (::stat((dir + "/" + kMarkerFile).c_str(), &st) != 0 || ::stat(data.c_str(), &st) != 0) {
    return Status::NotFound(dir + ": no index here");
  }
  if (Status f = CheckIndexFolder(dir); !f.ok()) return f;
  StatusOr<int> lock = LockIndexWriter(dir);
  if (!lock.ok()) return lock.status();
  const FdCloser unlock(*lock);

  IndexCompaction out;
  out.bytes_before = FileBytes(data);
  // A damaged index is refused before it is copied: the copy would carry the damage under a
  // fresh commit stamp.
  StatusOr<IndexStats> before = VerifiedStats(dir);
  if (!before.ok()) return before.status();
  out.documents = before->documents;

  const std::string tmp = dir + "/" + kCompactingFolder;
  RemoveCompacting(tmp);
  if (::mkdir(tmp.c_str(), 0755) != 0) return Status::IOError(tmp + ": cannot create: " + Errno());
  Status s = CopyCompacted(dir, tmp);
  if (s.ok()) s = RestampCounters(tmp, sync);
  if (s.ok()) {
    StatusOr<IndexStats> after = VerifiedStats(tmp);
    if (!after.ok()) {
      s = after.status();
    } else if (after->documents != before->documents || after->paragraphs != before->paragraphs ||
               after->band_entries != before->band_entries) {
      s = Status::Corruption(dir + ": the compacted copy does not hold what the index holds (" +
                             std::to_string(after->documents) + " documents, " +
                             std::to_string(before->documents) +
                             " expected); index left as it was");
    }
  }
  if (s.ok() && sync) s = FsyncPath(tmp + "/data.mdb", O_RDONLY);
  if (s.ok()) {
    ::unlink((tmp + "/lock.mdb").c_str());
    if (::rename((tmp + "/data.mdb").c_str(), data.c_str()) != 0) {
      s = Status::IOError(data + ": cannot move the compacted index into place: " + Errno());
    }
  }
  if (!s.ok()) {
    RemoveCompacting(tmp);
    return s;
  }
  // LMDB's lock file describes the old data.mdb (its last transaction id): the next process to
  // open the index makes a new one.
  ::unlink((dir + "/lock.mdb").c_str());
  ::rmdir(tmp.c_str());
  if (sync) {
    if (Status d = FsyncPath(dir, O_RDONLY | O_DIRECTORY); !d.ok()) return d;
  }
  out.bytes_after = FileBytes(data);
  return out;
}

}  // namespace internal

StatusOr<IndexCompaction> Index::Compact(const std::string& dir, bool sync) {
  return CatchOutOfMemory("compacting the index",
                          [&] { return internal::CompactIndexFolder(dir, sync); });
}

}  // namespace neardup
