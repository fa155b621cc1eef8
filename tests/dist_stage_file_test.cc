// Stage files (dist/stage_file.h): the temporary name a write uses is unique to the call (host,
// pid and 64 random bits), so a task the scheduler took for lost cannot clobber its retry's file,
// and a committed write leaves only the final file.

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <set>
#include <string>

#include "neardup/dist/stage_file.h"
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

}  // namespace
}  // namespace neardup::dist
