// Determinism of the whole tool: the same corpus gives the same output bytes on every run, for
// every
// --threads, and whatever order its files were created in (so whatever order the folder lists
// them). Runs the CLI binary (NEARDUP_CLI) on a corpus generated from the seed articles.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "neardup/base/json_writer.h"
#include "testutil.h"

namespace neardup {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

using test::TempDir;

// Deterministic 64-bit generator (splitmix64), so the corpus depends only on the seed.
uint64_t Next(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// A copy of `text` with about one word in `one_in` dropped, paragraph breaks kept.
std::string Edit(const std::string& text, uint64_t* rng, uint64_t one_in) {
  std::string out;
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    if (c == ' ' || c == '\n') {
      if (!word.empty() && Next(rng) % one_in != 0) out += word;
      word.clear();
      out += c;
    } else {
      word += c;
    }
  }
  return out;
}

// The corpus: the seed articles, edited copies of them in sub-folders, and a JSONL file; as
// (relative path, contents), in generation order.
std::vector<std::pair<std::string, std::string>> MakeCorpus() {
  std::vector<std::string> seeds;
  for (const auto& entry :
       fs::directory_iterator(fs::path(NEARDUP_SOURCE_DIR) / "data" / "seeds")) {
    seeds.push_back(entry.path().string());
  }
  std::sort(seeds.begin(), seeds.end());
  uint64_t rng = 7;
  std::vector<std::pair<std::string, std::string>> files;
  std::string jsonl;
  for (size_t s = 0; s < seeds.size(); ++s) {
    const std::string text = ReadFile(seeds[s]);
    const std::string name = fs::path(seeds[s]).filename().string();
    files.emplace_back(name, text);
    files.emplace_back("outlet_a/" + name, Edit(text, &rng, 12));
    files.emplace_back("outlet_b/deeper/" + name, Edit(text, &rng, 5));
    jsonl += "{\"id\":\"j" + std::to_string(s) + "\",\"text\":";
    AppendJsonString(&jsonl, Edit(text, &rng, 8));
    jsonl += "}\n";
  }
  files.emplace_back("wire.jsonl", jsonl);
  return files;
}

// Writes the corpus under `root`, creating its files (and folders) in the order `order` gives.
void WriteCorpus(const fs::path& root,
                 const std::vector<std::pair<std::string, std::string>>& files,
                 const std::vector<size_t>& order) {
  for (size_t k : order) {
    const fs::path p = root / files[k].first;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << files[k].second;
  }
}

// Runs `neardup ARGS > out` and returns what it wrote; fails the test on a non-zero exit.
std::string RunCli(const std::string& args, const fs::path& out) {
  const std::string cmd = std::string(NEARDUP_CLI) + " " + args + " --quiet >" + out.string();
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
  return ReadFile(out);
}

class DeterminismTest : public testing::Test {
 protected:
  void SetUp() override {
    const auto files = MakeCorpus();
    std::vector<size_t> forward(files.size());
    for (size_t i = 0; i < forward.size(); ++i) forward[i] = i;
    std::vector<size_t> backward(forward.rbegin(), forward.rend());
    std::vector<size_t> shuffled = forward;
    uint64_t rng = 99;
    for (size_t i = shuffled.size(); i > 1; --i)
      std::swap(shuffled[i - 1], shuffled[Next(&rng) % i]);
    WriteCorpus(dir_.fs_path() / "forward", files, forward);
    WriteCorpus(dir_.fs_path() / "backward", files, backward);
    WriteCorpus(dir_.fs_path() / "shuffled", files, shuffled);
  }
  std::string Corpus(const char* name) const { return (dir_.fs_path() / name).string(); }
  fs::path Out() { return dir_.fs_path() / ("out" + std::to_string(outputs_++)); }

