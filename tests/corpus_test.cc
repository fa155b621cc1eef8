// Corpus, the batch API: the same pairs as the Scanner it wraps, options validated on Create,
// Add after Find and a second Find refused.

#include "neardup/corpus.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "neardup/neardup.h"

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

}  // namespace
}  // namespace neardup
