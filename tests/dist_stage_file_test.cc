// Stage files (dist/stage_file.h): the temporary name a write uses is unique to the call (host,
// pid and 64 random bits), so a task the scheduler took for lost cannot clobber its retry's file,
// and a committed write leaves only the final file; a failed one leaves no temporary behind
// (io::CommitTemporary, the tail every temporary file of the stages shares).

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "neardup/dist/stage_file.h"
#include "neardup/io/commit_temporary.h"
#include "testutil.h"

namespace neardup::dist {
namespace {

TEST(DistStageFileTest, TempNamesNameHostAndPidAndDifferPerCall) {
  std::array<char, 256> host{};
  ASSERT_EQ(gethostname(host.data(), host.size() - 1), 0);
  const std::string prefix =
      "/w/edges-1-2.tmp." + std::string{host.data()} + "." + std::to_string(getpid()) + ".";
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string tmp = TempPathFor("/w/edges-1-2");
    ASSERT_EQ(tmp.rfind(prefix, 0), 0u) << tmp;
    EXPECT_EQ(tmp.size(), prefix.size() + 16) << tmp;  // 64 bits in hex
    seen.insert(tmp);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(DistStageFileTest, WritesLeaveOnlyTheFinalFiles) {
  test::TempDir dir("dist_stage_file");
  const std::string a = StagePath(dir.path(), "cc", 0, 1), b = StagePath(dir.path(), "ccl", 1);
  ASSERT_TRUE(WriteStageFile(a, StageKind::kCcState, "payload").ok());
  StageFileWriter w;
  ASSERT_TRUE(w.Open(b, StageKind::kCcState).ok());
  ASSERT_TRUE(w.Append("streamed").ok());
  ASSERT_TRUE(w.Commit().ok());
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.fs_path())) {
    names.insert(e.path().filename().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{"cc-0-1", "ccl-1"}));
  std::string payload;
  ASSERT_TRUE(ReadStageFile(a, StageKind::kCcState, &payload).ok());
  EXPECT_EQ(payload, "payload");
  ASSERT_TRUE(ReadStageFile(b, StageKind::kCcState, &payload).ok());
  EXPECT_EQ(payload, "streamed");
}

std::set<std::string> Names(const test::TempDir& dir) {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.fs_path())) {
    names.insert(e.path().filename().string());
  }
  return names;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DistStageFileTest, CommitTemporaryRenamesOrRemoves) {
  test::TempDir dir("dist_commit_temporary");
  const std::string path = dir.path() + "/part";
  for (const io::Durability d : {io::Durability::kRenameOnly, io::Durability::kFsync}) {
    const std::string tmp = TempPathFor(path);
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("whole", f);
    ASSERT_TRUE(io::CommitTemporary(f, tmp, path, d).ok());
    EXPECT_EQ(Names(dir), std::set<std::string>{"part"});
    EXPECT_EQ(Slurp(path), "whole");
  }
  // A write the caller saw fail: nothing renamed, the previous file intact, no temporary left.
  const std::string tmp = TempPathFor(path);
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("torn", f);
  const Status s = io::CommitTemporary(f, tmp, path, io::Durability::kFsync, true);
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_NE(s.message().find(tmp), std::string::npos) << s.message();
  EXPECT_EQ(Names(dir), std::set<std::string>{"part"});
  EXPECT_EQ(Slurp(path), "whole");
}

TEST(DistStageFileTest, FailedRenameLeavesNoTemporary) {
  // The final name is a folder that is not empty, so every rename onto it fails.
  test::TempDir dir("dist_commit_rename");
  const std::string path = StagePath(dir.path(), "cc", 0, 1);
  std::filesystem::create_directories(path + "/x");
  const Status a = WriteStageFile(path, StageKind::kCcState, "payload");
  EXPECT_EQ(a.code(), Status::Code::kIOError);
  EXPECT_NE(a.message().find(path + ": cannot rename into place"), std::string::npos)
      << a.message();
  StageFileWriter w;
  ASSERT_TRUE(w.Open(path, StageKind::kCcState).ok());
  ASSERT_TRUE(w.Append("streamed").ok());
  EXPECT_EQ(w.Commit().code(), Status::Code::kIOError);
  EXPECT_EQ(Names(dir), std::set<std::string>{"cc-0-1"});
}

