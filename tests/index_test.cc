// Index: the streaming index's contract — same verdicts for one run, two halves and a replay;
// durability only at Commit; idempotence by id and content; one writer; settings, format and
// damage refused with clear errors; remove and prune; the duplicate rule.

#include "neardup/index.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "neardup/index/index_records.h"
#include "neardup/index/index_store.h"
#include "neardup/index/lmdb_env.h"
#include "testutil.h"

namespace neardup {
namespace {
namespace fs = std::filesystem;

using test::TempDir;

// A paragraph of 24 words drawn from a fixed vocabulary, fully determined by `seed`.
std::string Paragraph(uint32_t seed) {
  static const char* kWords[] = {"river",  "council", "budget",  "station", "harbour", "minister",
                                 "storm",  "school",  "bridge",  "market",  "police",  "doctor",
                                 "rail",   "vote",    "winter",  "farmers", "court",   "energy",
                                 "museum", "airport", "tax",     "housing", "strike",  "festival",
                                 "report", "village", "factory", "coast"};
  std::string out;
  uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (int i = 0; i < 24; ++i) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
    if (i > 0) out += ' ';
    out += kWords[x % (sizeof kWords / sizeof kWords[0])];
  }
  return out + ".";
}

// Document i: three paragraphs from a pool of 25, so later documents repeat earlier paragraphs.
std::vector<Document> Corpus(int n) {
  std::vector<Document> docs;
  for (int i = 0; i < n; ++i) {
    Document d;
    d.id = "doc-" + std::to_string(i);
    for (int j = 0; j < 3; ++j) {
      if (j > 0) d.text += "\n\n";
      d.text +=
          Paragraph(static_cast<uint32_t>((i * 7 + j * 11) % 25 + (i % 4 == 0 ? 100 + i : 0)));
    }
    docs.push_back(d);
  }
  return docs;
}

IndexOptions TestOptions() {
  IndexOptions o;
  o.matching.mode = Mode::kLexical;  // what these tests were written for (default: reworded)
  o.sync = false;  // throwaway indexes: process crashes are what these tests model
  o.map_size = uint64_t{64} << 20;
  return o;
}

std::unique_ptr<Index> OpenOrDie(const std::string& dir, const IndexOptions& o = TestOptions()) {
  StatusOr<std::unique_ptr<Index>> index = Index::Open(dir, o);
  EXPECT_TRUE(index.ok()) << index.status().message();
  return index.ok() ? std::move(*index) : nullptr;
}

// Checks docs[begin, end) committing every `batch`, returning the verdicts as JSON.
std::vector<std::string> Feed(Index* index, const std::vector<Document>& docs, size_t begin,
                              size_t end, size_t batch = 4) {
  std::vector<std::string> out;
  for (size_t i = begin; i < end; ++i) {
    StatusOr<IndexVerdict> v = index->Check(docs[i]);
    EXPECT_TRUE(v.ok()) << v.status().message();
    out.push_back(v.ok() ? v->ToJson() : v.status().message());
    if (index->pending() >= batch) {
      EXPECT_TRUE(index->Commit().ok());
    }
  }
  EXPECT_TRUE(index->Commit().ok());
  return out;
}

uint64_t Documents(Index* index) {
  StatusOr<IndexStats> s = index->Stats(/*verify=*/true);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? s->documents : ~uint64_t{0};
}

TEST(IndexTest, OneRunTwoHalvesAndReplayAgree) {
  TempDir tmp;
  const std::vector<Document> docs = Corpus(40);
  std::vector<std::string> one;
  {
    auto index = OpenOrDie(tmp.Sub("one"));
    one = Feed(index.get(), docs, 0, docs.size());
    EXPECT_EQ(Documents(index.get()), docs.size());
  }
  size_t duplicates = 0;
  for (const std::string& v : one) duplicates += v.starts_with("{\"duplicate\":true");
  EXPECT_GT(duplicates, 5u);  // the corpus repeats paragraphs: the comparison is not vacuous
  EXPECT_LT(duplicates, docs.size());

  std::vector<std::string> halves;
  {
    auto index = OpenOrDie(tmp.Sub("halves"));
    halves = Feed(index.get(), docs, 0, 17, 3);
  }
  {
    auto index = OpenOrDie(tmp.Sub("halves"));
    std::vector<std::string> rest = Feed(index.get(), docs, 17, docs.size(), 5);
    halves.insert(halves.end(), rest.begin(), rest.end());
  }
  EXPECT_EQ(halves, one);

  // Replaying everything adds nothing and gives every document the verdict it got.
  auto index = OpenOrDie(tmp.Sub("one"));
  for (size_t i = 0; i < docs.size(); ++i) {
    StatusOr<IndexVerdict> v = index->Check(docs[i]);
    ASSERT_TRUE(v.ok()) << v.status().message();
    EXPECT_TRUE(v->already_indexed);
    EXPECT_EQ(v->ToJson(), one[i]) << docs[i].id;
  }
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(Documents(index.get()), docs.size());
}

TEST(IndexTest, NothingIsKeptWithoutCommit) {
  TempDir tmp;
  const std::vector<Document> docs = Corpus(6);
  std::vector<std::string> first;
  {
    auto index = OpenOrDie(tmp.Sub("idx"));
    Feed(index.get(), docs, 0, 2);
    for (size_t i = 2; i < docs.size(); ++i) ASSERT_TRUE(index->Check(docs[i]).ok());
    EXPECT_EQ(index->pending(), docs.size() - 2);
    // Destroyed here without Commit, as a crash would leave it.
  }
  auto index = OpenOrDie(tmp.Sub("idx"));
  EXPECT_EQ(Documents(index.get()), 2u);
  StatusOr<IndexVerdict> v = index->Check(docs[3]);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->already_indexed);
}

