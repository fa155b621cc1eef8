// Fingerprinter: the Scanner's per-unit fingerprint (split → tokenize → hash words → shingle →
// sketch → band keys), for one document at a time.

#include "neardup/sketch/fingerprint.h"

#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <limits>
#include <string>

#include "neardup/text/shingler.h"

namespace neardup {
namespace {

// The text without a leading UTF-8 byte order mark and surrounding whitespace.
ByteRange TrimmedWhole(std::string_view text) {
  size_t b = 0, e = text.size();
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") b = 3;
  while (b < e && space(text[b])) ++b;
  while (e > b && space(text[e - 1])) --e;
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

// Whether `text` starts with a letter written in lower case (or of a script without case): a
// word, not a name, a number or an acronym.
bool StartsLowerCase(std::string_view text) {
  if (text.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(text[0]);
  if (c < 0x80) return c >= 'a' && c <= 'z';
  utf8proc_int32_t cp = -1;
  if (utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                       static_cast<utf8proc_ssize_t>(std::min<size_t>(text.size(), 4)), &cp) <= 0) {
    return false;
  }
  const utf8proc_category_t cat = utf8proc_category(cp);
  return cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LO;
}

// The WordKind of the word `text` starts with.
uint8_t KindOf(std::string_view text, bool first_in_sentence) {
  if (!text.empty() && text[0] >= '0' && text[0] <= '9') return kWordNumber;
  if (first_in_sentence) return kWordOther;
  if (StartsLowerCase(text)) return kWordLower;
  const unsigned char c = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
  return c >= 'A' && c <= 'Z' ? kWordName : (c >= 0x80 ? kWordName : kWordOther);
}

}  // namespace

Status FingerprintSettings::Validate(const Options& o) {
  if (o.ngram < 1 || o.ngram > 32) {
    return Status::InvalidArgument("ngram must be in [1, 32], got " + std::to_string(o.ngram));
  }
  if (o.num_perm < 2 || o.num_perm > 4096) {
    return Status::InvalidArgument("num-perm must be in [2, 4096], got " +
                                   std::to_string(o.num_perm));
  }
  if (o.max_unit_words < 1) return Status::InvalidArgument("max unit words must be >= 1");
  return Status::OK();
}

Fingerprinter::Fingerprinter(const FingerprintSettings& settings, LshParams lsh, bool batch_detail)
    : options_(settings),
      lsh_(lsh),
      hasher_(settings.num_perm, settings.seed, settings.scheme),
      byte_hasher_(static_cast<int>(DocumentPrint::kByteSketchSize), settings.seed ^ 0x62797465,
                   settings.scheme),
      batch_detail_(batch_detail && settings.mode == Mode::kReworded) {
  signature_.resize(static_cast<size_t>(settings.num_perm));
  byte_signature_.resize(DocumentPrint::kByteSketchSize);
}

void Fingerprinter::Fingerprint(std::string_view text, DocumentPrint* out) {
  if (text.size() > std::numeric_limits<uint32_t>::max()) {
    text = text.substr(0, std::numeric_limits<uint32_t>::max());
  }
  const XXH128_hash_t content = XXH3_128bits(text.data(), text.size());
  out->content_hash = {content.low64, content.high64};
  out->paragraphs.clear();
  out->shingles.clear();
  out->band_keys.clear();
  out->byte_sketches.clear();
  out->sequences.clear();
  out->sentences.clear();
  out->lower.clear();
  out->verbatim.clear();
  out->empty_paragraphs = 0;
  std::vector<ByteRange> ranges;
  if (options_.unit == Unit::kParagraph) {
    ranges = splitter_.Split(text);
  } else if (const ByteRange whole = TrimmedWhole(text); whole.end > whole.begin) {
    ranges.push_back(whole);
  }
  const size_t bands = static_cast<size_t>(lsh_.bands);
  for (size_t p = 0; p < ranges.size(); ++p) {
    const ByteRange r = ranges[p];
    words_.Clear();
    tokenizer_.Tokenize(text.substr(r.begin, r.end - r.begin), r.begin, &words_,
                        options_.max_unit_words);
    if (words_.tokens.empty()) {
      ++out->empty_paragraphs;
      continue;
    }
    if (words_.tokens.size() > options_.max_unit_words) {
      words_.tokens.resize(options_.max_unit_words);
    }
    HashWords(words_, options_.seed, &word_hashes_);
    const XXH128_hash_t h = XXH3_128bits_withSeed(
        word_hashes_.data(), word_hashes_.size() * sizeof(uint64_t), options_.seed);
    if (options_.mode == Mode::kReworded) {
      // As the Scanner: content-stem unigrams; a paragraph of stopwords only uses all its stems.
      features_.Stem(words_, word_hashes_, options_.seed, &stemmed_);
      FeatureExtractor::ContentSet(stemmed_, &ids_);
      if (ids_.empty()) {
        ids_ = stemmed_.stems;
        std::sort(ids_.begin(), ids_.end());
        ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
      }
    } else {
      ShingleIds(word_hashes_, options_.ngram, options_.seed, &ids_);
    }
    hasher_.Sketch(ids_, signature_.data());
    const size_t key_at = out->band_keys.size();
    out->band_keys.resize(key_at + bands);
    BandKeys(signature_.data(), lsh_, out->band_keys.data() + key_at);
    if (batch_detail_) {
      // Hash functions of their own, so a pair found by an LSH band does not agree on that
      // band's positions by construction.
      byte_hasher_.Sketch(ids_, byte_signature_.data());
      for (uint32_t v : byte_signature_) out->byte_sketches.push_back(ByteOfMinHash(v));
    }
    ParagraphPrint pp;
    pp.para = static_cast<uint32_t>(p);
    pp.range = r;
    pp.words = static_cast<uint32_t>(words_.tokens.size());
    pp.text_hash = {h.low64, h.high64};
    pp.shingle_begin = static_cast<uint32_t>(out->shingles.size());
    out->shingles.insert(out->shingles.end(), ids_.begin(), ids_.end());
    pp.shingle_end = static_cast<uint32_t>(out->shingles.size());
    pp.seq_begin = static_cast<uint32_t>(out->sequences.size());
    pp.sent_begin = static_cast<uint32_t>(out->sentences.size());
    pp.verbatim_begin = static_cast<uint32_t>(out->verbatim.size());
    if (batch_detail_) {
      MarkQuoted(text, r.begin, words_, &quoted_);
      AppendSentences(text, pp.seq_begin, out);
      // Lexical mode's shingles of the same words (ShingleIds as in lexical mode, same k).
      ShingleIds(word_hashes_, options_.ngram, options_.seed, &verbatim_ids_);
      out->verbatim.insert(out->verbatim.end(), verbatim_ids_.begin(), verbatim_ids_.end());
    }
    pp.seq_end = static_cast<uint32_t>(out->sequences.size());
    pp.sent_end = static_cast<uint32_t>(out->sentences.size());
    pp.verbatim_end = static_cast<uint32_t>(out->verbatim.size());
    out->paragraphs.push_back(pp);
  }
}

void Fingerprinter::AppendSentences(std::string_view text, uint32_t seq_begin, DocumentPrint* out) {
  sentence_splitter_.Split(text, words_, &sentence_starts_);
  sentence_starts_.push_back(static_cast<uint32_t>(stemmed_.stems.size()));
  size_t next = 1;  // the next sentence start to pass
  SentencePrint sp;
  sp.seq_begin = seq_begin;
  sp.range.begin = words_.tokens[0].begin;
  for (size_t i = 0; i < stemmed_.stems.size(); ++i) {
    if (i == sentence_starts_[next]) {
      sp.seq_end = static_cast<uint32_t>(out->sequences.size());
      sp.range.end = words_.tokens[i - 1].end;
      out->sentences.push_back(sp);
      sp.seq_begin = sp.seq_end;
      sp.range.begin = words_.tokens[i].begin;
      ++next;
    }
    if (stemmed_.content[i]) {
      out->sequences.push_back(stemmed_.stems[i]);
      const bool first_in_sentence = i == sentence_starts_[next - 1];
      const uint8_t kind = KindOf(text.substr(words_.tokens[i].begin), first_in_sentence);
      out->lower.push_back(quoted_[i] != 0 ? static_cast<uint8_t>(kind | kWordQuoted) : kind);
    }
  }
  sp.seq_end = static_cast<uint32_t>(out->sequences.size());
  sp.range.end = words_.tokens[stemmed_.stems.size() - 1].end;
  out->sentences.push_back(sp);
}

}  // namespace neardup
