// Tests of the reworded-mode features: stopwords, Snowball stems, content-stem sets.

#include "neardup/text/features.h"

#include <gtest/gtest.h>

#include <string>

#include "neardup/text/stemmer.h"
#include "neardup/text/stopwords.h"

namespace neardup {
namespace {

TEST(StopwordsTest, Table) {
  struct Case {
    const char* word;
    bool stop;
  } cases[] = {{"the", true},   {"of", true},   {"they're", true}, {"yourselves", true},
               {"a", true},     {"not", false}, {"no", false},     {"against", false},
               {"sony", false}, {"", false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.word);
    EXPECT_EQ(IsStopword(c.word), c.stop);
  }
}

TEST(StemmerTest, InflectionsShareAStem) {
  Stemmer s;
  struct Case {
    const char* word;
    const char* stem;
  } cases[] = {{"blames", "blame"},
               {"blamed", "blame"},
               {"blaming", "blame"},
               {"investigation", "investig"},
               {"investigations", "investig"},
               {"fbi's", "fbi"},
               {"probes", "probe"},
               {"", ""}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.word);
    EXPECT_EQ(std::string(s.Stem(c.word)), c.stem);
  }
  const std::string long_word(100, 'a');
  EXPECT_EQ(s.Stem(long_word), long_word);
}

TEST(FeatureExtractorTest, ContentSetDropsStopwordsAndMergesInflections) {
  Tokenizer tok;
  TokenList a, b;
  tok.Tokenize("Obama blames North Korea for the attack", 0, &a);
  tok.Tokenize("North Korea was blamed by Obama for attacks", 0, &b);
  FeatureExtractor fx;
  StemmedWords sa, sb;
  fx.Stem(a, 7, &sa);
  fx.Stem(b, 7, &sb);
  ASSERT_EQ(sa.stems.size(), 7u);
  EXPECT_FALSE(sa.content[4]);  // "for"
  EXPECT_TRUE(sa.content[1]);   // "blames"
  std::vector<uint32_t> ca, cb;
  FeatureExtractor::ContentSet(sa, &ca);
  FeatureExtractor::ContentSet(sb, &cb);
  EXPECT_EQ(ca, cb);  // obama blame north korea attack
  EXPECT_EQ(ca.size(), 5u);
}

TEST(FeatureExtractorTest, CachedStemsEqualUncached) {
  Tokenizer tok;
  TokenList w;
  tok.Tokenize("The probes were probing; the probe probed it", 0, &w);
  std::vector<uint64_t> hashes;
  for (size_t i = 0; i < w.size(); ++i) hashes.push_back(std::hash<std::string_view>()(w.Word(i)));
  FeatureExtractor fx;
  StemmedWords plain, cached, again;
  fx.Stem(w, 3, &plain);
  fx.Stem(w, hashes, 3, &cached);
  fx.Stem(w, hashes, 3, &again);
  EXPECT_EQ(plain.stems, cached.stems);
  EXPECT_EQ(plain.content, cached.content);
  EXPECT_EQ(cached.stems, again.stems);
}

// Past the cache's first sizes (it grows while paragraphs come) and across a seed change, cached
// stems still equal the uncached ones, for new and for repeated words.
TEST(FeatureExtractorTest, CachedStemsEqualUncachedAsTheCacheGrows) {
  Tokenizer tok;
  FeatureExtractor fx, plain_fx;
  std::string text;
  for (int round = 0; round < 3; ++round) {
    for (int chunk = 0; chunk < 30; ++chunk) {
      text.clear();
      for (int k = 0; k < 1000; ++k) {
        // New words, and every tenth one repeated from an earlier chunk.
        const int id = k % 10 == 0 ? (chunk * 1000 + k) / 3 : chunk * 1000 + k;
        text += "walked" + std::to_string(id) + "ing ";
      }
      TokenList w;
      tok.Tokenize(text, 0, &w);
      std::vector<uint64_t> hashes;
      for (size_t i = 0; i < w.size(); ++i)
        hashes.push_back(std::hash<std::string_view>()(w.Word(i)));
      const uint64_t seed = round == 2 ? 7 : 3;  // the third round changes the seed
      StemmedWords plain, cached;
      plain_fx.Stem(w, seed, &plain);
      fx.Stem(w, hashes, seed, &cached);
      ASSERT_EQ(plain.stems, cached.stems) << "round " << round << " chunk " << chunk;
      ASSERT_EQ(plain.content, cached.content);
    }
  }
}

}  // namespace
}  // namespace neardup