TEST(IndexTest, IdempotentByIdAndContent) {
  TempDir tmp;
  auto index = OpenOrDie(tmp.Sub("idx"));
  const std::string text = Paragraph(1) + "\n\n" + Paragraph(2);
  StatusOr<IndexVerdict> a = index->Check({"a", text, ""});
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->duplicate);
  EXPECT_EQ(a->new_paragraphs, 2u);
  StatusOr<IndexVerdict> b = index->Check({"b", text, ""});  // same text, other id: a copy
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->duplicate);
  EXPECT_EQ(b->new_paragraphs, 0u);
  ASSERT_EQ(b->matches.size(), 2u);
  EXPECT_EQ(b->matches[1].doc, "a");
  EXPECT_EQ(b->matches[1].doc_para, 1u);
  EXPECT_EQ(b->matches[1].similarity, 1.0);
  ASSERT_TRUE(index->Commit().ok());

  StatusOr<IndexVerdict> again = index->Check({"a", text, ""});  // same id, same text
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_indexed);
  EXPECT_EQ(again->ToJson(), a->ToJson());
  StatusOr<IndexVerdict> other = index->Check({"a", Paragraph(3), ""});  // same id, other text
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(other.status().message().find("already indexed with other text"), std::string::npos);
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(Documents(index.get()), 2u);
}

TEST(IndexTest, SecondWriterIsRefused) {
  TempDir tmp;
  auto writer = OpenOrDie(tmp.Sub("idx"));
  StatusOr<std::unique_ptr<Index>> second = Index::Open(tmp.Sub("idx"), TestOptions());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(second.status().message().find("in use by another writer (pid " +
                                           std::to_string(::getpid()) + ")"),
            std::string::npos)
      << second.status().message();
  writer.reset();
  EXPECT_NE(OpenOrDie(tmp.Sub("idx")), nullptr);  // the lock goes with the writer
}

