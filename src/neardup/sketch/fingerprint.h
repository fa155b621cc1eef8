// Fingerprinter: one document's paragraphs → shingle sets, MinHash band keys and identity hashes,
// exactly as the batch Scanner computes them (same splitter, tokenizer, shingles and signatures),
// so the streaming index and `scan` agree on every similarity.
// Thread-safety: a Fingerprinter is thread-compatible (one per thread); its output is a plain
// value.
#ifndef NEARDUP_FINGERPRINT_H_
#define NEARDUP_FINGERPRINT_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "neardup/document.h"
#include "neardup/options.h"
#include "neardup/sketch/byte_sketch.h"
#include "neardup/sketch/lsh.h"
#include "neardup/sketch/minhash.h"
#include "neardup/status.h"
#include "neardup/text/features.h"
#include "neardup/text/paragraph_splitter.h"
#include "neardup/text/sentence_splitter.h"
#include "neardup/text/tokenizer.h"

namespace neardup {

// A 128-bit hash (XXH3-128), e.g. of a paragraph's normalized words or of a document's bytes.
struct Hash128 {
  uint64_t lo = 0;
  uint64_t hi = 0;
  bool operator==(const Hash128&) const = default;
};

// What a content word of a reworded-mode sequence is, from how it is written
// (DocumentPrint::lower).
enum WordKind : uint8_t {
  kWordOther = 0,   // first in its sentence, or of no case: cannot tell
  kWordLower = 1,   // written in lower case inside a sentence: a word, not a name
  kWordNumber = 2,  // starts with a digit
  kWordName = 3,    // capitalized inside a sentence: a name or an acronym
};
// A flag or-ed onto a word's WordKind in DocumentPrint::lower: the word lies inside quotation
// marks (MarkQuoted, tokenizer.h). The kind is the byte & kWordKindMask.
constexpr uint8_t kWordQuoted = 8;
constexpr uint8_t kWordKindMask = 7;

// The fingerprint of one paragraph that has at least one word.
struct ParagraphPrint {
  uint32_t para = 0;   // index among the splitter's paragraphs (paragraphs without words count too)
  ByteRange range;     // byte range in the document's text
  uint32_t words = 0;  // words after normalization (capped at Options::max_unit_words)
  Hash128 text_hash;   // identical normalized text <=> identical hash (XXH3-128 of the word hashes)
  uint32_t shingle_begin = 0, shingle_end = 0;    // into DocumentPrint::shingles (sorted, unique)
  uint32_t seq_begin = 0, seq_end = 0;            // into DocumentPrint::sequences (reworded mode)
  uint32_t sent_begin = 0, sent_end = 0;          // into DocumentPrint::sentences (reworded mode)
  uint32_t verbatim_begin = 0, verbatim_end = 0;  // into DocumentPrint::verbatim (reworded mode)
};

// One sentence of a paragraph (reworded mode): its content stems and its text.
struct SentencePrint {
  uint32_t seq_begin = 0, seq_end = 0;  // into DocumentPrint::sequences (within its paragraph's)
  ByteRange range;                      // first word's begin to last word's end, in the text
};

struct DocumentPrint {
  Hash128 content_hash;  // XXH3-128 of the raw text bytes
  std::vector<ParagraphPrint> paragraphs;
  std::vector<uint32_t> shingles;   // every paragraph's set, back to back
  std::vector<uint32_t> band_keys;  // paragraphs.size() * lsh.bands
  // The fields below are filled in reworded mode with Fingerprinter's batch_detail only.
  // A 64-byte MinHash sketch of every paragraph (paragraphs.size() *
  // kByteSketchSize; one byte of each of 64 minima under hash functions of its own), which the
  // Scanner screens LSH candidates with (ByteSketchAgreement).
  static constexpr size_t kByteSketchSize = neardup::kByteSketchSize;
  std::vector<uint8_t> byte_sketches;
  std::vector<uint32_t> sequences;       // reworded: each paragraph's content stems in text order
  std::vector<uint8_t> lower;            // reworded, parallel to sequences: a WordKind
                                         // (kWordLower: written in lower case inside a sentence)
                                         // | kWordQuoted (inside quotation marks)
  std::vector<SentencePrint> sentences;  // reworded: each paragraph's sentences (SentenceSplitter)
  // Reworded: each paragraph's word k-gram shingles (sorted, unique), the set lexical mode
  // fingerprints; the Scanner reports a pair whose sets reach lexical mode's threshold whatever
  // the scorer says (near-verbatim text, docs/reworded.md).
  std::vector<uint32_t> verbatim;
  uint32_t empty_paragraphs = 0;  // paragraphs with no words (not fingerprinted)

