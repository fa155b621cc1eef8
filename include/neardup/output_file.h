// OutputFile: writes a result either to standard output or atomically to a named file (a temporary
// file beside it, renamed over it on Commit), so a failed or interrupted run never leaves a
// half-written file. Thread-compatible.
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
  // path "-" means standard output. A path naming something that is not a regular file (a
  // device such as /dev/null or /dev/stdout, a FIFO) is opened and written directly: renaming over
  // it would replace the device. Otherwise creates "<path>.tmp.XXXXXX" in the same folder; fails
  // with IOError naming the path when that is impossible.
  static StatusOr<std::unique_ptr<OutputFile>> Open(const std::string& path);
  // Removes the temporary file unless Commit() succeeded.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Buffered write. After the first failure (disk full, closed pipe) every later call returns
  // the same error and writes nothing.
  Status Write(std::string_view bytes);
  // Flushes; for a named regular file also fsyncs and renames the temporary file over `path`.
  Status Commit();
  bool is_stdout() const { return path_ == "-"; }
  // Written in place (standard output, a device, a FIFO): no temporary file, nothing to rename.
  bool is_direct() const { return tmp_path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  OutputFile(std::string path, std::string tmp_path, std::FILE* f)
      : path_(std::move(path)), tmp_path_(std::move(tmp_path)), file_(f) {}
  Status Fail(const char* what);
  std::string path_;
  std::string tmp_path_;
  std::FILE* file_;
  Status status_;
  bool committed_ = false;
};

}  // namespace neardup

#endif  // NEARDUP_OUTPUT_FILE_H_
