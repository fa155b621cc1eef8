// Stage files (stage_file.h).

#include "neardup/dist/stage_file.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "neardup/io/commit_temporary.h"

namespace neardup::dist {

std::string TempPathFor(const std::string& path) {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  uint64_t r = 0;
  if (getrandom(&r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) {
    // No entropy to be had: the clock and a counter still tell this host's writers apart.
    static std::atomic<uint64_t> calls{0};
    r = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
        (calls.fetch_add(1) << 40);
  }
  std::array<char, 17> hex{};
  std::snprintf(hex.data(), hex.size(), "%016" PRIx64, r);
  std::string tmp = path;
  tmp.append(".tmp.").append(host.data()).append(".").append(std::to_string(getpid()));
  tmp.append(".").append(hex.data());
  return tmp;
}

std::string StagePath(const std::string& dir, const char* name, int64_t a, int64_t b, bool meta) {
  std::string p = dir + "/" + name + "-" + std::to_string(a);
  if (b >= 0) p += "-" + std::to_string(b);
  if (meta) p += ".meta";
  return p;
}

// The XXH3-64 of each kStageBlockSize-byte block of a payload fed in pieces of any size.
class BlockSums {
 public:
  BlockSums() : state_(XXH3_createState(), &XXH3_freeState) {
    if (state_ != nullptr) XXH3_64bits_reset(state_.get());
  }
  bool ok() const { return state_ != nullptr; }
  void Update(std::string_view bytes) {
    while (!bytes.empty()) {
      const size_t take = std::min<size_t>(bytes.size(), kStageBlockSize - fill_);
      XXH3_64bits_update(state_.get(), bytes.data(), take);
      bytes.remove_prefix(take);
      fill_ += take;
      if (fill_ == kStageBlockSize) Close();
    }
  }
  // The table: one u64 per block, the last one possibly short.
  std::string Finish() {
    if (fill_ > 0) Close();
    return std::move(table_.str());
  }

 private:
  void Close() {
    table_.Put<uint64_t>(XXH3_64bits_digest(state_.get()));
    XXH3_64bits_reset(state_.get());
    fill_ = 0;
  }
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state_;
  size_t fill_ = 0;
  ByteWriter table_;
};

namespace {

uint64_t BlocksOf(uint64_t size) { return (size + kStageBlockSize - 1) / kStageBlockSize; }

std::string HeaderOf(StageKind kind, uint64_t size, std::string_view table) {
  ByteWriter h;
  h.str().append(kStageMagic, sizeof kStageMagic);
  h.Put<uint32_t>(kStageFormatVersion);
  h.Put<uint32_t>(static_cast<uint32_t>(kind));
  h.Put<uint64_t>(size);
  h.Put<uint64_t>(XXH3_64bits(table.data(), table.size()));
  return h.str();
}

Status BlockMismatch(const std::string& path, uint64_t block, uint64_t size) {
  const uint64_t begin = block * kStageBlockSize;
  const uint64_t end = std::min(size, begin + kStageBlockSize);
  return Status::Corruption(path + ": checksum mismatch in payload bytes " + std::to_string(begin) +
                            "-" + std::to_string(end - 1) + " (file offset " +
                            std::to_string(kStageHeaderSize + begin) + "; file damaged)");
}

}  // namespace

Status WriteStageFile(const std::string& path, StageKind kind, const std::string& payload) {
  return WriteStageFileParts(path, kind, {std::string_view{payload}});
}

Status WriteStageFileParts(const std::string& path, StageKind kind,
                           std::initializer_list<std::string_view> parts) {
  BlockSums sums;
  if (!sums.ok()) return Status::IOError(path + ": out of memory");
  uint64_t size = 0;
  for (std::string_view part : parts) {
    size += part.size();
    sums.Update(part);
  }
  const std::string table = sums.Finish();
  const std::string header = HeaderOf(kind, size, table);
  // Written beside its final name and renamed into place: a reader sees the whole file or
  // none. Not fsynced: a stage file lost with its machine is made again by rerunning its task,
  // and a damaged one is refused by its checksum.
  const std::string tmp = TempPathFor(path);
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Status::IOError(tmp + ": cannot create stage file");
  bool wrote = std::fwrite(header.data(), 1, header.size(), f) == header.size();
  for (std::string_view part : parts) {
    if (part.empty()) continue;  // an empty vector's data() may be null
    wrote = wrote && std::fwrite(part.data(), 1, part.size(), f) == part.size();
  }
  wrote = wrote && std::fwrite(table.data(), 1, table.size(), f) == table.size();
  return io::CommitTemporary(f, tmp, path, io::Durability::kRenameOnly, !wrote);
}

StageFileWriter::StageFileWriter() = default;

StageFileWriter::~StageFileWriter() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(tmp_.c_str());
  }
}

