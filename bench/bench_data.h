// Deterministic benchmark inputs: every generator output is a function of (parameters, seed) only.
#ifndef NEARDUP_BENCH_BENCH_DATA_H_
#define NEARDUP_BENCH_BENCH_DATA_H_

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "neardup/document.h"

namespace neardup::bench {

// Word hashes of `count` paragraphs of `words` words each, drawn from a Zipf-free vocabulary of
// 20000 distinct word hashes (so words repeat across paragraphs as in text).
inline std::vector<std::vector<uint64_t>> WordHashParagraphs(size_t count, size_t words,
                                                             uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> vocab(20000);
  for (uint64_t& w : vocab) w = rng();
  std::vector<std::vector<uint64_t>> out(count, std::vector<uint64_t>(words));
  for (auto& p : out) {
    for (uint64_t& w : p) w = vocab[rng() % vocab.size()];
  }
  return out;
}

// News-like text. A vocabulary of `vocab` pseudo-words (2..10 letters) drawn with a Zipf-like
// (log-uniform rank) law, so short function-like words repeat and rare words are rare; sentences
// of 8..24 words, capitalized, with commas and a period; `non_ascii_percent` of the words carry
// an accented letter (é, ü, ø) and take the tokenizer's Unicode (utf8proc) path.
class TextGenerator {
 public:
  TextGenerator(size_t vocab, int non_ascii_percent, uint64_t seed)
      : rng_(seed), non_ascii_percent_(non_ascii_percent) {
    static constexpr const char* kAccents[] = {"\xC3\xA9", "\xC3\xBC", "\xC3\xB8"};
    words_.reserve(vocab);
    for (size_t i = 0; i < vocab; ++i) {
      const size_t len = 2 + rng_() % 9;
      std::string w;
      for (size_t k = 0; k < len; ++k) w += static_cast<char>('a' + rng_() % 26);
      accented_.push_back(w.substr(0, len / 2) + kAccents[rng_() % 3] + w.substr(len / 2));
      words_.push_back(std::move(w));
    }
  }

  // Appends a paragraph of `words` words (no newline) to *out.
  void Paragraph(size_t words, std::string* out) {
    size_t left_in_sentence = 0;
    for (size_t i = 0; i < words; ++i) {
      if (left_in_sentence == 0) left_in_sentence = 8 + rng_() % 17;
      const bool starts = i == 0 || out->back() == '.';
      if (i > 0) out->push_back(' ');
      const size_t at = out->size();
      *out += Word();
      if (starts && (*out)[at] >= 'a' && (*out)[at] <= 'z')
        (*out)[at] = static_cast<char>((*out)[at] - 32);
      if (--left_in_sentence == 0 || i + 1 == words) {
        out->push_back('.');
      } else if (rng_() % 10 == 0) {
        out->push_back(',');
      }
    }
  }

  std::string Paragraph(size_t words) {
    std::string s;
    Paragraph(words, &s);
    return s;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  const std::string& Word() {
    // rank = vocab^u - 1 for uniform u: P(rank) ~ 1/rank (Zipf, s = 1).
    const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    size_t rank = static_cast<size_t>(std::pow(static_cast<double>(words_.size()), u)) - 1;
    if (rank >= words_.size()) rank = words_.size() - 1;
    const bool accent =
        non_ascii_percent_ > 0 && static_cast<int>(rng_() % 100) < non_ascii_percent_;
    return accent ? accented_[rank] : words_[rank];
  }

  std::mt19937_64 rng_;
  int non_ascii_percent_;
  std::vector<std::string> words_, accented_;
};

// A corpus of `docs` articles of `paras_per_doc` paragraphs (blank-line separated) of about
// `words_per_para` words (0.6x..1.4x). `copy_percent` of the paragraphs copy an earlier paragraph
// of the corpus: half verbatim, half with ~1 word in 10 replaced, so the scanner has identical
// groups, near-duplicate pairs and unrelated text to tell apart. Ids are "d0", "d1", ...
inline std::vector<Document> NewsCorpus(size_t docs, size_t paras_per_doc, size_t words_per_para,
                                        int copy_percent, uint64_t seed) {
  TextGenerator gen(20000, 0, seed);
  std::mt19937_64& rng = gen.rng();
  std::vector<std::string> paras;  // every paragraph written so far
  std::vector<Document> out(docs);
  for (size_t d = 0; d < docs; ++d) {
    Document& doc = out[d];
    // (Built as "d" + digits by insert: GCC 12's -Wrestrict misfires on `id = "d"` here.)
    doc.id = std::to_string(d);
    doc.id.insert(doc.id.begin(), 'd');
    doc.source = doc.id;
    for (size_t p = 0; p < paras_per_doc; ++p) {
      std::string para;
      if (!paras.empty() && static_cast<int>(rng() % 100) < copy_percent) {
        para = paras[rng() % paras.size()];
        if (rng() % 2 == 0) {  // edit: replace ~10% of the words
          std::string edited;
          size_t start = 0;
          while (start <= para.size()) {
            size_t end = para.find(' ', start);
            if (end == std::string::npos) end = para.size();
            if (!edited.empty()) edited.push_back(' ');
            if (rng() % 10 == 0) {
              gen.Paragraph(1, &edited);
              edited.pop_back();  // the generated one-word paragraph's period
            } else {
              edited.append(para, start, end - start);
            }
            start = end + 1;
          }
          para = std::move(edited);
        }
      } else {
        const size_t lo = words_per_para * 6 / 10 + 1;
        const size_t span = words_per_para * 8 / 10 + 1;
        gen.Paragraph(lo + rng() % span, &para);
      }
      if (p > 0) doc.text += "\n\n";
      doc.text += para;
      paras.push_back(std::move(para));
    }
  }
  return out;
}

}  // namespace neardup::bench

#endif  // NEARDUP_BENCH_BENCH_DATA_H_