  std::span<const uint32_t> Shingles(size_t i) const {
    return std::span<const uint32_t>(shingles).subspan(
        paragraphs[i].shingle_begin, paragraphs[i].shingle_end - paragraphs[i].shingle_begin);
  }
};

// What the Fingerprinter honours of Options.
struct FingerprintSettings {
  Unit unit = Unit::kParagraph;  // Options::unit
  Mode mode = Mode::kLexical;    // Options::mode: shingles (lexical) or content stems (reworded)
  int ngram = 3;                 // Options::ngram, in [1, 32]
  int num_perm = 128;            // Options::num_perm, in [2, 4096]
  uint64_t seed = 0;             // Options::seed
  SketchScheme scheme = SketchScheme::kIndependent;  // Options::scheme
  size_t max_unit_words = 100000;                    // Options::max_unit_words, >= 1

  static FingerprintSettings From(const Options& options) {
    return {options.unit, options.mode,   options.ngram,         options.num_perm,
            options.seed, options.scheme, options.max_unit_words};
  }
  // InvalidArgument naming the bad option (ngram, num-perm, max unit words), or OK.
  static Status Validate(const Options& options);
};

class Fingerprinter {
 public:
  // `settings` must pass FingerprintSettings::Validate; `lsh` is the banding whose keys are
  // computed (an index keeps the banding it was created with, whatever the threshold of a later
  // run). `batch_detail` (reworded mode): also the content stems in text order, the sentences, the
  // capitalization flags and the byte sketches, which the batch Scanner matches on; the streaming
  // index uses none of them and passes false.
  Fingerprinter(const FingerprintSettings& settings, LshParams lsh, bool batch_detail = true);

  // Replaces *out with the fingerprint of `text` split into units: paragraphs, or with
  // Options::unit == kDocument the whole text (surrounding whitespace and a BOM excluded) as one
  // unit, reported as paragraph 0. A unit's set is its word k-gram shingles in lexical mode, its
  // Snowball-stemmed content words in reworded mode (a unit of stopwords only: all its stems),
  // where each paragraph's sentences are listed too.
  // `scan` and the index both fingerprint through this, so they agree on every similarity.
  // Never fails; texts over 4 GiB are cut at 4 GiB. Cost: linear in the text.
  void Fingerprint(std::string_view text, DocumentPrint* out);

  LshParams lsh() const { return lsh_; }

 private:
  FingerprintSettings options_;
  LshParams lsh_;
  MinHasher hasher_;
  // Appends the sentences of the paragraph in words_ / stemmed_ (its content stems starting at
  // `seq_begin` of out->sequences), with the stems and their capitalization flags.
  void AppendSentences(std::string_view text, uint32_t seq_begin, DocumentPrint* out);
  std::vector<uint8_t> quoted_;  // reworded: MarkQuoted of the paragraph in words_

  MinHasher byte_hasher_;  // reworded: the byte sketch's own kByteSketchSize hash functions
  std::vector<uint32_t> byte_signature_;
  ParagraphSplitter splitter_;
  bool batch_detail_;  // reworded mode and the constructor's batch_detail
  SentenceSplitter sentence_splitter_;
  std::vector<uint32_t> sentence_starts_;
  Tokenizer tokenizer_;
  TokenList words_;
  std::vector<uint64_t> word_hashes_;
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> verbatim_ids_;  // reworded: the paragraph's word k-gram shingles
  std::vector<uint32_t> signature_;
  FeatureExtractor features_;  // reworded mode
  StemmedWords stemmed_;
};

}  // namespace neardup

#endif  // NEARDUP_FINGERPRINT_H_
