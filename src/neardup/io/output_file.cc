// OutputFile: temp file + fsync + rename for named outputs; checked writes for stdout.

#include "neardup/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

namespace neardup {
namespace {

// The text of errno value `err`. Not std::strerror, which may share one buffer between threads.
std::string ErrnoText(int err) { return std::generic_category().message(err); }

}  // namespace

StatusOr<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path) {
  if (path == "-") return std::unique_ptr<OutputFile>(new OutputFile(path, "", stdout));
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return Status::IOError(path + ": cannot write output: is a folder");
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return Status::IOError(path + ": cannot open output: " + ErrnoText(errno));
    return std::unique_ptr<OutputFile>(new OutputFile(path, "", f));
  }
  std::string tmpl = path + ".tmp.XXXXXX";
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return Status::IOError(path + ": cannot create output file: " + ErrnoText(errno));
  fchmod(fd, 0644);
  std::FILE* f = fdopen(fd, "wb");
  if (f == nullptr) {
    int err = errno;
    close(fd);
    unlink(tmpl.c_str());
    return Status::IOError(path + ": cannot open output file: " + ErrnoText(err));
  }
  return std::unique_ptr<OutputFile>(new OutputFile(path, tmpl, f));
}

OutputFile::~OutputFile() {
  if (is_stdout()) {
    std::fflush(file_);
    return;
  }
  if (file_ != nullptr) std::fclose(file_);
  if (!committed_ && !is_direct()) unlink(tmp_path_.c_str());
}

Status OutputFile::Fail(const char* what) {
  const std::string name = is_stdout() ? std::string("standard output") : path_;
  status_ = Status::IOError(name + ": " + what + ": " + ErrnoText(errno));
  return status_;
}

Status OutputFile::Write(std::string_view bytes) {
  if (!status_.ok()) return status_;
  if (bytes.empty()) return status_;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return Fail("write failed");
  }
  return status_;
}

Status OutputFile::Commit() {
  if (!status_.ok()) return status_;
  if (std::fflush(file_) != 0) return Fail("write failed");
  if (is_stdout()) return status_;
  if (is_direct()) {  // a device or FIFO: flushed is written
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) return Fail("close failed");
    committed_ = true;
    return status_;
  }
  if (fsync(fileno(file_)) != 0) return Fail("fsync failed");
  if (std::fclose(file_) != 0) {
    file_ = nullptr;
    return Fail("close failed");
  }
  file_ = nullptr;
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) return Fail("rename failed");
  committed_ = true;
  return status_;
}

}  // namespace neardup