TEST(IndexTest, OtherSettingsAreRefused) {
  TempDir tmp;
  const std::string dir = tmp.Sub("idx");
  { Feed(OpenOrDie(dir).get(), Corpus(3), 0, 3); }
  struct Case {
    const char* name;
    void (*change)(IndexOptions*);
    const char* want;  // in the message
  };
  const Case kCases[] = {
      {"ngram", [](IndexOptions* o) { o->matching.ngram = 4; },
       "this run asks for mode lexical, --ngram 4"},
      {"num_perm", [](IndexOptions* o) { o->matching.num_perm = 64; }, "--num-perm 64"},
      {"seed", [](IndexOptions* o) { o->matching.seed = 7; }, "--seed 7"},
      {"scheme", [](IndexOptions* o) { o->matching.scheme = SketchScheme::kOnePermutation; },
       "scheme"},
      {"mode", [](IndexOptions* o) { o->matching.mode = Mode::kReworded; },
       "asks for mode reworded"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    IndexOptions o = TestOptions();
    c.change(&o);
    StatusOr<std::unique_ptr<Index>> index = Index::Open(dir, o);
    ASSERT_FALSE(index.ok());
    EXPECT_EQ(index.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(index.status().message().find(c.want), std::string::npos) << index.status().message();
  }
  IndexOptions threshold = TestOptions();
  threshold.matching.threshold = 0.8;  // the verification threshold may change between runs
  EXPECT_NE(OpenOrDie(dir, threshold), nullptr);
  IndexOptions adopt = TestOptions();
  adopt.matching.ngram = 5;
  adopt.adopt_settings = true;
  EXPECT_NE(OpenOrDie(dir, adopt), nullptr);
}

// Rewrites the settings record of the index in `dir` (closed) through LMDB.
void RewriteSettings(const std::string& dir, void (*change)(internal::IndexSettings*)) {
  StatusOr<std::unique_ptr<internal::Env>> env =
      internal::Env::Open(dir, false, false, false, uint64_t{64} << 20);
  ASSERT_TRUE(env.ok()) << env.status().message();
  StatusOr<std::unique_ptr<internal::Txn>> txn = internal::Txn::Begin(env->get(), false);
  ASSERT_TRUE(txn.ok());
  MDB_val v;
  Status st;
  ASSERT_TRUE((*txn)->Get(internal::Env::kMeta, internal::Val("settings"), &v, &st));
  internal::IndexSettings s;
  ASSERT_TRUE(internal::DecodeSettings(internal::View(v), &s).ok());
  change(&s);
  ASSERT_TRUE((*txn)
                  ->Put(internal::Env::kMeta, internal::Val("settings"),
                        internal::Val(internal::EncodeSettings(s)))
                  .ok());
  ASSERT_TRUE((*txn)->Commit().ok());
}

TEST(IndexTest, OtherModeOrFormatOnDiskIsRefused) {
  TempDir tmp;
  const std::string dir = tmp.Sub("idx");
  { Feed(OpenOrDie(dir).get(), Corpus(2), 0, 2); }
  RewriteSettings(dir, [](internal::IndexSettings* s) { s->mode = "reworded"; });
  StatusOr<std::unique_ptr<Index>> index = Index::Open(dir, TestOptions());
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(index.status().message().find("index was built with mode reworded"), std::string::npos)
      << index.status().message();

  RewriteSettings(dir, [](internal::IndexSettings* s) {
    s->format_version = internal::kIndexFormatVersion + 1;
  });
  index = Index::Open(dir, TestOptions());
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(index.status().message().find("index format " +
                                          std::to_string(internal::kIndexFormatVersion + 1) +
                                          " is not supported"),
            std::string::npos)
      << index.status().message();
}

TEST(IndexTest, DamageIsDetected) {
  TempDir tmp;
  const std::string dir = tmp.Sub("idx");
  const std::vector<Document> docs = Corpus(30);
  { Feed(OpenOrDie(dir).get(), docs, 0, docs.size()); }
  const std::string data = dir + "/data.mdb";
  const uintmax_t size = fs::file_size(data);

  fs::copy(dir, tmp.Sub("flipped"));
  {  // Flip a byte of one document id wherever it is stored: that record's checksum fails.
    std::fstream f(tmp.Sub("flipped") + "/data.mdb",
                   std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    size_t at = 0, hits = 0;
    while ((at = bytes.find("doc-17", at)) != std::string::npos) {
      f.seekp(static_cast<std::streamoff>(at + 5));
      f.put('#');
      ++at;
      ++hits;
    }
    ASSERT_GT(hits, 0u);
  }
  {
    IndexOptions ro = TestOptions();
    ro.read_only = true;
    auto index = OpenOrDie(tmp.Sub("flipped"), ro);
    ASSERT_NE(index, nullptr);
    StatusOr<IndexStats> s = index->Stats(/*verify=*/true);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), Status::Code::kCorruption);
    EXPECT_NE(s.status().message().find("damaged document record"), std::string::npos)
        << s.status().message();
  }

  struct Case {
    const char* name;
    uintmax_t truncate_to;
    const char* want;
  };
  const Case kCases[] = {
      {"half", size / 2 / 4096 * 4096, "data.mdb: file is truncated"},
      {"one page", 4096, "data.mdb: file is truncated (4096 bytes)"},
      {"empty", 0, "data.mdb: file is truncated (0 bytes)"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    const std::string copy = tmp.Sub(std::string("trunc-") + std::to_string(c.truncate_to));
    fs::copy(dir, copy);
    fs::resize_file(copy + "/data.mdb", c.truncate_to);
    for (bool read_only : {false, true}) {
      IndexOptions o = TestOptions();
      o.read_only = read_only;
      StatusOr<std::unique_ptr<Index>> index = Index::Open(copy, o);
      ASSERT_FALSE(index.ok());
      EXPECT_EQ(index.status().code(), Status::Code::kCorruption);
      EXPECT_NE(index.status().message().find(c.want), std::string::npos)
          << index.status().message();
    }
  }

  const std::string junk = tmp.Sub("junk");
  fs::create_directory(junk);
  std::ofstream(junk + "/data.mdb") << std::string(3 * 4096, 'x');
  StatusOr<std::unique_ptr<Index>> index = Index::Open(junk, TestOptions());
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kCorruption) << index.status().message();

  fs::remove(dir + "/data.mdb");
  index = Index::Open(dir, TestOptions());
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kCorruption);
  EXPECT_NE(index.status().message().find("data.mdb: missing"), std::string::npos)
      << index.status().message();

  IndexOptions ro = TestOptions();
  ro.read_only = true;
  index = Index::Open(tmp.Sub("absent"), ro);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kNotFound);
}

