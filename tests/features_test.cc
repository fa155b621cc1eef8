// Tests of the reworded-mode features: stopwords, Snowball stems, content-stem sets.

#include "neardup/features.h"

#include <gtest/gtest.h>

#include "neardup/stemmer.h"
#include "neardup/stopwords.h"

namespace neardup {
namespace {

TEST(StopwordsTest, Table) {
  struct Case {
    const char* word;
    bool stop;
  } cases[] = {{"the", true}, {"of", true}, {"they're", true}, {"yourselves", true}, {"a", true},
               {"not", false}, {"no", false}, {"against", false}, {"sony", false}, {"", false}};
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
  } cases[] = {{"blames", "blame"}, {"blamed", "blame"}, {"blaming", "blame"},
               {"investigation", "investig"}, {"investigations", "investig"}, {"fbi's", "fbi"},
               {"probes", "probe"}, {"", ""}};
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

}  // namespace
}  // namespace neardup
