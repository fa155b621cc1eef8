// LineReader and its byte streams.

#include "neardup/io/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <system_error>

namespace neardup::internal {
namespace {

constexpr size_t kInitialCapacity = size_t{64} << 10;
constexpr size_t kMaxReadSize = size_t{1} << 30;  // POSIX read() caps a single call anyway
// A buffer grown past this for one long line goes back to kInitialCapacity once that line is done.
constexpr size_t kShrinkAbove = size_t{16} << 20;

}  // namespace

FdStream::~FdStream() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

StatusOr<size_t> FdStream::Read(char* buf, size_t n) {
  n = std::min(n, kMaxReadSize);
  while (true) {
    const ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) return Status::IOError(std::generic_category().message(errno));
  }
}

size_t FdStream::SizeHint() const {
  struct stat st;
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return 0;
  return static_cast<size_t>(st.st_size);
}

StatusOr<std::unique_ptr<FdStream>> OpenFileStream(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Status::IOError("cannot open: " + std::generic_category().message(errno));
  return std::make_unique<FdStream>(fd, /*owned=*/true);
}

Status ReadAll(ByteStream* stream, std::string* out) {
  // One byte past the hint lets the end of the file show up without growing the buffer.
  const size_t hint = stream->SizeHint();
  out->resize(hint > 0 ? hint + 1 : kInitialCapacity);
  size_t len = 0;
  while (true) {
    if (len == out->size()) out->resize(out->size() * 2);
    StatusOr<size_t> got = stream->Read(out->data() + len, out->size() - len);
    if (!got.ok()) return Status::IOError("read error: " + got.status().message());
    if (*got == 0) break;
    len += *got;
  }
  out->resize(len);
  return Status::OK();
}

StatusOr<size_t> MemoryStream::Read(char* buf, size_t n) {
  const size_t take = std::min({n, max_chunk_, data_.size()});
  if (take > 0) std::memcpy(buf, data_.data(), take);
  data_.remove_prefix(take);
  return take;
}

LineReader::LineReader(std::unique_ptr<ByteStream> stream) : stream_(std::move(stream)) {}

void LineReader::RestorePadding() {
  if (saved_at_ == SIZE_MAX) return;
  std::memcpy(buf_.get() + saved_at_, saved_, kPadding);
  saved_at_ = SIZE_MAX;
}

void LineReader::Free::operator()(char* p) const { std::free(p); }

bool LineReader::Grow() {
  const size_t want = capacity_ == 0 ? kInitialCapacity : capacity_ * 2;
  if (want <= capacity_) {
    status_ = Status::IOError("line too long");
    return false;
  }
  // Slide the partial line to the front, then let realloc move or extend the block.
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    scanned_ -= begin_;
    begin_ = 0;
  }
  char* bigger = static_cast<char*>(std::realloc(buf_.get(), want));
  if (bigger == nullptr) {
    status_ = Status::IOError("out of memory for a line of " + std::to_string(end_) + "+ bytes");
    return false;
  }
  (void)buf_.release();
  buf_.reset(bigger);
  capacity_ = want;
  return true;
}

void LineReader::MaybeShrink() {
  const size_t pending = end_ - begin_;
  if (capacity_ <= kShrinkAbove || pending + kPadding >= kInitialCapacity / 2) return;
  std::memmove(buf_.get(), buf_.get() + begin_, pending);
  end_ = pending;
  scanned_ -= begin_;
  begin_ = 0;
  char* smaller = static_cast<char*>(std::realloc(buf_.get(), kInitialCapacity));
  if (smaller == nullptr) return;  // keep the big block; nothing is lost
  (void)buf_.release();
  buf_.reset(smaller);
  capacity_ = kInitialCapacity;
}

bool LineReader::Next(std::string_view* line, bool* terminated) {
  RestorePadding();
  if (!status_.ok()) return false;
  MaybeShrink();
  size_t line_end;
  while (true) {
    const void* nl =
        scanned_ < end_ ? std::memchr(buf_.get() + scanned_, '\n', end_ - scanned_) : nullptr;
    if (nl != nullptr) {
      line_end = static_cast<size_t>(static_cast<const char*>(nl) - buf_.get());
      *terminated = true;
      break;
    }
    scanned_ = end_;
    if (eof_) {
      if (begin_ == end_) return false;
      line_end = end_;
      *terminated = false;
      break;
    }
    // Need more bytes: slide the partial line to the front, or grow when it fills the buffer.
    if (begin_ > 0 && end_ - begin_ < (capacity_ - kPadding) / 2) {
      std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      scanned_ -= begin_;
      begin_ = 0;
    }
    if (capacity_ == 0 || end_ + kPadding >= capacity_) {
      if (!Grow()) return false;
    }
    StatusOr<size_t> got = stream_->Read(buf_.get() + end_, capacity_ - kPadding - end_);
    if (!got.ok()) {
      status_ = got.status();
      return false;
    }
    if (*got == 0) eof_ = true;
    end_ += *got;
  }
  // The line is [begin_, line_end); pad it with spaces, saving what they cover.
  saved_at_ = line_end;
  std::memcpy(saved_, buf_.get() + line_end, kPadding);
  std::memset(buf_.get() + line_end, ' ', kPadding);
  *line = std::string_view(buf_.get() + begin_, line_end - begin_);
  begin_ = *terminated ? line_end + 1 : line_end;
  scanned_ = begin_;
  return true;
}

}  // namespace neardup::internal