TEST(IndexTest, RemoveById) {
  TempDir tmp;
  auto index = OpenOrDie(tmp.Sub("idx"));
  const std::string text = Paragraph(5) + "\n\n" + Paragraph(6);
  ASSERT_TRUE(index->Check({"first", text, ""}).ok());
  ASSERT_TRUE(index->Commit().ok());
  ASSERT_TRUE(index->Remove("first").ok());
  EXPECT_EQ(index->Remove("first").code(), Status::Code::kNotFound);
  EXPECT_EQ(Documents(index.get()), 0u);
  StatusOr<IndexVerdict> v = index->Check({"second", text, ""});
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->duplicate);  // its only source is gone
  // The removed id may come back, with other text.
  v = index->Check({"first", Paragraph(7), ""});
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->already_indexed);
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(Documents(index.get()), 2u);
}

TEST(IndexTest, PruneByCountAndAge) {
  TempDir tmp;
  auto index = OpenOrDie(tmp.Sub("idx"));
  const std::vector<Document> docs = Corpus(10);
  const int64_t before = static_cast<int64_t>(::time(nullptr));
  Feed(index.get(), docs, 0, docs.size());
  const int64_t after = static_cast<int64_t>(::time(nullptr));

  StatusOr<uint64_t> n = index->Prune(0, 6, after);  // keep the 6 newest
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 4u);
  EXPECT_EQ(Documents(index.get()), 6u);
  StatusOr<IndexVerdict> oldest = index->Check(docs[0]);
  ASSERT_TRUE(oldest.ok());
  EXPECT_FALSE(oldest->already_indexed);  // doc-0 was pruned
  StatusOr<IndexVerdict> kept = index->Check(docs[4]);
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept->already_indexed);
  ASSERT_TRUE(index->Commit().ok());

  n = index->Prune(3600, 0, after);  // nothing is an hour old
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
  n = index->Prune(3600, 0, before + 3601 + (after - before));  // an hour later: everything is
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 7u);
  EXPECT_EQ(Documents(index.get()), 0u);
}

