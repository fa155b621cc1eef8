// SentenceSplitter: table-driven cases of where sentences begin, on real news prose.

#include "neardup/text/sentence_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "neardup/text/tokenizer.h"

namespace neardup {
namespace {

// The sentences of `text` as strings: from each start token's begin to the last token's end
// before the next start.
std::vector<std::string> Sentences(const std::string& text) {
  Tokenizer tokenizer;
  TokenList words;
  tokenizer.Tokenize(text, 0, &words);
  std::vector<uint32_t> starts;
  SentenceSplitter().Split(text, words, &starts);
  std::vector<std::string> out;
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t last = (k + 1 < starts.size() ? starts[k + 1] : words.size()) - 1;
    out.push_back(text.substr(words.tokens[starts[k]].begin,
                              words.tokens[last].end - words.tokens[starts[k]].begin));
  }
  return out;
}

struct Case {
  const char* name;
  std::string text;
  std::vector<std::string> sentences;
};

TEST(SentenceSplitterTest, Table) {
  const std::vector<Case> cases = {
      {"one", "North Korea denied it.", {"North Korea denied it"}},
      {"two",
       "North Korea denied it. The US did not agree!",
       {"North Korea denied it", "The US did not agree"}},
      {"question", "Who did it? Nobody knows.", {"Who did it", "Nobody knows"}},
      {"initials stay",
       "The U.S. accusation was slander. It said so.",
       {"The U.S. accusation was slander", "It said so"}},
      {"initial before capital", "Seen by J. Smith and others.", {"Seen by J. Smith and others"}},
      {"abbreviation",
       "Mr. Obama spoke on Dec. 25 in Washington.",
       {"Mr. Obama spoke on Dec. 25 in Washington"}},
      {"lower case next",
       "It rose 2.5 percent. and then fell.",
       {"It rose 2.5 percent. and then fell"}},
      {"closing quote",
       "He called it \u201cgroundless slander.\u201d The ministry agreed.",
       {"He called it \u201cgroundless slander", "The ministry agreed"}},
      {"opening quote",
       "The spokesman said so. \u201cwe propose a joint probe,\u201d it said.",
       {"The spokesman said so", "we propose a joint probe,\u201d it said"}},
      {"digit next",
       "It ended in 2013. 28,000 troops stayed.",
       {"It ended in 2013", "28,000 troops stayed"}},
      {"no space after period", "Visit example.com Today.", {"Visit example.com Today"}},
      {"ellipsis", "He paused... Then he spoke.", {"He paused", "Then he spoke"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Sentences(c.text), c.sentences) << c.name;
  }
}

TEST(SentenceSplitterTest, EmptyHasNoStarts) {
  Tokenizer tokenizer;
  TokenList words;
  tokenizer.Tokenize("...", 0, &words);
  std::vector<uint32_t> starts{7};
  SentenceSplitter().Split("...", words, &starts);
  EXPECT_TRUE(starts.empty());
}

}  // namespace
}  // namespace neardup
