// Index hardening: another program's LMDB database and a non-empty folder are refused and left
// untouched; the map grows as needed up to IndexOptions::map_size; a rolled-back meta page and a
// transaction LMDB found damaged end in Corruption, not a crash.

#include <gtest/gtest.h>
#include <lmdb.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "neardup/index.h"

namespace neardup {
namespace {
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "neardup-harden-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Every file under `dir` with its bytes: what "left untouched" compares.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    out[e.path().string()] = ss.str();
  }
  return out;
}

// Text of document `i`: a few paragraphs of words determined by i (documents share paragraphs).
std::string DocText(uint32_t i, int paragraphs = 4) {
  static const char* kWords[] = {"river",  "council", "budget", "station", "harbour", "minister",
                                 "storm",  "school",  "bridge", "market",  "police",  "doctor",
                                 "rail",   "vote",    "winter", "farmers", "court",   "energy",
                                 "museum", "airport", "tax"};
  std::string out;
  for (int p = 0; p < paragraphs; ++p) {
    uint64_t x =
        (i / 3 * 7 + static_cast<uint32_t>(p) + (p == 0 ? i : 0)) * 0x9E3779B97F4A7C15ULL + 1;
    for (int w = 0; w < 30; ++w) {
      x ^= x >> 33;
      x *= 0xff51afd7ed558ccdULL;
      x ^= x >> 29;
      out += kWords[x % (sizeof kWords / sizeof kWords[0])];
      out += w == 29 ? ".\n\n" : " ";
    }
  }
  return out;
}

IndexOptions TestOptions() {
  IndexOptions o;
  o.matching.mode = Mode::kLexical;  // what these tests were written for (default: reworded)
  o.sync = false;
  return o;
}

TEST(IndexHardeningTest, ForeignLmdbDatabaseIsRefusedAndUntouched) {
  TempDir tmp;
  const std::string dir = tmp.Sub("foreign");
  fs::create_directory(dir);
  {  // Another program's database: 500 keys in LMDB's main table.
    MDB_env* env = nullptr;
    ASSERT_EQ(mdb_env_create(&env), 0);
    ASSERT_EQ(mdb_env_open(env, dir.c_str(), 0, 0644), 0);
    MDB_txn* txn = nullptr;
    ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
    MDB_dbi dbi = 0;
    ASSERT_EQ(mdb_dbi_open(txn, nullptr, 0, &dbi), 0);
    for (int i = 0; i < 500; ++i) {
      std::string k = "user:" + std::to_string(i), v = "value " + std::to_string(i);
      MDB_val key{k.size(), k.data()}, val{v.size(), v.data()};
      ASSERT_EQ(mdb_put(txn, dbi, &key, &val, 0), 0);
    }
    ASSERT_EQ(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
  }
  const auto before = Snapshot(dir);
  for (bool read_only : {false, true}) {
    IndexOptions o = TestOptions();
    o.read_only = read_only;
    o.adopt_settings = read_only;
    StatusOr<std::unique_ptr<Index>> index = Index::Open(dir, o);
    ASSERT_FALSE(index.ok());
    EXPECT_EQ(index.status().code(), Status::Code::kCorruption);
    EXPECT_NE(index.status().message().find("not a neardup index"), std::string::npos)
        << index.status().message();
    EXPECT_NE(index.status().message().find("user:"), std::string::npos)
        << index.status().message();
  }
  EXPECT_EQ(Snapshot(dir), before);  // no LOCK file, no table added, lock.mdb as it was
}

TEST(IndexHardeningTest, NonEmptyFolderIsRefusedAndUntouched) {
  TempDir tmp;
  const std::string dir = tmp.Sub("notes");
  fs::create_directory(dir);
  std::ofstream(dir + "/todo.txt") << "buy milk\n";
  const auto before = Snapshot(dir);
  StatusOr<std::unique_ptr<Index>> index = Index::Open(dir, TestOptions());
  ASSERT_FALSE(index.ok());
  EXPECT_NE(index.status().message().find("not empty and not a neardup index"), std::string::npos)
      << index.status().message();
  EXPECT_NE(index.status().message().find("todo.txt"), std::string::npos);
  EXPECT_EQ(Snapshot(dir), before);
  // An empty folder is fine, and leaves no creation folder behind.
  const std::string empty = tmp.Sub("empty");
  fs::create_directory(empty);
  StatusOr<std::unique_ptr<Index>> ok = Index::Open(empty, TestOptions());
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_TRUE(fs::exists(empty + "/data.mdb"));
  EXPECT_FALSE(fs::exists(empty + "/.creating"));
  EXPECT_TRUE(fs::exists(empty + "/NEARDUP_INDEX"));
}

// Verdicts of documents 0..n-1 checked in batches of `batch`, with the given map limit.
StatusOr<std::vector<std::string>> Verdicts(const std::string& dir, uint64_t map_size, int n,
                                            int batch) {
  IndexOptions o = TestOptions();
  o.map_size = map_size;
  StatusOr<std::unique_ptr<Index>> index = Index::Open(dir, o);
  if (!index.ok()) return index.status();
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    Document d;
    d.id = "doc" + std::to_string(i);
    d.text = DocText(static_cast<uint32_t>(i), 6);
    StatusOr<IndexVerdict> v = (*index)->Check(d);
    if (!v.ok()) return v.status();
    out.push_back(v->ToJson());
    if ((i + 1) % batch == 0) {
      if (Status s = (*index)->Commit(); !s.ok()) return s;
    }
  }
  if (Status s = (*index)->Commit(); !s.ok()) return s;
  return out;
}

