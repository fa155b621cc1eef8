// Word alignment of two paragraphs: which words the two share (a longest common subsequence over
// Snowball stems) and which words only one side has, as byte ranges into the document texts.
// Thread-safety: WordAligner is thread-compatible (one per thread); AlignPairs runs on all cores.
#ifndef NEARDUP_ALIGNMENT_H_
#define NEARDUP_ALIGNMENT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "neardup/document.h"
#include "neardup/io/doc_texts.h"
#include "neardup/scan_result.h"
#include "neardup/text/features.h"
#include "neardup/text/tokenizer.h"
#include "neardup/verify/lcs.h"

namespace neardup {

// Consecutive aligned words [begin, end) (indices from 0 in the paragraph's tokens): aligned words
// come in runs, so a side keeps a few runs rather than one index per word.
struct WordRun {
  uint32_t begin = 0, end = 0;
  bool operator==(const WordRun&) const = default;
};

// The runs of `indices` (ascending, distinct). O(indices).
std::vector<WordRun> RunsOfIndices(const std::vector<uint32_t>& indices);

// One side of an alignment. `shared` and `only` partition the side's words into maximal runs of
// consecutive words that are aligned (shared) or not (only); each run is the byte range from its
// first word's start to its last word's end (punctuation between the words included), in the
// coordinates of the document text. Both lists are ascending and never overlap.
struct AlignedSide {
  std::vector<ByteRange> shared;
  std::vector<ByteRange> only;
  std::vector<WordRun> matched;  // the aligned words, ascending maximal runs
  uint32_t words = 0;            // words of the aligned span (paragraph or sentence)
};

struct Alignment {
  AlignedSide a, b;
  uint32_t aligned_words = 0;  // aligned word pairs (words in a.matched = words in b.matched)
  bool truncated = false;      // paragraphs too long to align (words(a) * words(b) > kMaxCells)
};

class WordAligner {
 public:
  // Largest content words(a) x content words(b) aligned; longer pairs report truncated = true and
  // no shared words (the solver keeps one bit per cell).
  static constexpr uint64_t kMaxCells = uint64_t{64} << 20;
  // Largest words(a) x words(b) given to the weighted table (4 bytes per cell).
  static constexpr uint64_t kMaxTableCells = uint64_t{4} << 20;

  // Aligns paragraph `ra` of text_a with paragraph `rb` of text_b (byte ranges into the texts).
  // Words are matched when their stems are equal. The alignment maximizes the number of matched
  // content words (a longest common subsequence of the two sides' content stems); a stopword is
  // matched only inside a run of matched words holding a content word ("of the" between two
  // matched names), so a stray "the" is not reported as shared. Where the two share less than half
  // of the smaller side's content words, equally long alignments are told apart by their
  // stopwords (each worth 0.25 of a content word), so the matches sit together in runs.
  // Cost: O(n m / 64) words for n and m content words, O(N M) for N and M words when the
  // stopwords decide; plus the tokenizing.
  Alignment Align(std::string_view text_a, ByteRange ra, std::string_view text_b, ByteRange rb,
                  uint64_t seed);

  // Adds the number of words in `before` (the part of a paragraph ahead of an aligned sentence)
  // to side->matched, so they count from the paragraph's first word.
  void ShiftToParagraph(std::string_view text, ByteRange before, AlignedSide* side);

 private:
  // The weighted table (content word 1, stopword 0.25): marks the matched words of a and b in
  // *in_a, *in_b (sized to a and b). O(N M) time and memory.
  void AlignByTable(const StemmedWords& a, const StemmedWords& b, std::vector<uint8_t>* in_a,
                    std::vector<uint8_t>* in_b);
  void Prepare(std::string_view text, ByteRange r, uint64_t seed, TokenList* words,
               StemmedWords* stems);
  Tokenizer tokenizer_;
  FeatureExtractor features_;
  TokenList words_a_;
  StemmedWords stems_a_;
  // Side b, prepared paragraphs cached by (text, range), direct-mapped.
  struct PreparedSide {
    const char* text = nullptr;
    ByteRange range{0, 0};
    uint64_t seed = 0;
    TokenList words;
    StemmedWords stems;
  };
  std::array<PreparedSide, 128> cache_;
  std::vector<uint64_t> word_hashes_;  // stems are cached by word hash (FeatureExtractor)
  std::vector<uint32_t> dp_;           // AlignByTable's table
  std::vector<uint8_t> in_a_, in_b_;   // Align's scratch: which words of each side are matched
  LcsSolver lcs_;
  std::vector<uint32_t> content_a_, content_b_;  // token index of each content word
  std::vector<uint32_t> stems_ca_, stems_cb_;    // their stems
  TokenList prefix_;                             // ShiftToParagraph's scratch
  // What words_a_ / stems_a_ hold (Align reuses them when side a repeats).
  const char* last_a_text_ = nullptr;
  ByteRange last_a_range_{0, 0};
  uint64_t last_a_seed_ = 0;
};

// The alignment of pair `i` of `result` (of its spans, word indices counting from each
// paragraph's first word), with `aligner` (one per thread); an empty alignment when a text is
// missing from `texts`. Cost: WordAligner::Align.
Alignment AlignPair(const ScanResult& result, size_t i, const DocTexts& texts, uint64_t seed,
                    WordAligner* aligner);

// The alignment of every pair of `result` (of its spans: a sentence pair aligns its two
// sentences), by pair index, computed on Options::threads threads.
// `texts` must hold every document of a pair (see DocsInReport); a pair whose text is missing
// gets an empty alignment.
std::vector<Alignment> AlignPairs(const ScanResult& result, const DocTexts& texts, uint64_t seed,
                                  int threads);

}  // namespace neardup

#endif  // NEARDUP_ALIGNMENT_H_