TEST(IndexTest, DuplicateRuleFollowsCoverageOption) {
  // Three equally long paragraphs, one of them copied: a third of the words are covered.
  const std::string source = Paragraph(40);
  const std::string checked = Paragraph(41) + "\n\n" + Paragraph(40) + "\n\n" + Paragraph(42);
  struct Case {
    double coverage_option;
    bool want_duplicate;
  };
  const Case kCases[] = {{0.5, false}, {0.34, false}, {0.33, true}, {0.1, true}};
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.coverage_option);
    TempDir tmp;
    IndexOptions o = TestOptions();
    o.duplicate_coverage = c.coverage_option;
    auto index = OpenOrDie(tmp.Sub("idx"), o);
    ASSERT_TRUE(index->Check({"src", source, ""}).ok());
    StatusOr<IndexVerdict> v = index->Check({"doc", checked, ""});
    ASSERT_TRUE(v.ok());
    EXPECT_NEAR(v->coverage, 1.0 / 3, 1e-9);
    EXPECT_EQ(v->paragraphs, 3u);
    EXPECT_EQ(v->new_paragraphs, 2u);
    EXPECT_EQ(v->duplicate, c.want_duplicate);
  }
  for (double bad : {0.0, -0.5, 1.5}) {
    TempDir tmp;
    IndexOptions o = TestOptions();
    o.duplicate_coverage = bad;
    EXPECT_EQ(Index::Open(tmp.Sub("idx"), o).status().code(), Status::Code::kInvalidArgument);
  }
}

// Reworded mode: a paragraph rewritten from an earlier one (inflections, swapped words, a clause
// cut) is matched by stemmed content words, where word 3-grams miss it; an unrelated paragraph on
// the same topic is not; and the mode is fixed when the index is created.
TEST(IndexTest, RewordedModeMatchesRewrittenParagraphs) {
  const std::string source =
      "The central bank raised its main interest rate by a quarter point on Thursday, the third "
      "increase this year, citing stubborn inflation in services and rising wages across the "
      "region.";
  const std::string reworded =
      "Citing stubborn services inflation and wages rising across the region, the central bank "
      "raises its main interest rate a quarter point, its third increase of the year.";
  const std::string related =
      "Economists at the central bank warned that housing costs could keep climbing through the "
      "winter, although retail sales slowed in the first weeks of December.";
  for (Mode mode : {Mode::kLexical, Mode::kReworded}) {
    SCOPED_TRACE(mode == Mode::kReworded ? "reworded" : "lexical");
    TempDir tmp;
    IndexOptions o = TestOptions();
    o.matching.mode = mode;
    auto index = OpenOrDie(tmp.Sub("idx"), o);
    ASSERT_TRUE(index->Check({"src", source, ""}).ok());
    StatusOr<IndexVerdict> copy = index->Check({"copy", reworded, ""});
    StatusOr<IndexVerdict> other = index->Check({"other", related, ""});
    ASSERT_TRUE(copy.ok() && other.ok());
    EXPECT_EQ(copy->duplicate, mode == Mode::kReworded);
    if (mode == Mode::kReworded) {
      ASSERT_EQ(copy->matches.size(), 1u);
      EXPECT_EQ(copy->matches[0].doc, "src");
      EXPECT_GE(copy->matches[0].similarity, 0.5);
    }
    EXPECT_FALSE(other->duplicate);
    EXPECT_TRUE(other->matches.empty());
    ASSERT_TRUE(index->Commit().ok());
    index.reset();
    IndexOptions adopt = TestOptions();
    adopt.read_only = true;
    adopt.adopt_settings = true;
    auto ro = OpenOrDie(tmp.Sub("idx"), adopt);
    StatusOr<IndexStats> stats = ro->Stats(true);
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->mode, mode == Mode::kReworded ? "reworded" : "lexical");
    StatusOr<IndexVerdict> again = ro->Query({"copy2", reworded, ""});  // "copy" holds this text
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->duplicate);
  }
}

