// DedupWriter: the corpus written back with its near-duplicate units removed — each kept record
// as it came, byte for byte, only its text replaced where paragraphs were dropped — and,
// optionally, the list of what was dropped and which kept unit each one duplicates.
// Thread-compatible: one writer per output.
#ifndef NEARDUP_SCAN_DEDUP_WRITER_H_
#define NEARDUP_SCAN_DEDUP_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/corpus.h"
#include "neardup/document.h"
#include "neardup/options.h"
#include "neardup/output_file.h"
#include "neardup/scan/dedup.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

// Appends to *line the record `neardup dedup` writes for `doc` (without the newline), whose units
// are units[begin, end) with keep flags keep[begin, end): doc.record as it came when every unit is
// kept (or it has none), else with only its text value replaced by the kept units joined by a
// blank line; a document without a record is written as {"id":ID,LEAF(text_field):TEXT}. Returns
// false, *line untouched, when every unit was dropped (the document is left out). *text is
// scratch space. Shared by DedupWriter and the distributed apply stage (dist/apply.h), so both
// write the same bytes. Cost: linear in the document.
bool AppendDedupRecord(const Document& doc, const std::vector<UnitRef>& units,
                       const std::vector<bool>& keep, uint32_t begin, uint32_t end,
                       std::string_view text_field, std::string* line, std::string* text);

// Writes `result`'s corpus without its duplicates. Feed it the corpus a second time, one document
// after another in the first pass's order, through Add(); then call Finish().
class DedupWriter {
 public:
  // `out` gets the kept records (JSONL); `removed`, when not null, one JSON line per dropped unit:
  // {"id":ID,"para":N,"text":TEXT,"duplicate_of":{"id":ID,"para":M}} ("para" only at paragraph
  // level). Neither is owned nor committed here. `result` must outlive the writer.
  DedupWriter(const ScanResult& result, DedupOptions options, OutputFile* out, OutputFile* removed);

  // Writes document number stats().documents (counting from 0). `doc` should carry its record
  // (ReaderOptions::keep_records): the record is then written unchanged when nothing of it was
  // removed, and with only its text value replaced (kept paragraphs joined by a blank line)
  // otherwise; a document without a record is written as {"id":..,TEXT_FIELD:..}. A record
  // whose every unit was removed is left out. Returns the first write error. InvalidArgument when
  // more documents come than the scan saw.
  Status Add(const Document& doc);
  // InvalidArgument when fewer documents came than the scan saw (the corpus changed).
  Status Finish() const;
  const DedupStats& stats() const { return stats_; }

 private:
  Status WriteRemoved(const Document& doc, uint32_t unit);
  void AppendClusterField(uint32_t begin, uint32_t end, std::string* record) const;

  const ScanResult& result_;
  DedupOptions options_;
  OutputFile* out_;
  OutputFile* removed_;
  std::vector<uint32_t> duplicate_of_;
  std::vector<bool> keep_;            // by unit: duplicate_of_[u] == kKept
  std::vector<uint32_t> first_unit_;  // units of document d: [first_unit_[d], first_unit_[d+1])
  std::vector<uint32_t> cluster_of_;  // by unit; kKept when in no cluster
  DedupStats stats_;
  std::string line_, text_, scratch_;
};

}  // namespace neardup

#endif  // NEARDUP_SCAN_DEDUP_WRITER_H_