Status StageFileWriter::Open(const std::string& path, StageKind kind) {
  path_ = path;
  kind_ = kind;
  tmp_ = TempPathFor(path);
  sums_ = std::make_unique<BlockSums>();
  if (!sums_->ok()) return Status::IOError(path + ": out of memory");
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (file_ == nullptr) return Status::IOError(tmp_ + ": cannot create stage file");
  const std::string room(kStageHeaderSize, '\0');  // the header, written by Commit
  failed_ = std::fwrite(room.data(), 1, room.size(), file_) != room.size();
  return failed_ ? Status::IOError(tmp_ + ": cannot write stage file (disk full?)") : Status::OK();
}

Status StageFileWriter::Append(std::string_view bytes) {
  if (file_ == nullptr) return Status::IOError(path_ + ": stage file not open");
  if (bytes.empty()) {
    return failed_ ? Status::IOError(tmp_ + ": cannot write stage file") : Status::OK();
  }
  sums_->Update(bytes);
  size_ += bytes.size();
  failed_ = failed_ || std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size();
  return failed_ ? Status::IOError(tmp_ + ": cannot write stage file (disk full?)") : Status::OK();
}

Status StageFileWriter::Commit() {
  if (file_ == nullptr) return Status::IOError(path_ + ": stage file not open");
  const std::string table = sums_->Finish();
  const std::string header = HeaderOf(kind_, size_, table);
  failed_ = failed_ || std::fwrite(table.data(), 1, table.size(), file_) != table.size() ||
            std::fseek(file_, 0, SEEK_SET) != 0 ||
            std::fwrite(header.data(), 1, header.size(), file_) != header.size();
  std::FILE* f = file_;
  file_ = nullptr;
  return io::CommitTemporary(f, tmp_, path_, io::Durability::kRenameOnly, failed_);
}

namespace {

// Checks a stage file's 32-byte header; *size and *sum get its payload size and the checksum of
// its block table.
Status CheckHeader(const std::string& path, const char* header, size_t got, StageKind kind,
                   uint64_t* size, uint64_t* sum) {
  if (got != kStageHeaderSize || std::memcmp(header, kStageMagic, sizeof kStageMagic) != 0) {
    return Status::Corruption(path + ": not a neardup stage file (bad magic)");
  }
  ByteReader h(std::string_view(header + 8, kStageHeaderSize - 8));
  const uint32_t version = h.Get<uint32_t>();
  const uint32_t got_kind = h.Get<uint32_t>();
  *size = h.Get<uint64_t>();
  *sum = h.Get<uint64_t>();
  if (version != kStageFormatVersion) {
    return Status::InvalidArgument(path + ": stage file format version " + std::to_string(version) +
                                   ", this neardup reads version " +
                                   std::to_string(kStageFormatVersion) +
                                   " (rerun every stage with one neardup build)");
  }
  if (got_kind != static_cast<uint32_t>(kind)) {
    return Status::Corruption(path + ": stage file of kind " + std::to_string(got_kind) +
                              ", expected kind " + std::to_string(static_cast<uint32_t>(kind)));
  }
  if (*size > (uint64_t{1} << 56)) return Status::Corruption(path + ": bad payload size");
  return Status::OK();
}

Status CheckTable(const std::string& path, std::string_view table, uint64_t sum) {
  if (XXH3_64bits(table.data(), table.size()) != sum) {
    return Status::Corruption(path + ": checksum mismatch in the block table (file damaged)");
  }
  return Status::OK();
}

Status Truncated(const std::string& path, uint64_t size) {
  return Status::Corruption(path + ": truncated stage file (" + std::to_string(size) +
                            " payload bytes announced)");
}

}  // namespace

Status ReadStageFile(const std::string& path, StageKind kind, std::string* payload) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return Status::NotFound(path + ": cannot open stage file");
  char header[kStageHeaderSize];
  const size_t got = std::fread(header, 1, sizeof header, f.get());
  uint64_t size = 0, sum = 0;
  if (Status s = CheckHeader(path, header, got, kind, &size, &sum); !s.ok()) return s;
  struct stat st {};
  if (fstat(fileno(f.get()), &st) == 0 &&
      static_cast<uint64_t>(st.st_size) < kStageHeaderSize + size + 8 * BlocksOf(size)) {
    return Truncated(path, size);  // before a buffer of the announced size is made
  }
  payload->resize(size);
  std::string table(8 * BlocksOf(size), '\0');
  if ((size > 0 && std::fread(payload->data(), 1, size, f.get()) != size) ||
      (!table.empty() && std::fread(table.data(), 1, table.size(), f.get()) != table.size())) {
    return Truncated(path, size);
  }
  if (std::fgetc(f.get()) != EOF) return Status::Corruption(path + ": bytes after the payload");
  if (Status s = CheckTable(path, table, sum); !s.ok()) return s;
  for (uint64_t b = 0; b < table.size() / 8; ++b) {
    const uint64_t at = b * kStageBlockSize;
    const uint64_t got_sum = XXH3_64bits(payload->data() + at,
                                         static_cast<size_t>(std::min(kStageBlockSize, size - at)));
    if (std::memcmp(&got_sum, table.data() + 8 * b, 8) != 0) return BlockMismatch(path, b, size);
  }
  return Status::OK();
}

