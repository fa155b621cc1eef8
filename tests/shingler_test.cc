// Tests for the shingler: golden word hashes and shingle ids (the byte-exact contract), and the
// short-paragraph, empty and ordering rules.
#include "neardup/text/shingler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace neardup {
namespace {

TokenList MakeWords(const std::vector<std::string>& words) {
  TokenList list;
  for (const std::string& w : words) {
    Token t;
    t.norm_begin = static_cast<uint32_t>(list.normalized.size());
    t.norm_len = static_cast<uint32_t>(w.size());
    list.normalized += w;
    list.tokens.push_back(t);
  }
  return list;
}

const std::vector<std::string> kFox = {"the",  "quick", "brown", "fox", "jumps",
                                       "over", "the",   "lazy",  "dog"};

// Golden vectors: XXH3-64 of each word with seed 0, and the k = 5 shingle ids over them. Any change
// to the hashing changes these and invalidates every stored signature, so it must be deliberate.
TEST(ShinglerTest, GoldenWordHashes) {
  std::vector<uint64_t> got;
  HashWords(MakeWords(kFox), 0, &got);
  const std::vector<uint64_t> want = {
      0xcb1283631cf33d7dULL, 0xa484d68ab370b322ULL, 0x0e2bc6a228ded8ebULL,
      0xc1cfee97854b92cfULL, 0x9730029fc993cbc3ULL, 0x021987b1080c5631ULL,
      0xcb1283631cf33d7dULL, 0xfed6a0905a629067ULL, 0x802c9dc0909e32b7ULL};
  EXPECT_EQ(got, want);
}

TEST(ShinglerTest, GoldenShingleIds) {
  std::vector<uint64_t> hashes;
  HashWords(MakeWords(kFox), 0, &hashes);
  std::vector<uint32_t> ids;
  ShingleIds(hashes, 5, 0, &ids);
  EXPECT_EQ(ids, (std::vector<uint32_t>{0x115ec42eu, 0x677aeb48u, 0xa2feccdeu, 0xb09ef47au,
                                        0xd98c54e4u}));
  // Fewer than k words: one shingle over all of them.
  ShingleIds(std::span<const uint64_t>(hashes).first(3), 5, 7, &ids);
  EXPECT_EQ(ids, (std::vector<uint32_t>{0x55ac5517u}));
}

TEST(ShinglerTest, Counts) {
  struct Case {
    size_t words;
    int k;
    size_t want;  // distinct random words, so no duplicate shingles
  };
  const Case cases[] = {{0, 5, 0},    {1, 5, 1}, {4, 5, 1},   {5, 5, 1},  {6, 5, 2},
                        {100, 5, 96}, {3, 1, 3}, {10, 10, 1}, {10, 0, 10}};
  std::mt19937_64 rng(1);
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "words=" << c.words << " k=" << c.k);
    std::vector<uint64_t> hashes(c.words);
    for (uint64_t& h : hashes) h = rng();
    std::vector<uint32_t> ids = {1, 2, 3};  // must be cleared
    ShingleIds(hashes, c.k, 0, &ids);
    EXPECT_EQ(ids.size(), c.want);
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  }
}

// Each id is the id of its window alone, and the set is sorted and unique: checks the sort on
// sizes around its bucketing thresholds and on heavy duplication (its std::sort fallback).
TEST(ShinglerTest, MatchesPerWindowReference) {
  std::mt19937_64 rng(5);
  for (size_t words : std::vector<size_t>{3, 4, 10, 25, 26, 27, 100, 129, 1000, 5000}) {
    for (size_t vocab : {size_t{2}, size_t{50}, size_t{1} << 40}) {
      SCOPED_TRACE(testing::Message() << "words=" << words << " vocab=" << vocab);
      std::vector<uint64_t> hashes(words);
      for (uint64_t& h : hashes) h = rng() % vocab;
      const size_t k = 3;
      std::vector<uint32_t> want, one;
      for (size_t i = 0; i + k <= words; ++i) {
        ShingleIds(std::span<const uint64_t>(hashes).subspan(i, k), 3, 9, &one);
        ASSERT_EQ(one.size(), 1u);
        want.push_back(one[0]);
      }
      std::sort(want.begin(), want.end());
      want.erase(std::unique(want.begin(), want.end()), want.end());
      std::vector<uint32_t> got;
      ShingleIds(hashes, 3, 9, &got);
      EXPECT_EQ(got, want);
    }
  }
}

TEST(ShinglerTest, RepeatedPhrasesDeduplicate) {
  // "a b a b a b a b" with k = 2 has shingles {ab, ba}.
  std::vector<uint64_t> hashes;
  HashWords(MakeWords({"a", "b", "a", "b", "a", "b", "a", "b"}), 3, &hashes);
  std::vector<uint32_t> ids;
  ShingleIds(hashes, 2, 3, &ids);
  EXPECT_EQ(ids.size(), 2u);
}

TEST(ShinglerTest, SeedChangesIds) {
  std::vector<uint64_t> hashes;
  HashWords(MakeWords(kFox), 0, &hashes);
  std::vector<uint32_t> a, b;
  ShingleIds(hashes, 3, 1, &a);
  ShingleIds(hashes, 3, 2, &b);
  EXPECT_NE(a, b);
}

TEST(ShinglerTest, SharedPhrasesShareIds) {
  std::vector<uint64_t> h1, h2;
  HashWords(MakeWords({"x", "the", "quick", "brown", "fox", "jumps"}), 0, &h1);
  HashWords(MakeWords({"the", "quick", "brown", "fox", "jumps", "y"}), 0, &h2);
  std::vector<uint32_t> a, b;
  ShingleIds(h1, 5, 0, &a);
  ShingleIds(h2, 5, 0, &b);
  std::vector<uint32_t> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  EXPECT_EQ(common.size(), 1u);
}

}  // namespace
}  // namespace neardup
