// libFuzzer target for the reworded fingerprint (Fingerprinter in reworded mode: paragraph
// splitting, tokenizing, stemming, sentence splitting, capitalization flags, byte sketches): any
// bytes must fingerprint without crashing, and every paragraph's sentences must tile its content
// stems in order, inside the paragraph's byte range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "neardup/sketch/fingerprint.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const neardup::Options options = [] {
    neardup::Options o;
    o.mode = neardup::Mode::kReworded;
    o.max_unit_words = 500;  // the cap path too, on long inputs
    return o;
  }();
  static neardup::Fingerprinter fingerprinter(
      neardup::FingerprintSettings::From(options),
      neardup::OptimalLshParams(options.reworded_lsh_threshold, options.num_perm));
  neardup::DocumentPrint print;
  fingerprinter.Fingerprint(text, &print);
  Check(print.lower.size() == print.sequences.size());
  Check(print.byte_sketches.size() ==
        print.paragraphs.size() * neardup::DocumentPrint::kByteSketchSize);
  uint32_t prev_para_end = 0;
  for (const neardup::ParagraphPrint& p : print.paragraphs) {
    Check(p.range.begin >= prev_para_end && p.range.begin < p.range.end && p.range.end <= size);
    prev_para_end = p.range.end;
    Check(p.sent_begin < p.sent_end && p.sent_end <= print.sentences.size());
    uint32_t seq = p.seq_begin;
    uint32_t prev_end = p.range.begin;
    for (uint32_t k = p.sent_begin; k < p.sent_end; ++k) {
      const neardup::SentencePrint& s = print.sentences[k];
      Check(s.seq_begin == seq && s.seq_begin <= s.seq_end && s.seq_end <= p.seq_end);
      Check(s.range.begin >= prev_end && s.range.begin < s.range.end && s.range.end <= p.range.end);
      seq = s.seq_end;
      prev_end = s.range.end;
    }
    Check(seq == p.seq_end);
  }
  return 0;
}
