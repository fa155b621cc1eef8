// LineReader: splits a byte stream into '\n'-terminated lines with a growing buffer (no line-length
// cap; it shrinks again after a long line) and readable padding after each line, as simdjson
// needs. Thread-safety: one per thread.
#ifndef NEARDUP_INTERNAL_LINE_READER_H_
#define NEARDUP_INTERNAL_LINE_READER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "neardup/status.h"

namespace neardup::internal {

// A source of bytes: a file descriptor or a memory block.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `n` (> 0) bytes into `buf`. Returns the count, 0 at end of stream, or an IOError.
  virtual StatusOr<size_t> Read(char* buf, size_t n) = 0;
  // How many bytes the stream probably holds, 0 when unknown; only a hint for preallocation.
  virtual size_t SizeHint() const { return 0; }
};

// Reads from a POSIX file descriptor, retrying EINTR. Closes it on destruction when `owned`.
class FdStream final : public ByteStream {
 public:
  FdStream(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FdStream() override;
  FdStream(const FdStream&) = delete;
  FdStream& operator=(const FdStream&) = delete;
  StatusOr<size_t> Read(char* buf, size_t n) override;
  size_t SizeHint() const override;  // the size of a regular file, else 0

 private:
  int fd_;
  bool owned_;
};

// Opens `path` read-only. On failure returns IOError("cannot open: <reason>").
StatusOr<std::unique_ptr<FdStream>> OpenFileStream(const std::string& path);

// Replaces *out with everything left in `stream` (presized by its SizeHint). On a read
// error returns IOError("read error: <reason>"); *out is then unspecified.
Status ReadAll(ByteStream* stream, std::string* out);

// Serves a memory block (not owned) in pieces of at most `max_chunk` bytes; for tests and fuzzing.
class MemoryStream final : public ByteStream {
 public:
  explicit MemoryStream(std::string_view data, size_t max_chunk = SIZE_MAX)
      : data_(data), max_chunk_(max_chunk == 0 ? 1 : max_chunk) {}
  StatusOr<size_t> Read(char* buf, size_t n) override;

 private:
  std::string_view data_;
  size_t max_chunk_;
};

class LineReader {
 public:
  // Bytes after each returned line that are allocated and hold spaces (simdjson's
  // SIMDJSON_PADDING is 64).
  static constexpr size_t kPadding = 64;

  explicit LineReader(std::unique_ptr<ByteStream> stream);
  ~LineReader() = default;
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Returns true with the next line in *line, without its '\n'; the view and its kPadding trailing
  // spaces stay valid until the next call. *terminated tells whether the line ended with '\n' (only
  // the last line of a stream may lack it). Returns false at the end of the stream or on a read
  // error; then status() says which. A partial line before a read error is dropped.
  bool Next(std::string_view* line, bool* terminated);
  const Status& status() const { return status_; }

 private:
  void RestorePadding();
  bool Grow();         // doubles the buffer, or sets status_ when that is impossible
  void MaybeShrink();  // gives back the memory of a long line once it has been consumed

  struct Free {
    void operator()(char* p) const;
  };

  std::unique_ptr<ByteStream> stream_;
  std::unique_ptr<char, Free> buf_;  // malloc'ed so that growing can realloc (mremap) in place
  size_t capacity_ = 0;  // bytes in buf_, of which the last kPadding are never filled by reads
  size_t begin_ = 0;     // first unconsumed byte
  size_t end_ = 0;       // one past the last byte read
  size_t scanned_ = 0;   // bytes in [begin_, scanned_) are known to hold no '\n'
  bool eof_ = false;
  Status status_;
  // Bytes overwritten by the padding of the line last returned, restored on the next call.
  char saved_[kPadding];
  size_t saved_at_ = SIZE_MAX;
};

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_LINE_READER_H_
