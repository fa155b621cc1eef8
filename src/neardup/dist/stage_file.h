// Stage files: the versioned, checksummed container every distributed stage (dist/) reads and
// writes, plus the byte writer/reader for their payloads and the work folder's file names and
// partition hash. Format: docs/formats/stage-files.md. Thread-safety: pure functions; a
// ByteWriter/ByteReader is thread-compatible.
#ifndef NEARDUP_DIST_STAGE_FILE_H_
#define NEARDUP_DIST_STAGE_FILE_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/status.h"

namespace neardup::dist {

inline constexpr char kStageMagic[8] = {'N', 'D', 'S', 'T', 'A', 'G', 'E', '\n'};
inline constexpr uint32_t kStageFormatVersion = 5;
// magic, version, kind, payload size, XXH3-64 of the block table (which follows the payload)
inline constexpr size_t kStageHeaderSize = 32;
// The payload is checksummed per block of this size (XXH3-64 each, the last block possibly
// short), so a task that reads a few pieces of a file checks just the blocks it reads.
inline constexpr uint64_t kStageBlockSize = uint64_t{64} << 10;

// What a stage file holds (the header's kind field).
enum class StageKind : uint32_t {
  kSignMeta = 1,         // sign-S.meta: a shard's document range and counts
  kUnits = 2,            // units-S: a shard's documents and units
  kKeys = 3,             // keys-S: a shard's distinct texts' band keys, band-major
  kEdges = 4,            // edges-V-Q / rev-V-Q: verified group pairs, by node partition Q
  kGroups = 5,           // groups-P-Q: ident partition P's groups of node partition Q
  kBucketMeta = 6,       // bucket-P.meta: oversized buckets
  kCcState = 7,          // cc-T-Q / ccl-Q: node partition Q's labels after step T / cc-local
  kCcMessages = 8,       // ccm-T-Q-R: messages of step T from partition Q to partition R
  kComponent = 9,        // comp-Q-R: groups and edges routed to component partition R
  kShardOut = 10,        // out-R-S: records of component partition R for shard S
  kComponentsMeta = 11,  // components-R.meta: pairs, clusters per shard
  kApplyMeta = 12,       // apply-S.meta: what dedup kept of a shard
  // 13 (texts-S) and 16 (canon-P-S): format 3 only.
  kShingles = 14,    // shingles-S: their shingle sets, read piecewise by verify
  kIdent = 15,       // ident-S-P: a shard's texts routed by hash to P, with their members
  kIdentMeta = 17,   // ident-P.meta: distinct texts
  kCandidates = 18,  // cand-P-V: candidate group pairs of bucket P for verify partition V
  kVerifyMeta = 19,  // verify-V.meta: candidates and verified pairs
  kDups = 20,        // dups-P: each shard's texts of hash partition P seen in an earlier shard
};

// The hash every stage routes a 64-bit key by: SplitMix64's finalizer, its high 32 bits scaled
// to [0, partitions) by a multiply and shift (no division).
inline uint32_t PartitionOf(uint64_t key, uint32_t partitions) {
  key += 0x9e3779b97f4a7c15ULL;
  key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
  key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
  key ^= key >> 31;
  return static_cast<uint32_t>(((key >> 32) * partitions) >> 32);
}

// Bucket partitions own (band, slice) slots: a band's keys are cut into
// k = max(ceil(P / 8), ceil(P / bands)) slices by PartitionOf(band << 32 | key, k), slot
// band · k + slice, and partition p owns the contiguous slots i with i · P / (bands · k) = p. So
// every partition owns a slot, and a slot (one task's work at a time) holds at most 1/k ≤ 8/P of
// a band's keys (k = 1, whole bands, when P <= 8 and P <= bands).
inline uint32_t SlicesPerBand(uint32_t partitions, uint32_t bands) {
  return std::max((partitions + 7) / 8, (partitions + bands - 1) / bands);
}
inline uint32_t SlotOwner(uint64_t slot, uint32_t partitions, uint32_t bands) {
  const uint64_t slots = uint64_t{bands} * SlicesPerBand(partitions, bands);
  return static_cast<uint32_t>(slot * partitions / slots);
}

// "DIR/NAME-A" or "DIR/NAME-A-B" (b >= 0), with ".meta" appended when `meta`.
std::string StagePath(const std::string& dir, const char* name, int64_t a, int64_t b = -1,
                      bool meta = false);

// A temporary name beside `path` ("PATH.tmp.HOST.PID.RANDOM", 64 random bits) that no other
// task writes, on this host or another sharing the folder (a task the scheduler took for lost
// may still run beside its retry). Cost: a gethostname and a getrandom call.
std::string TempPathFor(const std::string& path);

class BlockSums;  // stage_file.cc

// Writes header + payload + block table to `path` atomically (a temporary file renamed into place),
// so a task killed mid-write leaves either no file or the whole previous one. IOError naming the
// path.
Status WriteStageFile(const std::string& path, StageKind kind, const std::string& payload);
// The same with the payload in pieces, written one after another (no copy of them joined).
Status WriteStageFileParts(const std::string& path, StageKind kind,
                           std::initializer_list<std::string_view> parts);

// A stage file written as a stream of pieces (a payload too large to hold joined): the block
// table and header are written last, once the size and checksums are known; Commit renames the file
// into place (as WriteStageFile does), a writer destroyed uncommitted removes its temporary file.
// Thread-compatible.
class StageFileWriter {
 public:
  StageFileWriter();
  StageFileWriter(const StageFileWriter&) = delete;
  StageFileWriter& operator=(const StageFileWriter&) = delete;
  ~StageFileWriter();
  // IOError naming the file when it cannot be created.
  Status Open(const std::string& path, StageKind kind);
  // Appends payload bytes (buffered). IOError when a write fails (also reported by Commit).
  Status Append(std::string_view bytes);
  Status Commit();

