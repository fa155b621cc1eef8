// The output record of `neardup dedup` for one document: the document with its dropped units
// cut out. Shared by the dedup command and the distributed apply stage (dist/apply.h), so both
// write the same bytes. Thread-safety: a pure function.
#ifndef NEARDUP_DEDUP_RECORD_H_
#define NEARDUP_DEDUP_RECORD_H_

#include <cstdint>
#include <span>
#include <string>

#include "neardup/document.h"
#include "neardup/options.h"

namespace neardup {

// Appends to *line the JSONL record of `doc` whose units, in order, have byte ranges `ranges` and
// keep flags `keep` (nonzero = kept; same length as ranges). A document without units is written
// as it is; one whose units are all dropped is not written (returns false, *line untouched).
// Adds the kept units to *units_kept. Cost: linear in the document's text.
bool AppendDedupRecord(const Document& doc, std::span<const ByteRange> ranges,
                       std::span<const uint8_t> keep, Unit unit, std::string* line,
                       uint64_t* units_kept);

}  // namespace neardup

#endif  // NEARDUP_DEDUP_RECORD_H_