TEST(IndexTest, RewordedOneRunAndTwoHalvesAgree) {
  TempDir tmp;
  const std::vector<Document> docs = Corpus(30);
  IndexOptions o = TestOptions();
  o.matching.mode = Mode::kReworded;
  std::vector<std::string> one, halves;
  { one = Feed(OpenOrDie(tmp.Sub("one"), o).get(), docs, 0, docs.size()); }
  { halves = Feed(OpenOrDie(tmp.Sub("halves"), o).get(), docs, 0, 11, 2); }
  {
    std::vector<std::string> rest =
        Feed(OpenOrDie(tmp.Sub("halves"), o).get(), docs, 11, docs.size(), 7);
    halves.insert(halves.end(), rest.begin(), rest.end());
  }
  EXPECT_EQ(halves, one);
  size_t duplicates = 0;
  for (const std::string& v : one) duplicates += v.starts_with("{\"duplicate\":true");
  EXPECT_GT(duplicates, 5u);
}

// A writer killed while creating an index leaves data.mdb without the settings record (and without
// the marker file written after it), or an empty data.mdb: replaying must create the index, not
// report damage. A data.mdb that is not empty and holds something else is still refused.
TEST(IndexTest, InterruptedCreationIsResumed) {
  TempDir tmp;
  {
    const std::string dir = tmp.Sub("no_settings");
    ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
    auto env = internal::Env::Open(dir, /*read_only=*/false, /*create=*/true, /*sync=*/false,
                                   uint64_t{64} << 20);
    ASSERT_TRUE(env.ok()) << env.status().message();
  }
  {
    const std::string dir = tmp.Sub("empty_file");
    ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
    std::ofstream(dir + "/data.mdb").close();
  }
  for (const char* name : {"no_settings", "empty_file"}) {
    SCOPED_TRACE(name);
    const std::vector<Document> docs = Corpus(4);
    auto index = OpenOrDie(tmp.Sub(name));
    ASSERT_NE(index, nullptr);
    Feed(index.get(), docs, 0, docs.size());
    EXPECT_EQ(Documents(index.get()), docs.size());
  }
  const std::string other = tmp.Sub("other");
  ASSERT_EQ(::mkdir(other.c_str(), 0755), 0);
  std::ofstream(other + "/data.mdb") << "hello";
  EXPECT_FALSE(Index::Open(other, TestOptions()).ok());
}

TEST(IndexTest, ReadOnlyQueriesAddNothing) {
  TempDir tmp;
  const std::string dir = tmp.Sub("idx");
  const std::vector<Document> docs = Corpus(8);
  { Feed(OpenOrDie(dir).get(), docs, 0, docs.size()); }
  IndexOptions ro = TestOptions();
  ro.read_only = true;
  ro.matching.ngram = 9;  // ignored: a reader adopts the index's settings when asked to
  ro.adopt_settings = true;
  auto index = OpenOrDie(dir, ro);
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->Check(docs[0]).status().code(), Status::Code::kInvalidArgument);
  StatusOr<IndexVerdict> q = index->Query({"new", docs[5].text, ""});
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->duplicate);
  EXPECT_EQ(q->coverage, 1.0);
  StatusOr<IndexVerdict> self = index->Query(docs[5]);  // a document is not compared with itself
  ASSERT_TRUE(self.ok());
  EXPECT_LE(self->coverage, q->coverage);
  EXPECT_EQ(Documents(index.get()), docs.size());
}

// Paragraph(seed) with its last word changed: a near copy, found only through the LSH buckets.
std::string NearCopy(uint32_t seed) {
  std::string p = Paragraph(seed);
  return p.substr(0, p.rfind(' ')) + " lighthouse.";
}

uint64_t BandEntries(Index* index) {
  StatusOr<IndexStats> s = index->Stats(/*verify=*/true);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? s->band_entries : ~uint64_t{0};
}

