// The index folder: refusing other programs' folders, creating data.mdb atomically.

#include "neardup/index/index_folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <system_error>

#include "neardup/index/lmdb_env.h"

namespace neardup::internal {
namespace {

std::string Errno() { return std::generic_category().message(errno); }

// Files an index folder may hold before its data.mdb exists (a creation under way or killed).
bool IndexFileName(const std::string& name) {
  return name == "." || name == ".." || name == kLockFile || name == kMarkerFile ||
         name == kCreatingFolder || name == "lock.mdb";
}

}  // namespace

Status FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": cannot open: " + Errno());
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::IOError(path + ": cannot sync: " + Errno());
  return Status::OK();
}

Status CheckIndexFolder(const std::string& dir) {
  const std::string data = dir + "/data.mdb";
  struct stat st;
  const bool have_data = ::stat(data.c_str(), &st) == 0 && st.st_size > 0;
  const bool have_marker = ::stat((dir + "/" + kMarkerFile).c_str(), &st) == 0;
  if (!have_data) {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      return errno == ENOENT ? Status::OK() : Status::IOError(dir + ": cannot list: " + Errno());
    }
    std::string other;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): one DIR stream, read by this thread alone.
    for (const dirent* e = ::readdir(d); e != nullptr && other.empty(); e = ::readdir(d)) {
      if (!IndexFileName(e->d_name) && std::string(e->d_name) != "data.mdb") other = e->d_name;
    }
    ::closedir(d);
    if (!other.empty() && !have_marker) {
      return Status::InvalidArgument(dir + ": not empty and not a neardup index (it holds '" +
                                     other + "'); an index needs a new or an empty folder");
    }
    return Status::OK();
  }
  if (have_marker) return Status::OK();
  // data.mdb without the marker: an index whose marker was not written yet, or someone else's.
  StatusOr<std::unique_ptr<Env>> probe =
      Env::Open(dir, /*read_only=*/true, /*create=*/false, /*sync=*/false,
                /*map_size=*/0, /*probe=*/true);
  if (!probe.ok()) {
    return Status::Corruption(dir + ": not a neardup index (" + probe.status().message() + ")");
  }
  return (*probe)->CheckOwnTables();
}

StatusOr<int> LockIndexWriter(const std::string& dir) {
  const std::string path = dir + "/" + kLockFile;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError(path + ": cannot open lock file: " + Errno());
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    if (err == EWOULDBLOCK) {
      std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
      while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
      return Status::Unavailable(dir + ": index is in use by another writer" +
                                 (holder.empty() ? "" : " (pid " + holder + ")") +
                                 "; only one process may write an index at a time");
    }
    return Status::IOError(path + ": cannot lock: " + std::generic_category().message(err));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] ssize_t w = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return fd;
}

Status WriteMarker(const std::string& dir) {
  const std::string marker = dir + "/" + kMarkerFile;
  const int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError(marker + ": cannot create: " + Errno());
  static constexpr char kText[] = "neardup streaming index (LMDB); see `neardup index stats`\n";
  const bool ok = ::write(fd, kText, sizeof kText - 1) == static_cast<ssize_t>(sizeof kText - 1) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::IOError(marker + ": cannot write: " + Errno());
  return Status::OK();
}

Status CreateIndexFiles(const std::string& dir, const IndexSettings& settings, bool sync,
                        uint64_t map_size) {
  const std::string tmp = dir + "/" + kCreatingFolder;
  // A creation killed earlier: nothing of it was ever visible.
  ::unlink((tmp + "/data.mdb").c_str());
  ::unlink((tmp + "/lock.mdb").c_str());
  ::rmdir(tmp.c_str());
  if (::mkdir(tmp.c_str(), 0755) != 0) return Status::IOError(tmp + ": cannot create: " + Errno());
  {
    StatusOr<std::unique_ptr<Env>> env =
        Env::Open(tmp, /*read_only=*/false, /*create=*/true, sync, map_size);
    if (!env.ok()) return env.status();
    StatusOr<std::unique_ptr<Txn>> txn = Txn::Begin(env->get(), false);
    if (!txn.ok()) return txn.status();
    IndexCounters counters;
    counters.commit = (*txn)->id();
    if (Status s = (*txn)->Put(Env::kMeta, Val("settings"), Val(EncodeSettings(settings)));
        !s.ok()) {
      return s;
    }
    if (Status s = (*txn)->Put(Env::kMeta, Val("counters"), Val(EncodeCounters(counters)));
        !s.ok()) {
      return s;
    }
    if (Status s = (*txn)->Commit(); !s.ok()) return s;
  }
  if (::rename((tmp + "/data.mdb").c_str(), (dir + "/data.mdb").c_str()) != 0) {
    return Status::IOError(dir + "/data.mdb: cannot move the new index into place: " + Errno());
  }
  ::unlink((tmp + "/lock.mdb").c_str());
  ::rmdir(tmp.c_str());
  return sync ? FsyncPath(dir, O_RDONLY | O_DIRECTORY) : Status::OK();
}

}  // namespace neardup::internal