 private:
  std::string path_, tmp_;
  StageKind kind_ = StageKind::kSignMeta;
  std::FILE* file_ = nullptr;
  std::unique_ptr<BlockSums> sums_;
  uint64_t size_ = 0;
  bool failed_ = false;
};

// A meta file of counts (ident-P.meta, bucket-P.meta, verify-V.meta, apply-S.meta): the values as
// u64, in order. IOError as WriteStageFile.
Status WriteCounts(const std::string& path, StageKind kind, std::initializer_list<uint64_t> counts);
// Reads what WriteCounts wrote, the i-th value into *counts[i]: the errors of ReadStageFile, and
// Corruption naming the path when the file holds more or fewer values.
Status ReadCounts(const std::string& path, StageKind kind, std::initializer_list<uint64_t*> counts);

// Reads and checks a stage file: NotFound when absent; Corruption naming the path when the magic,
// kind, size or a checksum is wrong (a damaged block: "PATH: checksum mismatch in payload bytes
// A-B (file offset C; file damaged)"); InvalidArgument when written by another format version.
// Cost: one read and one XXH3 pass over the file.
Status ReadStageFile(const std::string& path, StageKind kind, std::string* payload);

// A stage file read in pieces (pread) when a task needs a few parts of a large payload (keys-S,
// shingles-S): Open checks the header and the block table; Read checks each block its bytes touch
// the first time one is read (hashing the bytes read when they cover the block, else reading the
// block whole), so every byte a task uses is checked, and no block is read for its check twice.
// Thread-safety: Read may be called from many threads.
class StageFilePieces {
 public:
  StageFilePieces();
  StageFilePieces(const StageFilePieces&) = delete;
  StageFilePieces& operator=(const StageFilePieces&) = delete;
  ~StageFilePieces();
  // The errors of ReadStageFile, less a damaged block's. Cost: reads the header and the block
  // table (8 bytes per 64 KiB of payload).
  Status Open(const std::string& path, StageKind kind);
  uint64_t payload_size() const { return size_; }
  // Copies payload bytes [offset, offset + n) to `out`. Corruption past the payload's end or
  // when a block they touch does not match its checksum (as ReadStageFile words it), IOError
  // when the read fails.
  Status Read(uint64_t offset, size_t n, void* out) const;

 private:
  bool ReadAll(uint64_t at, size_t n, void* out) const;  // pread until n bytes came
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  std::vector<uint64_t> sums_;                    // the block table
  std::unique_ptr<std::atomic<bool>[]> checked_;  // per block: checked already
};

// Appends fixed-width little-endian values (the hosts neardup supports are little-endian).
class ByteWriter {
 public:
  template <typename T>
  void Put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_.append(b, sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  template <typename T>
  void PutArray(const T* v, size_t n) {
    Put<uint64_t>(n);
    out_.append(reinterpret_cast<const char*>(v), n * sizeof(T));
  }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote; a read past the end sets failed() and yields zeros.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  template <typename T>
  T Get() {
    T v{};
    if (in_.size() - pos_ < sizeof(T)) {
      failed_ = true;
      pos_ = in_.size();
      return v;
    }
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string GetString() {
    const uint32_t n = Get<uint32_t>();
    if (in_.size() - pos_ < n) {
      failed_ = true;
      pos_ = in_.size();
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  template <typename T>
  void GetArray(std::vector<T>* v) {
    const uint64_t n = Get<uint64_t>();
    if ((in_.size() - pos_) / sizeof(T) < n) {
      failed_ = true;
      pos_ = in_.size();
      v->clear();
      return;
    }
    v->resize(n);
    if (n > 0) std::memcpy(v->data(), in_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }
  // The next n bytes as a view into the input (empty and failed() when fewer are left).
  std::string_view GetBytes(size_t n) {
    if (in_.size() - pos_ < n) {
      failed_ = true;
      pos_ = in_.size();
      return {};
    }
    pos_ += n;
    return in_.substr(pos_ - n, n);
  }
  // The next n values of T, appended to *v (fails like Get when fewer bytes are left).
  template <typename T>
  void GetRaw(size_t n, std::vector<T>* v) {
    if ((in_.size() - pos_) / sizeof(T) < n) {
      failed_ = true;
      pos_ = in_.size();
      return;
    }
    const size_t at = v->size();
    v->resize(at + n);
    if (n > 0) std::memcpy(v->data() + at, in_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }
  bool done() const { return pos_ == in_.size(); }
  size_t position() const { return pos_; }  // bytes read so far
  bool failed() const { return failed_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool failed_ = false;
};

// Corruption "PATH: truncated or malformed KIND payload" when `r` failed or has bytes left.
Status CheckFullyRead(const ByteReader& r, const std::string& path);

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_STAGE_FILE_H_