// The LSH buckets live in memory: a removed representative hands its buckets to the next paragraph
// with the same text, a reader beside the writer follows its commits (additions and removals), and
// reopening rebuilds the same buckets.
TEST(IndexTest, BucketsFollowRemovalReadersAndReopen) {
  TempDir tmp;
  const std::string dir = tmp.Sub("idx");
  auto writer = OpenOrDie(dir);
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Check({"a", Paragraph(60) + "\n\n" + Paragraph(61), ""}).ok());
  ASSERT_TRUE(writer->Check({"b", Paragraph(62) + "\n\n" + Paragraph(60), ""}).ok());  // 60 again
  ASSERT_TRUE(writer->Commit().ok());
  StatusOr<IndexStats> stats = writer->Stats(true);
  ASSERT_TRUE(stats.ok());
  const uint64_t per_text = static_cast<uint64_t>(stats->bands);
  EXPECT_EQ(stats->band_entries, 3 * per_text);  // three distinct texts

  IndexOptions ro = TestOptions();
  ro.read_only = true;
  auto reader = OpenOrDie(dir, ro);
  ASSERT_NE(reader, nullptr);
  const Document probe{"probe", NearCopy(60), ""};
  StatusOr<IndexVerdict> q = reader->Query(probe);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->matches.size(), 1u);
  EXPECT_EQ(q->matches[0].doc, "a");  // the oldest holder of the text
  EXPECT_LT(q->matches[0].similarity, 1.0);

  // The writer adds a document: the reader sees it at its next query.
  ASSERT_TRUE(writer->Check({"c", Paragraph(63), ""}).ok());
  ASSERT_TRUE(writer->Commit().ok());
  q = reader->Query({"probe2", NearCopy(63), ""});
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->matches.size(), 1u);
  EXPECT_EQ(q->matches[0].doc, "c");
  EXPECT_EQ(BandEntries(reader.get()), 4 * per_text);

  // Removing "a": "b"'s copy of paragraph 60 becomes the representative and takes over its buckets.
  ASSERT_TRUE(writer->Remove("a").ok());
  EXPECT_EQ(BandEntries(writer.get()), 3 * per_text);  // 61 is gone
  for (Index* index : {writer.get(), reader.get()}) {
    q = index->Query(probe);
    ASSERT_TRUE(q.ok());
    ASSERT_EQ(q->matches.size(), 1u);
    EXPECT_EQ(q->matches[0].doc, "b");
    EXPECT_EQ(q->matches[0].doc_para, 1u);
  }
  EXPECT_EQ(BandEntries(reader.get()), 3 * per_text);
  ASSERT_TRUE(writer->Remove("b").ok());
  q = reader->Query(probe);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->matches.empty());
  EXPECT_EQ(BandEntries(reader.get()), 1 * per_text);

  writer.reset();
  reader.reset();
  auto reopened = OpenOrDie(dir);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(BandEntries(reopened.get()), 1 * per_text);
  q = reopened->Query({"probe3", NearCopy(63), ""});
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->matches.size(), 1u);
  EXPECT_EQ(q->matches[0].doc, "c");
}

// Documents staged and not committed leave no LSH bucket behind: not when the Index is destroyed,
// and not when the commit fails (here: the map is full).
TEST(IndexTest, UncommittedDocumentsLeaveNoBuckets) {
  TempDir tmp;
  const std::vector<Document> docs = Corpus(12);
  const Document probe{"probe", NearCopy(300), ""};  // 300: in no document of the corpus
  std::string before;
  {
    auto index = OpenOrDie(tmp.Sub("idx"));
    Feed(index.get(), docs, 0, 4);
    StatusOr<IndexVerdict> v = index->Query(probe);
    ASSERT_TRUE(v.ok());
    before = v->ToJson();
    EXPECT_TRUE(v->matches.empty());
    ASSERT_TRUE(index->Check({"staged", Paragraph(300) + "\n\n" + Paragraph(301), ""}).ok());
    StatusOr<IndexVerdict> seen = index->Query(probe);  // staged documents are compared with
    ASSERT_TRUE(seen.ok());
    ASSERT_EQ(seen->matches.size(), 1u);
    EXPECT_EQ(seen->matches[0].doc, "staged");
  }
  auto index = OpenOrDie(tmp.Sub("idx"));
  StatusOr<IndexVerdict> v = index->Query(probe);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->ToJson(), before);

  IndexOptions small = TestOptions();
  small.map_size = uint64_t{256} << 10;
  auto full = OpenOrDie(tmp.Sub("full"), small);
  ASSERT_NE(full, nullptr);
  const uint64_t entries = BandEntries(full.get());
  std::string big;
  for (uint32_t i = 0; i < 3000; ++i) big += (i > 0 ? "\n\n" : "") + Paragraph(1000 + i);
  StatusOr<IndexVerdict> c = full->Check({"big", big, ""});
  Status committed = c.ok() ? full->Commit() : full->Commit();
  ASSERT_FALSE(c.ok() && committed.ok()) << "the map did not fill up";
  StatusOr<IndexStats> s = full->Stats(/*verify=*/true);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->documents, 0u);
  EXPECT_EQ(s->band_entries, entries);
}

