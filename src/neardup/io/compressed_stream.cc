// gzip and Zstandard ByteStreams over another ByteStream, with a 256 KiB input buffer each.

#include "neardup/io/compressed_stream.h"

#include <zlib.h>
#include <zstd.h>

#include <limits>
#include <utility>
#include <vector>

namespace neardup::internal {
namespace {

constexpr size_t kInputBuffer = size_t{256} << 10;

// Input shared by both decoders: refills from the inner stream when empty.
class Input {
 public:
  explicit Input(std::unique_ptr<ByteStream> inner)
      : inner_(std::move(inner)), buf_(kInputBuffer) {}
  // Makes bytes available unless at the end; IOError on a read error.
  Status Fill() {
    if (pos_ < len_ || eof_) return Status::OK();
    StatusOr<size_t> got = inner_->Read(buf_.data(), buf_.size());
    if (!got.ok()) return got.status();
    pos_ = 0;
    len_ = *got;
    eof_ = len_ == 0;
    return Status::OK();
  }
  const char* data() const { return buf_.data() + pos_; }
  size_t size() const { return len_ - pos_; }
  void Consume(size_t n) { pos_ += n; }
  bool eof() const { return eof_ && pos_ == len_; }

 private:
  std::unique_ptr<ByteStream> inner_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
};

class GzipStream final : public ByteStream {
 public:
  // 15 + 32: a zlib or gzip header, detected automatically, the largest window.
  explicit GzipStream(std::unique_ptr<ByteStream> inner)
      : in_(std::move(inner)), ok_(inflateInit2(&z_, 15 + 32) == Z_OK) {}
  ~GzipStream() override {
    if (ok_) inflateEnd(&z_);
  }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (!ok_) return Status::IOError("gzip: cannot initialize zlib");
    n = std::min<size_t>(n, std::numeric_limits<uInt>::max());
    while (true) {
      if (Status s = in_.Fill(); !s.ok()) return s;
      if (in_.eof()) {
        if (in_member_) return Status::IOError("truncated gzip data");
        return size_t{0};
      }
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in_.data()));
      z_.avail_in =
          static_cast<uInt>(std::min<size_t>(in_.size(), std::numeric_limits<uInt>::max()));
      z_.next_out = reinterpret_cast<Bytef*>(buf);
      z_.avail_out = static_cast<uInt>(n);
      const uInt before = z_.avail_in;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      in_.Consume(before - z_.avail_in);
      const size_t out = n - z_.avail_out;
      in_member_ = true;
      if (rc == Z_STREAM_END) {
        // A gzip file may hold several members, one after another: decode the next one.
        inflateReset(&z_);
        in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Status::IOError(std::string("corrupt gzip data: ") +
                               (z_.msg != nullptr ? z_.msg : "inflate failed"));
      }
      if (out > 0) return out;
    }
  }

 private:
  Input in_;
  z_stream z_{};
  bool ok_ = false;
  bool in_member_ = false;  // inside a member that has not ended yet
};

class ZstdStream final : public ByteStream {
 public:
  explicit ZstdStream(std::unique_ptr<ByteStream> inner)
      : in_(std::move(inner)), dctx_(ZSTD_createDCtx()) {}
  ~ZstdStream() override { ZSTD_freeDCtx(dctx_); }
  ZstdStream(const ZstdStream&) = delete;
  ZstdStream& operator=(const ZstdStream&) = delete;

  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (dctx_ == nullptr) return Status::IOError("zstd: cannot create a decompression context");
    while (true) {
      if (Status s = in_.Fill(); !s.ok()) return s;
      if (in_.eof()) {
        if (in_frame_) return Status::IOError("truncated zstd data");
        return size_t{0};
      }
      ZSTD_inBuffer input{in_.data(), in_.size(), 0};
      ZSTD_outBuffer output{buf, n, 0};
      const size_t rc = ZSTD_decompressStream(dctx_, &output, &input);
      in_.Consume(input.pos);
      if (ZSTD_isError(rc)) {
        return Status::IOError(std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc));
      }
      in_frame_ = rc != 0;  // 0: a frame just ended
      if (output.pos > 0) return output.pos;
    }
  }

 private:
  Input in_;
  ZSTD_DCtx* dctx_;
  bool in_frame_ = false;
};

}  // namespace

Compression CompressionOf(std::string_view name) {
  if (name.ends_with(".gz")) return Compression::kGzip;
  if (name.ends_with(".zst")) return Compression::kZstd;
  return Compression::kNone;
}

std::string_view StripCompressionSuffix(std::string_view name) {
  switch (CompressionOf(name)) {
    case Compression::kGzip:
      return name.substr(0, name.size() - 3);
    case Compression::kZstd:
      return name.substr(0, name.size() - 4);
    case Compression::kNone:
      break;
  }
  return name;
}

std::unique_ptr<ByteStream> Decompressing(std::unique_ptr<ByteStream> inner, Compression c) {
  switch (c) {
    case Compression::kGzip:
      return std::make_unique<GzipStream>(std::move(inner));
    case Compression::kZstd:
      return std::make_unique<ZstdStream>(std::move(inner));
    case Compression::kNone:
      break;
  }
  return inner;
}

StatusOr<std::unique_ptr<ByteStream>> OpenInputStream(const std::string& path) {
  StatusOr<std::unique_ptr<FdStream>> fd = OpenFileStream(path);
  if (!fd.ok()) return fd.status();
  return Decompressing(std::move(fd).value(), CompressionOf(path));
}

}  // namespace neardup::internal
