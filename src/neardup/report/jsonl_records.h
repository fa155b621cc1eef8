// The records of the JSONL report (pair, cluster, summary), one at a time for writers that put a
// report together from parts, such as the distributed stages (dist/apply.h), and the records after
// the pairs as one step (WriteJsonlAfterPairs, on info.options.threads cores). The bytes are those
// WriteJsonlReport writes. Thread-safety: the Append functions are pure.
#ifndef NEARDUP_JSONL_RECORDS_H_
#define NEARDUP_JSONL_RECORDS_H_

#include <chrono>
#include <cstddef>
#include <string>

#include "neardup/report.h"
#include "neardup/scan_result.h"

namespace neardup {

// Appends the pair record of `p` (an element of r.pairs when info.alignments is set; any Pair
// whose a, b index r.units otherwise). O(record).
void AppendPair(std::string* buf, const ScanResult& r, const ReportInfo& info, const Pair& p);
// The same with the alignment given: `al` (null: none, as when info.alignments is null) gives the
// record its "aligned_words" and "alignment". O(record).
void AppendPairRecord(std::string* buf, const ScanResult& r, const ReportInfo& info, const Pair& p,
                      const Alignment* al);

// Appends the cluster record of `c` (members index r.units); members whose similarity is under
// `threshold` are marked chained (0 marks none, as in reworded mode). O(members).
void AppendClusterRecord(std::string* buf, const ScanResult& r, const Cluster& c, double threshold);

// Appends the summary record of a run with stats `st`, `clusters` clusters and `warnings` read
// warnings. O(1).
void AppendSummaryRecord(std::string* buf, const ScanStats& st, size_t clusters, size_t warnings,
                         const ReportInfo& info);

// The records WriteJsonlReport writes after the pair records: clusters, document pairs (when
// info.docpairs is set) and the summary, whose "write" seconds (info.timings) count from `t0`.
// Returns the first write error. O(records), formatted on info.options.threads cores.
Status WriteJsonlAfterPairs(const ScanResult& r, const ReportInfo& info, OutputFile* out,
                            std::chrono::steady_clock::time_point t0);

}  // namespace neardup

#endif  // NEARDUP_JSONL_RECORDS_H_