// A byte damaged in the middle of a file read in pieces (keys-S, shingles-S) is caught by the
// block it lies in, named by file and offset, while the other blocks read fine.
TEST(DistStageFileTest, PiecesCheckTheBlocksTheyRead) {
  test::TempDir dir("dist_stage_pieces");
  const std::string path = StagePath(dir.path(), "keys", 0);
  std::string payload(5 * kStageBlockSize / 2, '\0');  // blocks 0, 1 and half of 2
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 131 + i / 7);
  ASSERT_TRUE(WriteStageFileParts(path, StageKind::kKeys,
                                  {std::string_view{payload}.substr(0, 1000),
                                   std::string_view{payload}.substr(1000)})
                  .ok());
  std::string back;
  ASSERT_TRUE(ReadStageFile(path, StageKind::kKeys, &back).ok());
  ASSERT_EQ(back, payload);
  const uint64_t damaged = kStageBlockSize + 12345;  // in block 1
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(kStageHeaderSize + damaged));
    f.put(static_cast<char>(payload[damaged] ^ 0x10));
  }
  const std::string named = path +
                            ": checksum mismatch in payload bytes 65536-131071 (file offset " +
                            std::to_string(kStageHeaderSize + kStageBlockSize) + "; file damaged)";
  const Status whole = ReadStageFile(path, StageKind::kKeys, &back);
  EXPECT_EQ(whole.code(), Status::Code::kCorruption);
  EXPECT_EQ(whole.message(), named);
  StageFilePieces pieces;
  ASSERT_TRUE(pieces.Open(path, StageKind::kKeys).ok());
  std::string got(100, '\0');
  // Blocks 0 and 2 (a piece inside each, a piece ending at the payload's end) read fine...
  ASSERT_TRUE(pieces.Read(10, 100, got.data()).ok());
  EXPECT_EQ(got, payload.substr(10, 100));
  ASSERT_TRUE(pieces.Read(payload.size() - 100, 100, got.data()).ok());
  EXPECT_EQ(got, payload.substr(payload.size() - 100));
  // ...a piece of block 1 away from the damaged byte does not, nor does one spanning blocks.
  const Status a = pieces.Read(kStageBlockSize + 10, 100, got.data());
  EXPECT_EQ(a.code(), Status::Code::kCorruption);
  EXPECT_EQ(a.message(), named);
  got.resize(payload.size());
  EXPECT_EQ(pieces.Read(0, payload.size(), got.data()).message(), named);
  // A damaged block table is refused when the file is opened.
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(kStageHeaderSize + payload.size() + 3));
    f.put('x');
  }
  StageFilePieces again;
  EXPECT_NE(
      again.Open(path, StageKind::kKeys).message().find("checksum mismatch in the block table"),
      std::string::npos);
}

// The meta files of counts: read back in order; a file of more or fewer values is refused.
TEST(DistStageFileTest, CountsReadBackAndCheckTheirNumber) {
  test::TempDir dir("dist_counts");
  const std::string path = StagePath(dir.path(), "bucket", 3, -1, true);
  ASSERT_TRUE(WriteCounts(path, StageKind::kBucketMeta, {7, uint64_t{1} << 40}).ok());
  uint64_t a = 0, b = 0, c = 0;
  ASSERT_TRUE(ReadCounts(path, StageKind::kBucketMeta, {&a, &b}).ok());
  EXPECT_EQ(a, 7u);
  EXPECT_EQ(b, uint64_t{1} << 40);
  EXPECT_EQ(ReadCounts(path, StageKind::kBucketMeta, {&a}).message(),
            path + ": malformed stage file payload");
  EXPECT_EQ(ReadCounts(path, StageKind::kBucketMeta, {&a, &b, &c}).code(),
            Status::Code::kCorruption);
  EXPECT_EQ(ReadCounts(path, StageKind::kVerifyMeta, {&a, &b}).code(), Status::Code::kCorruption);
}

// A header announcing more payload than the file holds is refused as truncated, before a buffer
// of that size is made (1 TiB here).
TEST(DistStageFileTest, AnnouncedSizeBeyondTheFileIsTruncated) {
  test::TempDir dir("dist_stage_size");
  const std::string path = StagePath(dir.path(), "ccl", 0);
  ASSERT_TRUE(WriteStageFile(path, StageKind::kCcState, "payload").ok());
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    const uint64_t huge = uint64_t{1} << 40;
    f.seekp(16);
    f.write(reinterpret_cast<const char*>(&huge), sizeof huge);
  }
  std::string payload;
  const Status s = ReadStageFile(path, StageKind::kCcState, &payload);
  EXPECT_EQ(s.message(), path + ": truncated stage file (1099511627776 payload bytes announced)");
  EXPECT_TRUE(payload.empty());
}

}  // namespace
}  // namespace neardup::dist
