// Options::progress through the public Corpus API: every stage after reading is reported once at
// its start and in order, reading when documents come from paths, the counts are those read, the
// reworded verification counts its candidates, and the result does not depend on the callback.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "neardup/neardup.h"

namespace neardup {
namespace {

std::vector<Progress> ScanReporting(Mode mode, const std::string& path, ScanResult* result) {
  std::vector<Progress> seen;
  Options o;
  o.mode = mode;
  o.progress = [&seen](const Progress& p) { seen.push_back(p); };
  StatusOr<std::unique_ptr<Corpus>> corpus = Corpus::Create(o);
  EXPECT_TRUE(corpus.ok());
  EXPECT_TRUE((*corpus)->AddPaths({path}).ok());
  StatusOr<ScanResult> r = (*corpus)->Find();
  EXPECT_TRUE(r.ok());
  *result = std::move(*r);
  return seen;
}

TEST(ProgressTest, EveryStageInOrderWithTheCounts) {
  const std::string seeds = std::string(NEARDUP_SOURCE_DIR) + "/data/seeds";
  for (Mode mode : {Mode::kLexical, Mode::kReworded}) {
    SCOPED_TRACE(mode == Mode::kLexical ? "lexical" : "reworded");
    ScanResult with;
    const std::vector<Progress> seen = ScanReporting(mode, seeds, &with);
    std::vector<std::string> starts;
    bool counted = false;
    double last_seconds = 0;
    for (const Progress& p : seen) {
      if (starts.empty() || starts.back() != p.stage) starts.emplace_back(p.stage);
      EXPECT_GE(p.seconds, last_seconds);
      last_seconds = p.seconds;
      if (std::string(p.stage) != "reading") {
        EXPECT_EQ(p.documents, 5u);
        EXPECT_EQ(p.units, with.stats.units);
      }
      if (std::string(p.stage) == "verification" && p.stage_total > 0) {
        EXPECT_EQ(p.stage_total, with.stats.candidates);
        counted = true;
      }
    }
    const std::vector<std::string> want = {"reading", "candidates", "verification", "sentences",
                                           "clustering"};
    EXPECT_EQ(starts, want);
    EXPECT_EQ(counted, mode == Mode::kReworded);

    // The same pairs without a callback.
    Options o;
    o.mode = mode;
    StatusOr<std::unique_ptr<Corpus>> plain = Corpus::Create(o);
    ASSERT_TRUE(plain.ok());
    ASSERT_TRUE((*plain)->AddPaths({seeds}).ok());
    StatusOr<ScanResult> without = (*plain)->Find();
    ASSERT_TRUE(without.ok());
    EXPECT_EQ(without->pairs.size(), with.pairs.size());
    EXPECT_EQ(without->clusters.size(), with.clusters.size());
  }
}

}  // namespace
}  // namespace neardup
