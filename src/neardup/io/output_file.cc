// OutputFile: temp file + fsync + rename for regular files; in-place writes for everything else.
// Also CommitTemporary (io/commit_temporary.h), the close-rename tail every temporary file shares.

#include "neardup/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

#include "neardup/io/commit_temporary.h"

namespace neardup {
namespace {

// The text of errno value `err`. Not std::strerror, which may share one buffer between threads.
std::string ErrnoText(int err) { return std::generic_category().message(err); }

// Temporary files not yet committed, for RemoveTemporaryFiles (a signal handler): each slot
// holds a path owned by a live OutputFile, or null.
constexpr int kSlots = 64;
std::atomic<const char*> g_temporary[kSlots];

int Register(const char* path) {
  for (int i = 0; i < kSlots; ++i) {
    const char* expected = nullptr;
    if (g_temporary[i].compare_exchange_strong(expected, path)) return i;
  }
  return -1;  // more than kSlots outputs at once: that one is not removed on a signal
}

void Unregister(int slot) {
  if (slot >= 0) g_temporary[slot].store(nullptr);
}

// N when `path` names an open descriptor of this process ("/dev/stdout", "/dev/fd/N",
// "/proc/self/fd/N"), else -1.
int DescriptorPath(const std::string& path) {
  if (path == "-" || path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  std::string_view digits;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (path.starts_with(prefix)) digits = std::string_view{path}.substr(prefix.size());
  }
  if (digits.empty() || digits.size() > 6) return -1;
  int n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

// The process umask, read without changing it where /proc allows.
mode_t CurrentUmask() {
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof line, f) != nullptr) {
      if (std::strncmp(line, "Umask:", 6) == 0) {
        std::fclose(f);
        return static_cast<mode_t>(std::strtoul(line + 6, nullptr, 8));
      }
    }
    std::fclose(f);
  }
  const mode_t mask = umask(022);
  umask(mask);
  return mask;
}

std::string Folder(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

OutputFile::OutputFile(std::string path, std::string target, std::string tmp_path, int fd,
                       bool owns_fd)
    : path_(std::move(path)),
      target_(std::move(target)),
      tmp_path_(std::move(tmp_path)),
      fd_(fd),
      owns_fd_(owns_fd) {
  if (!tmp_path_.empty()) slot_ = Register(tmp_path_.c_str());
}

StatusOr<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path) {
  auto make = [&](std::string target, std::string tmp, int fd,
                  bool owns) -> StatusOr<std::unique_ptr<OutputFile>> {
    std::unique_ptr<OutputFile> out(
        new OutputFile(path, std::move(target), std::move(tmp), fd, owns));
    if (fd == 1 && !owns) {
      out->file_ = stdout;
    } else {
      out->file_ = fdopen(fd, "wb");
      if (out->file_ == nullptr) {
        return Status::IOError(path + ": cannot open output: " + ErrnoText(errno));
      }
    }
    return out;
  };
  if (const int n = DescriptorPath(path); n >= 0) {
    if (n == 1) return make("", "", 1, false);
    const int fd = ::fcntl(n, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) return Status::IOError(path + ": cannot write output: " + ErrnoText(errno));
    return make("", "", fd, true);
  }
  struct stat link_st;
  const bool exists = ::lstat(path.c_str(), &link_st) == 0;
  std::string target = path;
  struct stat st = link_st;
  bool replace = !exists || S_ISREG(link_st.st_mode);
  if (exists && S_ISLNK(link_st.st_mode)) {
    // Written through: a regular target is replaced where it lies; anything else (a device, a
    // FIFO, a dangling link) is opened through the link.
    char resolved[PATH_MAX];
    replace = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
              ::realpath(path.c_str(), resolved) != nullptr;
    if (replace) target = resolved;
  }
  if (exists && S_ISDIR(st.st_mode)) {
    return Status::IOError(path + ": cannot write output: is a folder");
  }
  if (!replace) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return Status::IOError(path + ": cannot open output: " + ErrnoText(errno));
    struct stat opened;
    if (::fstat(fd, &opened) == 0 && S_ISDIR(opened.st_mode)) {
      ::close(fd);
      return Status::IOError(path + ": cannot write output: is a folder");
    }
    return make("", "", fd, true);
  }
  std::string tmpl = target + ".tmp.XXXXXX";
  const int fd = mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": cannot create output file: " + ErrnoText(errno));
  if (exists) {
    // The replacement keeps the permission bits, and where allowed the owner, of what it replaces.
    (void)::fchown(fd, st.st_uid, st.st_gid);
    ::fchmod(fd, st.st_mode & 07777);
  } else {
    ::fchmod(fd, 0666 & ~CurrentUmask());
  }
  auto out = make(target, tmpl, fd, true);
  if (!out.ok()) {
    ::close(fd);
    ::unlink(tmpl.c_str());
  }
  return out;
}