StageFilePieces::StageFilePieces() = default;

StageFilePieces::~StageFilePieces() {
  if (fd_ >= 0) close(fd_);
}

Status StageFilePieces::Open(const std::string& path, StageKind kind) {
  path_ = path;
  fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return Status::NotFound(path + ": cannot open stage file");
  struct stat st {};
  char header[kStageHeaderSize];
  const ssize_t got = pread(fd_, header, sizeof header, 0);
  uint64_t size = 0, sum = 0;
  if (Status s =
          CheckHeader(path, header, got < 0 ? 0 : static_cast<size_t>(got), kind, &size, &sum);
      !s.ok()) {
    return s;
  }
  const uint64_t blocks = BlocksOf(size);
  if (fstat(fd_, &st) != 0 ||
      static_cast<uint64_t>(st.st_size) != kStageHeaderSize + size + 8 * blocks) {
    return Truncated(path, size);
  }
  sums_.assign(static_cast<size_t>(blocks), 0);
  if (blocks > 0 && !ReadAll(kStageHeaderSize + size, 8 * blocks, sums_.data())) {
    return Status::IOError(path_ + ": read error");
  }
  if (Status s = CheckTable(path, {reinterpret_cast<const char*>(sums_.data()), 8 * blocks}, sum);
      !s.ok()) {
    return s;
  }
  checked_ = std::make_unique<std::atomic<bool>[]>(static_cast<size_t>(blocks));
  size_ = size;
  return Status::OK();
}

bool StageFilePieces::ReadAll(uint64_t at, size_t n, void* out) const {
  char* to = static_cast<char*>(out);
  while (n > 0) {
    const ssize_t got = pread(fd_, to, n, static_cast<off_t>(at));
    if (got <= 0) return false;
    to += got;
    at += static_cast<uint64_t>(got);
    n -= static_cast<size_t>(got);
  }
  return true;
}

Status StageFilePieces::Read(uint64_t offset, size_t n, void* out) const {
  if (offset > size_ || size_ - offset < n) {
    return Status::Corruption(path_ + ": malformed stage file payload");
  }
  if (!ReadAll(kStageHeaderSize + offset, n, out)) return Status::IOError(path_ + ": read error");
  if (n == 0) return Status::OK();
  // Each block the bytes touch is checked once: from `out` when they cover it, else read whole.
  std::string block;
  for (uint64_t b = offset / kStageBlockSize; b <= (offset + n - 1) / kStageBlockSize; ++b) {
    if (checked_[b].load(std::memory_order_relaxed)) continue;
    const uint64_t begin = b * kStageBlockSize;
    const auto len = static_cast<size_t>(std::min(kStageBlockSize, size_ - begin));
    const char* bytes = static_cast<const char*>(out) + (begin - std::min(begin, offset));
    if (begin < offset || begin + len > offset + n) {
      block.resize(len);
      if (!ReadAll(kStageHeaderSize + begin, len, block.data())) {
        return Status::IOError(path_ + ": read error");
      }
      bytes = block.data();
    }
    if (XXH3_64bits(bytes, len) != sums_[b]) return BlockMismatch(path_, b, size_);
    checked_[b].store(true, std::memory_order_relaxed);
  }
  return Status::OK();
}

Status WriteCounts(const std::string& path, StageKind kind,
                   std::initializer_list<uint64_t> counts) {
  ByteWriter w;
  for (const uint64_t n : counts) w.Put<uint64_t>(n);
  return WriteStageFile(path, kind, w.str());
}

Status ReadCounts(const std::string& path, StageKind kind,
                  std::initializer_list<uint64_t*> counts) {
  std::string payload;
  if (Status s = ReadStageFile(path, kind, &payload); !s.ok()) return s;
  ByteReader r(payload);
  for (uint64_t* n : counts) *n = r.Get<uint64_t>();
  return CheckFullyRead(r, path);
}

Status CheckFullyRead(const ByteReader& r, const std::string& path) {
  if (r.failed() || !r.done()) return Status::Corruption(path + ": malformed stage file payload");
  return Status::OK();
}

}  // namespace neardup::dist
