// Corpus, the batch API: the same pairs as the Scanner it wraps, options validated on Create,
// Add after Find and a second Find refused.

#include "neardup/corpus.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "neardup/neardup.h"

namespace neardup {
namespace {

// While armed, every allocation of at least this many bytes throws std::bad_alloc (0: disarmed).
std::atomic<size_t> g_fail_from_bytes{0};

}  // namespace
}  // namespace neardup

// The test binary's allocator: malloc, or std::bad_alloc for a large block while armed.
void* operator new(std::size_t n) {
  const size_t fail = neardup::g_fail_from_bytes.load(std::memory_order_relaxed);
  if (fail != 0 && n >= fail) throw std::bad_alloc();
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;  // NOLINT: the replaceable allocator
  throw std::bad_alloc();
}

// Its partners: what operator new took from malloc goes back to free (a sanitizer's own delete
// would report the pair as mismatched).
// GCC sees free() meet a pointer from operator new where it inlines these; here that is the point.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }  // NOLINT: the replaceable allocator
void operator delete(void* p, std::size_t /*size*/) noexcept {
  std::free(p);  // NOLINT: the replaceable allocator
}
#pragma GCC diagnostic pop

namespace neardup {
namespace {

const char kWire[] = "The storm closed every road into the valley on Monday night, officials said.";
const char kCopy[] =
    "The storm closed every road into the valley on Monday night, officials said today.";
const char kOther[] = "A new bakery opened its doors on the main square.";

TEST(CorpusTest, CreateRejectsInvalidOptions) {
  struct Case {
    const char* name;
    void (*set)(Options*);
    const char* want;
  };
  const Case cases[] = {
      {"threshold", [](Options* o) { o->threshold = 0; }, "threshold"},
      {"ngram", [](Options* o) { o->ngram = 0; }, "ngram"},
      {"num_perm", [](Options* o) { o->num_perm = 1; }, "num-perm"},
      {"threads", [](Options* o) { o->threads = -1; }, "threads"},
      {"null quantile", [](Options* o) { o->null_quantile = 2; }, "null quantile"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Options o;
    o.mode = Mode::kLexical;
    c.set(&o);
    StatusOr<std::unique_ptr<Corpus>> corpus = Corpus::Create(o);
    ASSERT_FALSE(corpus.ok());
    EXPECT_EQ(corpus.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(corpus.status().ToString().find(c.want), std::string::npos)
        << corpus.status().ToString();
  }
}

TEST(CorpusTest, FindsTheCopyOnceAndOnlyOnce) {
  Options lexical;
  lexical.mode = Mode::kLexical;  // exact Jaccard: the copy and nothing else (default: reworded)
  StatusOr<std::unique_ptr<Corpus>> corpus = Corpus::Create(lexical);
  ASSERT_TRUE(corpus.ok());
  ASSERT_TRUE((*corpus)->Add("wire", kWire).ok());
  ASSERT_TRUE((*corpus)->Add(Document{"copy", kCopy, ""}).ok());
  ASSERT_TRUE((*corpus)->Add("other", kOther).ok());
  EXPECT_EQ((*corpus)->documents(), 3u);
  StatusOr<ScanResult> r = (*corpus)->Find();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->pairs.size(), 1u);
  EXPECT_EQ(r->doc_ids[r->units[r->pairs[0].a].doc], "wire");
  EXPECT_EQ(r->doc_ids[r->units[r->pairs[0].b].doc], "copy");
  EXPECT_GE(r->pairs[0].similarity, 0.5);
  ASSERT_EQ(r->clusters.size(), 1u);
  EXPECT_EQ(r->doc_digests.size(), 3u);
  EXPECT_EQ((*corpus)->Add("late", kOther).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ((*corpus)->Find().status().code(), Status::Code::kInvalidArgument);
}

// Hands out a slice of a document list (what the Python binding's iterator feeds AddFrom).
class SliceReader final : public CorpusReader {
 public:
  SliceReader(const std::vector<Document>& docs, size_t begin, size_t end)
      : docs_(docs), next_(begin), end_(end) {}
  bool Next(Document* doc) override {
    if (next_ == end_) return false;
    *doc = docs_[next_++];
    return true;
  }
  const Status& status() const override { return status_; }
  std::vector<ReadWarning> TakeWarnings() override { return {}; }

 private:
  const std::vector<Document>& docs_;
  size_t next_, end_;
  Status status_;
};

// Documents of 1-3 paragraphs drawn from a pool with repeats and near copies.
std::vector<Document> PoolDocuments(int n) {
  std::vector<Document> docs;
  for (int d = 0; d < n; ++d) {
    Document doc;
    doc.id = "d" + std::to_string(d);
    for (int k = 0; k <= d % 3; ++k) {
      const int t = (d * 7 + k * 13) % 97;
      std::string p = "Story " + std::to_string(t) + " says";
      for (int w = 0; w < 14; ++w) p += " word" + std::to_string((t * 31 + w * 17) % 211);
      if ((d + k) % 5 == 0) p += " and one more";  // a near copy of the pool text
      doc.text += (k ? "\n\n" : "") + p + ".";
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

// What a scan found, flattened for comparison.
std::vector<double> Flatten(const ScanResult& r) {
  std::vector<double> v;
  auto d = [](auto x) { return static_cast<double>(x); };
  for (const UnitRef& u : r.units) {
    v.insert(v.end(),
             {d(u.doc), d(u.para), d(u.range.begin), d(u.range.end), d(u.words), d(u.group)});
  }
  v.push_back(-1);
  for (const Pair& p : r.pairs) v.insert(v.end(), {d(p.a), d(p.b), p.similarity});
  v.push_back(-1);
  for (const Cluster& c : r.clusters) {
    for (const ClusterMember& m : c.members) v.insert(v.end(), {d(m.unit), m.similarity});
    v.push_back(-2);
  }
  return v;
}

// Many small AddFrom (and Add) calls give the corpus that one call does: the read stage's arrays
// grow across calls without losing or reordering units (the Python binding feeds AddFrom a few
// thousand records at a time).
TEST(CorpusTest, ManySmallAddsEqualOneAdd) {
  const std::vector<Document> docs = PoolDocuments(1200);
  auto scan = [&](size_t step, bool one_by_one) {
    Options o;
    o.mode = Mode::kLexical;
    o.threads = 2;
    StatusOr<std::unique_ptr<Corpus>> corpus = Corpus::Create(o);
    EXPECT_TRUE(corpus.ok());
    for (size_t at = 0; at < docs.size(); at += step) {
      if (one_by_one) {
        EXPECT_TRUE((*corpus)->Add(docs[at]).ok());
        continue;
      }
      SliceReader reader(docs, at, std::min(docs.size(), at + step));
      EXPECT_TRUE((*corpus)->AddFrom(&reader).ok());
    }
    EXPECT_EQ((*corpus)->documents(), docs.size());
    StatusOr<ScanResult> r = (*corpus)->Find();
    EXPECT_TRUE(r.ok());
    return Flatten(*r);
  };
  const std::vector<double> want = scan(docs.size(), false);
  ASSERT_GT(want.size(), 3000u);
  EXPECT_NE(std::count(want.begin(), want.end(), -2.0), 0);  // some clusters
  EXPECT_EQ(scan(1, false), want);
  EXPECT_EQ(scan(7, false), want);
  EXPECT_EQ(scan(500, false), want);
  EXPECT_EQ(scan(1, true), want);
}

// Running out of memory part way through an add leaves the corpus incomplete: that add returns
// ResourceExhausted, and so does every later add and Find, instead of searching a corpus whose
// ids and features disagree (or a group table with pending slots of a dead chunk).
TEST(CorpusTest, AnAddThatRanOutOfMemoryRefusesEverythingAfter) {
  const std::vector<Document> docs = PoolDocuments(20000);
  Options o;
  o.mode = Mode::kLexical;
  o.threads = 2;
  StatusOr<std::unique_ptr<Corpus>> corpus = Corpus::Create(o);
  ASSERT_TRUE(corpus.ok());
  SliceReader first(docs, 0, 100);
  ASSERT_TRUE((*corpus)->AddFrom(&first).ok());
  SliceReader rest(docs, 100, docs.size());
  g_fail_from_bytes = size_t{256} << 10;
  const Status s = (*corpus)->AddFrom(&rest);
  g_fail_from_bytes = 0;
  ASSERT_EQ(s.code(), Status::Code::kResourceExhausted) << s.ToString();
  const Status again = (*corpus)->Add("late", kOther);
  EXPECT_EQ(again.code(), Status::Code::kResourceExhausted);
  EXPECT_NE(again.message().find("start a new one"), std::string::npos) << again.message();
  SliceReader more(docs, 0, 10);
  EXPECT_EQ((*corpus)->AddFrom(&more).code(), Status::Code::kResourceExhausted);
  EXPECT_EQ((*corpus)->Find().status().code(), Status::Code::kResourceExhausted);
}

}  // namespace
}  // namespace neardup