OutputFile::~OutputFile() {
  if (file_ == stdout) {
    std::fflush(file_);
  } else if (file_ != nullptr) {
    std::fclose(file_);
  }
  if (!committed_ && !is_direct()) ::unlink(tmp_path_.c_str());
  Unregister(slot_);
}

void OutputFile::RemoveTemporaryFiles() {
  for (auto& slot : g_temporary) {
    if (const char* p = slot.load()) ::unlink(p);
  }
}

Status OutputFile::Fail(const char* what) {
  const std::string name = is_stdout() ? std::string("standard output") : path_;
  status_ = Status::IOError(name + ": " + what + ": " + ErrnoText(errno));
  return status_;
}

Status OutputFile::Write(std::string_view bytes) {
  if (!status_.ok()) return status_;
  if (bytes.empty()) return status_;
  if (finished_) {
    status_ = Status::IOError(path_ + ": written after Finish()");
    return status_;
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return Fail("write failed");
  }
  return status_;
}

Status OutputFile::Finish() {
  if (!status_.ok() || finished_) return status_;
  finished_ = true;
  if (std::fflush(file_) != 0) return Fail("write failed");
  if (file_ == stdout) return status_;
  if (!is_direct() && fsync(fileno(file_)) != 0) return Fail("fsync failed");
  const int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0) return Fail("close failed");
  return status_;
}

Status OutputFile::Commit() {
  if (Status s = Finish(); !s.ok()) return s;
  if (committed_) return status_;
  if (!is_direct()) {
    if (const int err = io::RenameIntoPlace(tmp_path_, target_, io::Durability::kFsync); err != 0) {
      errno = err;
      return Fail("rename failed");
    }
  }
  committed_ = true;
  Unregister(slot_);
  slot_ = -1;
  return status_;
}

namespace io {

int RenameIntoPlace(const std::string& tmp, const std::string& path, Durability durability) {
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return errno;
  if (durability == Durability::kFsync) {
    const int dir = ::open(Folder(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      (void)::fsync(dir);  // the rename itself durable; not every file system allows it
      ::close(dir);
    }
  }
  return 0;
}

Status CommitTemporary(std::FILE* file, const std::string& tmp, const std::string& path,
                       Durability durability, bool write_failed) {
  int err = write_failed ? EIO : 0;
  if (err == 0 && std::fflush(file) != 0) err = errno;
  if (err == 0 && durability == Durability::kFsync && ::fsync(fileno(file)) != 0) err = errno;
  if (std::fclose(file) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return Status::IOError(tmp + ": cannot write (disk full?): " + ErrnoText(err));
  }
  if (err = RenameIntoPlace(tmp, path, durability); err != 0) {
    ::unlink(tmp.c_str());
    return Status::IOError(path + ": cannot rename into place: " + ErrnoText(err));
  }
  return Status::OK();
}

}  // namespace io
}  // namespace neardup