TEST(IndexHardeningTest, MapGrowsAsNeededWithTheSameVerdicts) {
  TempDir tmp;
  // A 16 MiB limit starts the map at 4 MiB: 3000 documents need several doublings, some in the
  // middle of a batch (the batch is redone) and some at commit.
  StatusOr<std::vector<std::string>> small =
      Verdicts(tmp.Sub("small"), uint64_t{16} << 20, 3000, 97);
  ASSERT_TRUE(small.ok()) << small.status().message();
  StatusOr<std::vector<std::string>> big = Verdicts(tmp.Sub("big"), uint64_t{1} << 40, 3000, 97);
  ASSERT_TRUE(big.ok()) << big.status().message();
  EXPECT_EQ(*small, *big);
  EXPECT_GT(fs::file_size(tmp.Sub("small") + "/data.mdb"), uint64_t{4} << 20);
  IndexOptions ro = TestOptions();
  ro.read_only = true;
  StatusOr<std::unique_ptr<Index>> reader = Index::Open(tmp.Sub("small"), ro);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  StatusOr<IndexStats> stats = (*reader)->Stats(/*verify=*/true);
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->documents, 3000u);
}

TEST(IndexHardeningTest, SizeLimitIsAnErrorNotACrash) {
  TempDir tmp;
  StatusOr<std::vector<std::string>> v = Verdicts(tmp.Sub("tiny"), uint64_t{2} << 20, 3000, 50);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), Status::Code::kIOError);
  EXPECT_NE(v.status().message().find("size limit"), std::string::npos) << v.status().message();
}

// Overwrites 8 bytes of data.mdb at `offset`.
void PokeU64(const std::string& path, long offset, uint64_t value) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(offset);
  f.write(reinterpret_cast<const char*>(&value), sizeof value);
}
uint64_t PeekU64(const std::string& path, long offset) {
  std::ifstream f(path, std::ios::binary);
  f.seekg(offset);
  uint64_t v = 0;
  f.read(reinterpret_cast<char*>(&v), sizeof v);
  return v;
}

TEST(IndexHardeningTest, RolledBackMetaPageIsCorruption) {
  TempDir tmp;
  const std::string dir = tmp.Sub("idx");
  ASSERT_TRUE(Verdicts(dir, uint64_t{1} << 40, 40, 10).ok());
  const std::string data = dir + "/data.mdb";
  constexpr long kTxnId = 144;  // in each 4096-byte meta page
  const uint64_t t0 = PeekU64(data, kTxnId), t1 = PeekU64(data, 4096 + kTxnId);
  const long older = t0 < t1 ? 0 : 4096;
  // Raise the older meta page's transaction id just past the newest: LMDB now opens the commit
  // before the last one. Its page count gives it away; with that forged too, the counters record
  // (written by that older commit) does.
  PokeU64(data, older + kTxnId, std::max(t0, t1) + 1);
  for (bool forge_pages : {false, true}) {
    if (forge_pages) PokeU64(data, older + 136, PeekU64(data, 4096 - older + 136));
    for (bool read_only : {false, true}) {
      IndexOptions o = TestOptions();
      o.read_only = read_only;
      StatusOr<std::unique_ptr<Index>> index = Index::Open(dir, o);
      ASSERT_FALSE(index.ok());
      EXPECT_EQ(index.status().code(), Status::Code::kCorruption);
      EXPECT_NE(index.status().message().find("rolled back"), std::string::npos)
          << index.status().message();
      if (forge_pages) {
        EXPECT_NE(index.status().message().find("records were written by commit"),
                  std::string::npos);
      }
    }
  }
}

TEST(IndexHardeningTest, MainRootMovedIsCorruptionNotACrash) {
  // The case: the newest meta page's main-database root moved to other pages. A writer
  // meets LMDB's assertions inside a write transaction; the half-changed transaction must not be
  // freed (that corrupted the heap).
  TempDir tmp;
  const std::string base = tmp.Sub("base");
  ASSERT_TRUE(Verdicts(base, uint64_t{1} << 40, 40, 10).ok());
  const uint64_t t0 = PeekU64(base + "/data.mdb", 144),
                 t1 = PeekU64(base + "/data.mdb", 4096 + 144);
  const long newest = t1 > t0 ? 4096 : 0;
  const uint64_t last = PeekU64(base + "/data.mdb", newest + 136);
  for (uint64_t root = 2; root <= last; ++root) {
    SCOPED_TRACE(root);
    const std::string dir = tmp.Sub("d" + std::to_string(root));
    fs::copy(base, dir);
    PokeU64(dir + "/data.mdb", newest + 16 + 24 + 48 + 40, root);
    StatusOr<std::vector<std::string>> v = Verdicts(dir, uint64_t{1} << 40, 45, 10);
    if (!v.ok()) {
      EXPECT_EQ(v.status().code(), Status::Code::kCorruption) << v.status().message();
    }
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace neardup
