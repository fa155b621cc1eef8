// Fingerprinter: the reworded fingerprint's sentences and byte sketches; the byte sketch's
// Jaccard estimate against the exact value (property test).

#include "neardup/sketch/fingerprint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "neardup/sketch/minhash.h"
#include "neardup/verify/jaccard.h"

namespace neardup {
namespace {

// Two sets of n ids sharing round(j * 2n / (1 + j)) of them: Jaccard j.
std::pair<std::vector<uint32_t>, std::vector<uint32_t>> SetsWithJaccard(double j, size_t n,
                                                                        std::mt19937_64* rng) {
  const size_t shared =
      static_cast<size_t>(std::lround(j * 2.0 * static_cast<double>(n) / (1.0 + j)));
  std::vector<uint32_t> ids(2 * n - shared);
  for (uint32_t& id : ids) id = static_cast<uint32_t>((*rng)());
  std::vector<uint32_t> a(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(n));
  std::vector<uint32_t> b(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(shared));
  b.insert(b.end(), ids.begin() + static_cast<std::ptrdiff_t>(n), ids.end());
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return {a, b};
}

TEST(ByteSketchTest, AgreementCountsEqualBytes) {
  std::mt19937_64 rng(3);
  std::vector<uint8_t> a(DocumentPrint::kByteSketchSize), b(DocumentPrint::kByteSketchSize);
  for (int t = 0; t < 2000; ++t) {
    for (size_t k = 0; k < a.size(); ++k) {
      a[k] = static_cast<uint8_t>(rng());
      // Equal, or differing in one random bit (0x80 and 0x01 included), or random.
      const int how = static_cast<int>(rng() % 3);
      b[k] = how == 0   ? a[k]
             : how == 1 ? static_cast<uint8_t>(a[k] ^ (1u << (rng() % 8)))
                        : static_cast<uint8_t>(rng());
    }
    uint32_t want = 0;
    for (size_t k = 0; k < a.size(); ++k) want += a[k] == b[k] ? 1u : 0u;
    ASSERT_EQ(ByteSketchAgreement(a.data(), b.data()), want);
  }
}

TEST(ByteSketchTest, EstimateTracksExactJaccard) {
  std::mt19937_64 rng(5);
  const MinHasher hasher(static_cast<int>(DocumentPrint::kByteSketchSize), 99);
  std::vector<uint32_t> sig_a(DocumentPrint::kByteSketchSize),
      sig_b(DocumentPrint::kByteSketchSize);
  std::vector<uint8_t> bytes_a(DocumentPrint::kByteSketchSize),
      bytes_b(DocumentPrint::kByteSketchSize);
  for (const double j : {0.0, 0.1, 0.3, 0.6, 0.9, 1.0}) {
    double sum = 0;
    constexpr int kTrials = 200;
    for (int t = 0; t < kTrials; ++t) {
      auto [a, b] = SetsWithJaccard(j, 40, &rng);
      hasher.Sketch(a, sig_a.data());
      hasher.Sketch(b, sig_b.data());
      std::transform(sig_a.begin(), sig_a.end(), bytes_a.begin(), ByteOfMinHash);
      std::transform(sig_b.begin(), sig_b.end(), bytes_b.begin(), ByteOfMinHash);
      sum += ByteSketchEstimate(ByteSketchAgreement(bytes_a.data(), bytes_b.data())) -
             ExactJaccard(a, b);
    }
    EXPECT_NEAR(sum / kTrials, 0.0, 0.02) << "j=" << j;
  }
}

TEST(FingerprinterTest, RewordedParagraphsListTheirSentences) {
  Options o;
  o.mode = Mode::kReworded;
  Fingerprinter f(FingerprintSettings::From(o),
                  OptimalLshParams(o.reworded_lsh_threshold, o.num_perm));
  const std::string text =
      "The ministry denied it. Officials said nothing more.\n\nA second paragraph here.";
  DocumentPrint print;
  f.Fingerprint(text, &print);
  ASSERT_EQ(print.paragraphs.size(), 2u);
  EXPECT_EQ(print.paragraphs[0].sent_end - print.paragraphs[0].sent_begin, 2u);
  EXPECT_EQ(print.paragraphs[1].sent_end - print.paragraphs[1].sent_begin, 1u);
  const SentencePrint& second = print.sentences[print.paragraphs[0].sent_begin + 1];
  EXPECT_EQ(text.substr(second.range.begin, second.range.end - second.range.begin),
            "Officials said nothing more");
  EXPECT_EQ(print.byte_sketches.size(), 2 * DocumentPrint::kByteSketchSize);
  EXPECT_EQ(print.lower.size(), print.sequences.size());
  // "Officials" starts its sentence; "said" is written in lower case inside it (if a content word).
  size_t lower = 0;
  for (uint8_t x : print.lower) lower += x;
  EXPECT_GT(lower, 0u);
  EXPECT_LT(lower, print.lower.size());
}

}  // namespace
}  // namespace neardup