// BandMap against a plain ordered map: random inserts and erases (buckets grow past their inline
// slots and shrink, probe runs collide), committed or rolled back, through several resizes.
TEST(IndexTest, BandMapMatchesReference) {
  using Ref = std::map<std::pair<size_t, uint32_t>, std::set<uint64_t>>;
  internal::BandMap map;
  map.Reset(3, 4);
  Ref ref, committed;
  uint64_t x = 12345;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int round = 0; round < 200; ++round) {
    for (int op = 0; op < 60; ++op) {
      const size_t band = next() % 3;
      // Few keys in some rounds: buckets outgrow their slots (kInline) and move to lists.
      const uint32_t key =
          static_cast<uint32_t>(next() % (round % 3 == 0 ? 500 : 12)) * 0x9E3779B1u;
      const uint64_t uid = 1 + next() % 40 + (next() % 8 == 0 ? uint64_t{1} << 40 : 0);
      if (next() % 3 == 0) {
        map.Erase(band, key, uid);
        auto it = ref.find({band, key});
        if (it != ref.end() && it->second.erase(uid) > 0 && it->second.empty()) ref.erase(it);
      } else {
        map.Insert(band, key, uid);
        ref[{band, key}].insert(uid);
      }
    }
    if (round % 4 == 3) {
      map.Rollback();
      ref = committed;
    } else {
      map.Commit();
      committed = ref;
    }
    uint64_t entries = 0;
    for (const auto& [bk, uids] : ref) {
      entries += uids.size();
      std::vector<uint64_t> got;
      ASSERT_EQ(map.Get(bk.first, bk.second, 1000, &got), uids.size());
      ASSERT_EQ(got, std::vector<uint64_t>(uids.begin(), uids.end()));  // ascending
      got.clear();
      ASSERT_EQ(map.Get(bk.first, bk.second, uids.size() - 1, &got), uids.size());
      ASSERT_TRUE(got.empty());  // a bucket over the limit gives no candidates
      for (uint64_t uid : uids) ASSERT_TRUE(map.Contains(bk.first, bk.second, uid));
    }
    ASSERT_EQ(map.entries(), entries);
    for (uint32_t k = 0; k < 500; ++k) {  // absent keys
      const uint32_t key = k * 0x9E3779B1u;
      std::vector<uint64_t> got;
      if (ref.count({0, key}) == 0) {
        ASSERT_EQ(map.Get(0, key, 1000, &got), 0u);
      }
    }
  }
}

TEST(IndexTest, VerdictJson) {
  IndexVerdict v;
  v.duplicate = true;
  v.coverage = 2.0 / 3;
  v.paragraphs = 3;
  v.new_paragraphs = 1;
  v.matches = {{0, "wire/\"1\"", 2, 1.0}, {2, "b", 0, 0.51234}};
  EXPECT_EQ(
      v.ToJson(),
      "{\"duplicate\":true,\"coverage\":0.6667,\"paragraphs\":3,\"new_paragraphs\":1,\"matches\":["
      "{\"para\":0,\"doc\":\"wire/\\\"1\\\"\",\"doc_para\":2,\"similarity\":1},"
      "{\"para\":2,\"doc\":\"b\",\"doc_para\":0,\"similarity\":0.5123}]}");
}

}  // namespace
}  // namespace neardup
