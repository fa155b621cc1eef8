// The pair records of a reworded JSONL report, each with its word alignment, streamed: the pairs
// are aligned and formatted block by block on every core and written in order, and only what the
// document verdicts read of the alignments (MatchedWords) is kept. Thread-safety: one call writes
// one report's pair records; it runs on info.options.threads cores.
#ifndef NEARDUP_ALIGNED_PAIRS_H_
#define NEARDUP_ALIGNED_PAIRS_H_

#include "neardup/io/doc_texts.h"
#include "neardup/output_file.h"
#include "neardup/report.h"
#include "neardup/report/doc_verdict.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

// Writes to *out the pair record of every pair of `r` with its alignment (AlignPair with
// info.options.seed; the bytes WriteJsonlReport writes given AlignPairs' alignments) and stores
// the pairs' aligned word runs in *matched. `texts` must hold every document of a pair
// (DocsInReport). Returns the first write error; then *out holds a prefix of the records and
// *matched the runs of the blocks consumed so far. Cost: the alignment of every pair; memory: the
// blocks in flight (16 of 2048 pairs), not one alignment per pair.
Status WriteAlignedPairs(const ScanResult& r, const ReportInfo& info, const DocTexts& texts,
                         OutputFile* out, MatchedWords* matched);

}  // namespace neardup

#endif  // NEARDUP_ALIGNED_PAIRS_H_