  TempDir dir_;
  int outputs_ = 0;
};

TEST_F(DeterminismTest, ScanIsByteIdenticalAcrossRunsThreadsAndFileOrder) {
  for (const char* mode : {"lexical", "reworded"}) {
    SCOPED_TRACE(mode);
    const std::string common = std::string(" --mode ") + mode + " --format jsonl ";
    const std::string want = RunCli("scan" + common + "--threads 1 " + Corpus("forward"), Out());
    ASSERT_NE(want.find("\"type\":\"pair\""), std::string::npos) << "the corpus must give pairs";
    ASSERT_NE(want.find("\"type\":\"summary\""), std::string::npos);
    for (const char* corpus : {"forward", "backward", "shuffled"}) {
      for (const char* threads : {"1", "2", "4", "0"}) {
        SCOPED_TRACE(std::string(corpus) + " --threads " + threads);
        EXPECT_EQ(RunCli("scan" + common + "--threads " + threads + " " + Corpus(corpus), Out()),
                  want);
      }
    }
    // A named -o file holds the same bytes as standard output.
    const fs::path named = dir_.fs_path() / (std::string("named_") + mode + ".jsonl");
    RunCli("scan" + common + "--threads 3 " + Corpus("shuffled") + " -o " + named.string(), Out());
    EXPECT_EQ(ReadFile(named), want);
  }
}

// Every file of the corpus as one record of a single JSONL file, so that input chunks (one per
// core) cut it at many places.
std::string CorpusAsJsonl(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string jsonl;
  for (const auto& [name, text] : files) {
    std::string escaped;
    for (char c : text) {
      if (c == '\n') {
        escaped += "\\n";
      } else if (c == '"' || c == '\\') {
        escaped += '\\';
        escaped += c;
      } else {
        escaped += c;
      }
    }
    jsonl += "{\"id\":\"" + name + "\",\"text\":\"" + escaped + "\"}\n";
    jsonl += "\n";  // a blank line counts in line numbers but gives no record
  }
  return jsonl;
}

// Parallel input: a JSONL file cut into chunks of any size (1 byte: one line per chunk) decoded
// on any number of cores gives the same bytes.
TEST_F(DeterminismTest, ScanIsByteIdenticalAcrossInputChunkSizesAndThreads) {
  const fs::path jsonl = fs::path(dir_.path()) / "all.jsonl";
  std::ofstream(jsonl, std::ios::binary) << CorpusAsJsonl(MakeCorpus());
  for (const char* mode : {"lexical", "reworded"}) {
    SCOPED_TRACE(mode);
    const std::string common = std::string(" --mode ") + mode + " --format jsonl " + jsonl.string();
    const std::string want = RunCli("scan" + common + " --threads 1", Out());
    ASSERT_NE(want.find("\"type\":\"pair\""), std::string::npos) << "the corpus must give pairs";
    for (const char* chunk : {"1", "100", "5000", "65536"}) {
      for (const char* threads : {"1", "2", "16"}) {
        SCOPED_TRACE(std::string("--read-chunk-bytes ") + chunk + " --threads " + threads);
        EXPECT_EQ(RunCli("scan" + common + " --threads " + threads + " --read-chunk-bytes " + chunk,
                         Out()),
                  want);
      }
    }
  }
}

TEST_F(DeterminismTest, DedupIsByteIdenticalAcrossThreadsAndFileOrder) {
  for (const char* level : {"paragraph", "document"}) {
    SCOPED_TRACE(level);
    const fs::path first = dir_.fs_path() / "dedup_first.jsonl";
    RunCli(std::string("dedup --mode lexical --level ") + level + " --threads 1 " +
               Corpus("forward") + " -o " + first.string(),
           Out());
    const std::string want = ReadFile(first);
    ASSERT_FALSE(want.empty());
    for (const char* corpus : {"backward", "shuffled"}) {
      for (const char* threads : {"1", "2", "4"}) {
        SCOPED_TRACE(std::string(corpus) + " --threads " + threads);
        const fs::path out = dir_.fs_path() / "dedup_again.jsonl";
        RunCli(std::string("dedup --mode lexical --level ") + level + " --threads " + threads +
                   " " + Corpus(corpus) + " -o " + out.string(),
               Out());
        EXPECT_EQ(ReadFile(out), want);
      }
    }
  }
}

}  // namespace
}  // namespace neardup
