// SynonymTable: WordNet data files → (stem id, synset id) pairs, sorted for lookup.

#include "neardup/verify/synonyms.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "neardup/text/stemmer.h"
#include "neardup/text/stopwords.h"

namespace neardup {
namespace {

uint32_t StemId(Stemmer& stemmer, std::string_view word, uint64_t seed) {
  const std::string_view s = stemmer.Stem(word);
  return static_cast<uint32_t>(XXH3_64bits_withSeed(s.data(), s.size(), seed));
}

// A lemma as WordNet writes it ("Able", "galore(ip)") as a normalized single word, or "" for a
// collocation ("call_off") or a word with other characters.
std::string NormalizedLemma(std::string_view lemma) {
  if (const size_t p = lemma.find('('); p != std::string_view::npos) lemma = lemma.substr(0, p);
  std::string out;
  for (const char c : lemma) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalpha(u)) return "";
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

}  // namespace

std::string SynonymTable::DefaultDirectory() {
  // Read before any scan thread starts; nothing in neardup calls setenv.
  const char* env = std::getenv("NEARDUP_WORDNET_DIR");  // NOLINT(concurrency-mt-unsafe)
  return env != nullptr && *env != '\0' ? env : "/usr/share/wordnet";
}

const SynonymTable& SynonymTable::ForSeed(uint64_t seed) {
  static std::mutex mu;
  static std::map<uint64_t, std::unique_ptr<SynonymTable>> tables;
  const std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<SynonymTable>& t = tables[seed];
  if (!t) {
    t = std::make_unique<SynonymTable>();
    t->Load(DefaultDirectory(), seed);
  }
  return *t;
}

uint32_t SynonymTable::StemIdOf(std::string_view word, uint64_t seed) {
  Stemmer stemmer;
  return StemId(stemmer, word, seed);
}

void SynonymTable::Add(std::string_view word, uint32_t synset, uint64_t seed) {
  if (word.empty() || IsStopword(word)) return;
  Stemmer stemmer;
  entries_.emplace_back(StemId(stemmer, word, seed), synset);
}

void SynonymTable::Seal() {
  std::sort(entries_.begin(), entries_.end());
  entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
  size_t capacity = 16;
  while (capacity < 2 * entries_.size()) capacity *= 2;
  index_.assign(capacity, Slot());
  for (size_t i = 0; i < entries_.size();) {
    size_t j = i;
    while (j < entries_.size() && entries_[j].first == entries_[i].first) ++j;
    size_t h = static_cast<size_t>(entries_[i].first * 0x9E3779B1u) & (capacity - 1);
    while (index_[h].count != 0) h = (h + 1) & (capacity - 1);
    index_[h] = {entries_[i].first, static_cast<uint32_t>(i), static_cast<uint32_t>(j - i)};
    i = j;
  }
}

size_t SynonymTable::Load(const std::string& dir, uint64_t seed) {
  static constexpr const char* kFiles[] = {"data.noun", "data.verb", "data.adj", "data.adv"};
  Stemmer stemmer;
  std::string line;
  for (uint32_t pos = 0; pos < 4; ++pos) {
    std::ifstream in(dir + "/" + kFiles[pos]);
    while (in && std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue;  // the licence header
      // offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id ...] ...
      std::istringstream fields(line);
      uint32_t offset = 0;
      std::string lex_file, ss_type, count_hex;
      if (!(fields >> offset >> lex_file >> ss_type >> count_hex)) continue;
      const uint64_t count = std::strtoull(count_hex.c_str(), nullptr, 16);
      const uint32_t synset = offset * 4 + pos;
      std::string lemma, lex_id;
      size_t single = 0;
      const size_t before = entries_.size();
      for (uint64_t k = 0; k < count && (fields >> lemma >> lex_id); ++k) {
        const std::string word = NormalizedLemma(lemma);
        if (word.empty() || IsStopword(word)) continue;
        entries_.emplace_back(StemId(stemmer, word, seed), synset);
        ++single;
      }
      if (single < 2) entries_.resize(before);  // a synset of one word names no synonym
    }
  }
  Seal();
  return entries_.size();
}

std::span<const std::pair<uint32_t, uint32_t>> SynonymTable::EntriesOf(uint32_t stem) const {
  if (index_.empty()) return {};
  const size_t mask = index_.size() - 1;
  for (size_t h = static_cast<size_t>(stem * 0x9E3779B1u) & mask;; h = (h + 1) & mask) {
    if (index_[h].count == 0) return {};
    if (index_[h].stem == stem) return {entries_.data() + index_[h].begin, index_[h].count};
  }
}

bool SynonymTable::AreSynonyms(uint32_t a, uint32_t b) const {
  auto range = [&](uint32_t stem) {
    return std::equal_range(entries_.begin(), entries_.end(), std::make_pair(stem, 0u),
                            [](const auto& x, const auto& y) { return x.first < y.first; });
  };
  const auto [a0, a1] = range(a);
  if (a0 == a1) return false;
  const auto [b0, b1] = range(b);
  for (auto i = a0, j = b0; i != a1 && j != b1;) {
    if (i->second == j->second) return true;
    if (i->second < j->second) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

}  // namespace neardup
