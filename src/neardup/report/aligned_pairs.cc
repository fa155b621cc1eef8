// WriteAlignedPairs (aligned_pairs.h): align, format and write the pair records in blocks.

#include "neardup/report/aligned_pairs.h"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "neardup/options.h"
#include "neardup/report/alignment.h"
#include "neardup/report/jsonl_records.h"
#include "neardup/report/write_in_order.h"

namespace neardup {
namespace {

// One block of pairs: their records, and their alignments reduced to the aligned word runs.
struct AlignedBlock {
  std::string records;
  MatchedWords matched;
};

}  // namespace

Status WriteAlignedPairs(const ScanResult& r, const ReportInfo& info, const DocTexts& texts,
                         OutputFile* out, MatchedWords* matched) {
  constexpr size_t kBlock = 2048;  // pairs per block
  const size_t n = r.pairs.size();
  const uint64_t seed = info.options.seed;
  tbb::enumerable_thread_specific<WordAligner> aligners;
  auto make = [&](size_t b) {
    AlignedBlock block;
    WordAligner& aligner = aligners.local();
    for (size_t i = b * kBlock, end = std::min(n, (b + 1) * kBlock); i < end; ++i) {
      const Alignment al = AlignPair(r, i, texts, seed, &aligner);
      AppendPairRecord(&block.records, r, info, r.pairs[i], &al);
      block.matched.Add(al);
    }
    return block;
  };
  auto consume = [&](const AlignedBlock& block) {
    matched->Append(block.matched);
    return out->Write(block.records);
  };
  return WriteInOrder((n + kBlock - 1) / kBlock, info.options.threads, make, consume);
}

}  // namespace neardup
