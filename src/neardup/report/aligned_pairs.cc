// WriteAlignedPairs (aligned_pairs.h): align, format and write the pair records in blocks.

#include "neardup/report/aligned_pairs.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "neardup/options.h"
#include "neardup/report/alignment.h"
#include "neardup/report/jsonl_records.h"

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
  constexpr size_t kBlock = 2048;   // pairs per block
  constexpr size_t kInFlight = 16;  // blocks held at once (memory stays bounded)
  const size_t n = r.pairs.size();
  const size_t blocks = (n + kBlock - 1) / kBlock;
  const uint64_t seed = info.options.seed;
  size_t next_block = 0;
  Status write_status;
  tbb::enumerable_thread_specific<WordAligner> aligners;
  auto take = [&](tbb::flow_control& fc) -> size_t {
    if (next_block == blocks || !write_status.ok()) {
      fc.stop();
      return 0;
    }
    return next_block++;
  };
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
  auto write = [&](const AlignedBlock& block) {
    if (write_status.ok()) write_status = out->Write(block.records);
    matched->Append(block.matched);
  };
  tbb::task_arena arena(ThreadsToUse(info.options.threads));
  arena.execute([&] {
    tbb::parallel_pipeline(
        kInFlight,
        tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order, take) &
            tbb::make_filter<size_t, AlignedBlock>(tbb::filter_mode::parallel, make) &
            tbb::make_filter<AlignedBlock, void>(tbb::filter_mode::serial_in_order, write));
  });
  return write_status;
}

}  // namespace neardup
