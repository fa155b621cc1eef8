// Tests of the read stage's group ids (scan/read_batch.h): GroupTable::Assign over batches of
// any size on any number of cores numbers texts exactly as a plain serial map does, and a scan
// of a corpus full of repeated paragraphs gives every unit the group of its text's first
// occurrence for any --threads and input chunk size.

#include "neardup/scan/read_batch.h"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/scan/scanner.h"

namespace neardup {
namespace {

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The key of text `t`. Texts come in families of 8 that share the low half (so they start
// probing at the same slot and differ only in `hi`), and every fourth family also shares the
// high half's shard bits (same shard, same probe start).
TextKey KeyOf(uint64_t t) {
  const uint64_t family = t / 8;
  uint64_t hi = Mix(t * 2 + 1);
  if (family % 4 == 0) {
    constexpr int kLow = 64 - GroupTable::kShardBits;
    hi = (Mix(family) >> kLow << kLow) | (hi & ((uint64_t{1} << kLow) - 1));
  }
  return {Mix(family * 2), hi};
}

// A stream of texts with many repeats: right after themselves, a little later (same batch) and
// far later (other batches), plus a steady supply of new texts.
std::vector<uint64_t> TextStream(size_t n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> out;
  uint64_t fresh = 0;
  while (out.size() < n) {
    const uint64_t r = rng() % 10;
    if (out.empty() || r < 4) {
      out.push_back(fresh++);
    } else if (r < 5) {
      out.push_back(out.back());
    } else if (r < 7) {
      out.push_back(out[out.size() - 1 - rng() % std::min<size_t>(out.size(), 50)]);
    } else {
      out.push_back(out[rng() % out.size()]);
    }
  }
  return out;
}

struct Assigned {
  std::vector<uint32_t> group;
  std::vector<uint8_t> is_new;
  uint32_t groups = 0;
};

// The reference: one std::map, one text at a time.
Assigned Serial(const std::vector<uint64_t>& texts) {
  Assigned a;
  std::map<std::pair<uint64_t, uint64_t>, uint32_t> group_of;
  for (uint64_t t : texts) {
    const TextKey k = KeyOf(t);
    const auto [it, inserted] = group_of.try_emplace({k.lo, k.hi}, a.groups);
    a.groups += inserted ? 1 : 0;
    a.group.push_back(it->second);
    a.is_new.push_back(inserted ? 1 : 0);
  }
  return a;
}

// GroupTable::Assign over batches of the given sizes (cycled), on an arena of `threads`.
Assigned Sharded(const std::vector<uint64_t>& texts, const std::vector<size_t>& sizes,
                 int threads) {
  Assigned a;
  GroupTable table;
  GroupTable::Times times;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    size_t at = 0;
    for (size_t i = 0; at < texts.size(); ++i) {
      const size_t end = std::min(texts.size(), at + sizes[i % sizes.size()]);
      Batch b;
      for (size_t u = at; u < end; ++u) {
        Batch::Unit unit{};
        unit.key = KeyOf(texts[u]);
        b.units.push_back(unit);
      }
      BucketByShard(&b);
      table.Assign(&b, &a.groups, &times);
      a.group.insert(a.group.end(), b.group.begin(), b.group.end());
      a.is_new.insert(a.is_new.end(), b.new_group.begin(), b.new_group.end());
      at = end;
    }
  });
  EXPECT_EQ(table.size(), a.groups);
  return a;
}

TEST(GroupTableTest, AssignNumbersTextsAsASerialMapDoesForAnyBatchesAndThreads) {
  const std::vector<uint64_t> texts = TextStream(40000, 7);
  const Assigned want = Serial(texts);
  ASSERT_GT(want.groups, 10000u);
  ASSERT_LT(want.groups, 25000u);  // many repeats
  // Tiny batches (the serial path), batches around GroupTable::kParallelUnits, one big batch
  // (the parallel path, where the tables grow inside it), and a ragged mix.
  const std::vector<std::vector<size_t>> batchings = {
      {1},    {3, 1, 17}, {GroupTable::kParallelUnits - 1, GroupTable::kParallelUnits},
      {5000}, {40000},    {1, 2000, 7, 3000, 1100}};
  for (const auto& sizes : batchings) {
    for (int threads : {1, 2, 16}) {
      SCOPED_TRACE("first batch " + std::to_string(sizes[0]) + ", threads " +
                   std::to_string(threads));
      const Assigned got = Sharded(texts, sizes, threads);
      EXPECT_EQ(got.groups, want.groups);
      EXPECT_EQ(got.group, want.group);
      EXPECT_EQ(got.is_new, want.is_new);
    }
  }
}

// A JSONL corpus whose paragraphs are drawn, with many repeats, from a pool of distinct texts;
// the scan's group of every unit must be the index of its text's first occurrence.
TEST(GroupTableTest, ScanGivesEveryUnitTheGroupOfItsTextsFirstOccurrence) {
  std::mt19937 rng(11);  // NOLINT(cert-msc32-c,cert-msc51-cpp): a fixed corpus, reproducible
  std::vector<std::string> pool;
  for (int i = 0; i < 700; ++i) {
    std::string p;
    for (int w = 0; w < 12; ++w) p += "w" + std::to_string(i) + "x" + std::to_string(w) + " ";
    pool.push_back(p + "end.");
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("read_batch_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "corpus.jsonl").string();
  std::vector<int> want_text;  // per unit: its pool text
  {
    std::ofstream f(path, std::ios::binary);
    for (int d = 0; d < 1500; ++d) {
      f << R"({"id":"d)" << d << R"(","text":")";
      const int paras = 1 + static_cast<int>(rng() % 6);
      for (int k = 0; k < paras; ++k) {
        int t = static_cast<int>(rng() % 700);
        if (k > 0 && rng() % 4 == 0) t = want_text.back();  // a repeat within the document
        want_text.push_back(t);
        f << (k ? "\\n\\n" : "") << pool[static_cast<size_t>(t)];
      }
      f << "\"}\n";
    }
  }
  std::map<int, uint32_t> group_of;
  std::vector<uint32_t> want;
  want.reserve(want_text.size());
  for (int t : want_text) {
    want.push_back(group_of.try_emplace(t, static_cast<uint32_t>(group_of.size())).first->second);
  }
  for (size_t chunk : {size_t{1}, size_t{100}, size_t{5000}, size_t{120000}, size_t{1} << 20}) {
    for (int threads : {1, 2, 16}) {
      SCOPED_TRACE("chunk " + std::to_string(chunk) + ", threads " + std::to_string(threads));
      ReaderOptions ro;
      ro.chunk_bytes = chunk;
      auto reader = CorpusReader::Open({path}, ro);
      ASSERT_TRUE(reader.ok()) << reader.status().message();
      Options o;
      o.mode = Mode::kLexical;
      o.threads = threads;
      Scanner scanner(o);
      ASSERT_TRUE(scanner.AddCorpus(reader->get()).ok());
      const ScanResult r = scanner.Finish();
      ASSERT_EQ(r.units.size(), want.size());
      std::vector<uint32_t> got;
      for (const UnitRef& u : r.units) got.push_back(u.group);
      EXPECT_EQ(got, want);
      EXPECT_EQ(r.stats.identical_groups, group_of.size());
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace neardup
