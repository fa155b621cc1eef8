// SynonymTable: which content stems WordNet puts in one synset ("probe"/"investigation",
// "blame"/"accuse", "cancel"/"call off"'s single words), keyed by the reworded mode's stem ids.
// Thread-safety: immutable once built; ForSeed is safe to call from any thread.
#ifndef NEARDUP_VERIFY_SYNONYMS_H_
#define NEARDUP_VERIFY_SYNONYMS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace neardup {

class SynonymTable {
 public:
  // The directory WordNet's data files are read from: $NEARDUP_WORDNET_DIR if set, else
  // /usr/share/wordnet (Debian's wordnet-base).
  static std::string DefaultDirectory();

  // The table for stem ids hashed with `seed` (FeatureExtractor::Stem), built from
  // DefaultDirectory() on the first call for that seed and kept for the process (later calls
  // return the same object). Without WordNet's files the table is empty (size() == 0: no word
  // has a synonym). Cost of the first call: reading about 25 MB and stemming ~150,000 lemmas
  // (~0.3 s); later calls: a lock and a lookup.
  static const SynonymTable& ForSeed(uint64_t seed);

  // Builds a table from the data.{noun,verb,adj,adv} files of `dir` (missing files are skipped).
  // Single-word lemmas only, lower-cased, stopwords dropped, each stemmed and hashed as
  // FeatureExtractor::Stem does with `seed`. Returns the number of (stem, synset) entries.
  size_t Load(const std::string& dir, uint64_t seed);
  // Adds one (word, synset) entry (for tests): `word` is a normalized word, stemmed and hashed
  // as in Load. Call Seal() after the last Add.
  void Add(std::string_view word, uint32_t synset, uint64_t seed);
  void Seal();

  // The stem id FeatureExtractor::Stem gives the normalized word `word` with `seed`.
  static uint32_t StemIdOf(std::string_view word, uint64_t seed);

  size_t size() const { return entries_.size(); }
  // The synsets of `stem`, ascending (empty when it has none). O(1) expected (a hash lookup).
  std::span<const std::pair<uint32_t, uint32_t>> EntriesOf(uint32_t stem) const;
  // Whether stems a and b (a != b) share a synset. O(log size + synsets of a and b).
  bool AreSynonyms(uint32_t a, uint32_t b) const;

 private:
  std::vector<std::pair<uint32_t, uint32_t>> entries_;  // (stem id, synset id), sorted, unique
  // Open addressing from stem id to its first entry and count (stem << 32 | begin, count), load
  // <= 1/2; built by Seal.
  struct Slot {
    uint32_t stem = 0, begin = 0, count = 0;
  };
  std::vector<Slot> index_;
};

}  // namespace neardup

#endif  // NEARDUP_VERIFY_SYNONYMS_H_
