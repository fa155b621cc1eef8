// Compressed input: gzip (zlib) and Zstandard (libzstd) streams decoded as ByteStreams, and the
// file-name rules that pick them (".gz", ".zst"). Thread-safety: one stream per thread.
#ifndef NEARDUP_IO_COMPRESSED_STREAM_H_
#define NEARDUP_IO_COMPRESSED_STREAM_H_

#include <memory>
#include <string>
#include <string_view>

#include "neardup/io/line_reader.h"
#include "neardup/status.h"

namespace neardup::internal {

enum class Compression { kNone, kGzip, kZstd };

// The compression a file name asks for: "*.gz" gzip, "*.zst" Zstandard, anything else none.
Compression CompressionOf(std::string_view name);

// `name` without a ".gz" / ".zst" suffix ("a.jsonl.gz" -> "a.jsonl"); other names unchanged.
std::string_view StripCompressionSuffix(std::string_view name);

// Wraps `inner` so that reads return the decompressed bytes. gzip: every member of a multi-member
// file is decoded in turn; Zstandard: every frame. Corrupt or truncated data makes Read fail with
// IOError("corrupt gzip data: ...") / ("corrupt zstd data: ...") / ("truncated ... data").
// kNone returns `inner` itself. Cost: the decompression, on the thread that calls Read.
std::unique_ptr<ByteStream> Decompressing(std::unique_ptr<ByteStream> inner, Compression c);

// OpenFileStream, then Decompressing by CompressionOf(path).
StatusOr<std::unique_ptr<ByteStream>> OpenInputStream(const std::string& path);

}  // namespace neardup::internal

#endif  // NEARDUP_IO_COMPRESSED_STREAM_H_
