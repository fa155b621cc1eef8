// OutputFile: where a result goes — standard output, something written in place (a device, a
// FIFO, /dev/stdout, the target of a symbolic link that is not a regular file), or a regular file
// replaced atomically (a temporary file beside it, fsynced and renamed over it on Commit), so a
// failed or interrupted run never leaves a half-written file. Thread-compatible.
#ifndef NEARDUP_OUTPUT_FILE_H_
#define NEARDUP_OUTPUT_FILE_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "neardup/status.h"

namespace neardup {

class OutputFile {
 public:
  // Opens `path` for writing; nothing is ever replaced but a regular file:
  //  - "-", "/dev/stdout", "/dev/fd/N", "/proc/self/fd/N": that open descriptor, written as is;
  //  - a symbolic link is written through: a link to a regular file replaces that file
  //    atomically (the link stays a link), a link to anything else is written in place;
  //  - a device, FIFO or socket is written in place (never renamed over);
  //  - a regular file is replaced atomically on Commit, keeping its permission bits (and owner,
  //    where allowed); a new file is created with 0666 minus the umask. The temporary file is
  //    "<path>.tmp.XXXXXX" in the same folder; RemoveTemporaryFiles() deletes it on a signal.
  // IOError naming the path when it is a folder or cannot be opened or created.
  static StatusOr<std::unique_ptr<OutputFile>> Open(const std::string& path);
  // Removes the temporary file unless Commit() succeeded.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Buffered write. After the first failure (disk full, closed pipe) every later call returns
  // the same error and writes nothing.
  Status Write(std::string_view bytes);
  // Flushes everything written (and for a replaced file fsyncs and closes the temporary file)
  // without making it visible yet: call Finish on every output of a run, then Commit on each, so
  // they appear together or not at all. Idempotent.
  Status Finish();
  // Finish(), then for a replaced file renames the temporary file over `path` and fsyncs the
  // folder.
  Status Commit();
  bool is_stdout() const { return fd_ == 1 && tmp_path_.empty(); }
  // Written in place (standard output, a device, a FIFO): no temporary file, nothing to rename.
  bool is_direct() const { return tmp_path_.empty(); }
  const std::string& path() const { return path_; }

  // Deletes the temporary files of every OutputFile not yet committed. Async-signal-safe: for a
  // SIGINT/SIGTERM handler, which should then end the process.
  static void RemoveTemporaryFiles();

 private:
  OutputFile(std::string path, std::string target, std::string tmp_path, int fd, bool owns_fd);
  Status Fail(const char* what);
  std::string path_;      // as given
  std::string target_;    // what the temporary file is renamed to (the link's target for a link)
  std::string tmp_path_;  // empty when written in place
  int fd_;
  bool owns_fd_;
  std::FILE* file_ = nullptr;
  int slot_ = -1;  // in the signal-time removal table
  Status status_;
  bool finished_ = false;
  bool committed_ = false;
};

}  // namespace neardup

#endif  // NEARDUP_OUTPUT_FILE_H_
