// Dedup: which units a dedup run keeps (UnitsToKeep); WriteDeduplicated (public: corpus.h) writes
// the corpus back without the others. Thread-safety: pure functions.
#ifndef NEARDUP_DEDUP_H_
#define NEARDUP_DEDUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "neardup/corpus.h"
#include "neardup/document.h"
#include "neardup/scan_result.h"

namespace neardup {

// Which units a dedup run keeps: in unit order, a unit is dropped when it is verified similar
// (a reported pair, or identical text) to an earlier unit that is kept. Returns one flag per unit.
// Cost: O(units + group pairs).
std::vector<bool> UnitsToKeep(const ScanResult& result);

// Appends to *line the record `neardup dedup` writes for `doc`, whose units are units[begin, end)
// with keep flags keep[begin, end): the kept paragraphs joined by blank lines (document units:
// the whole text), or the text as it is when it has no units. Returns false, *line untouched,
// when every unit is dropped (the document is not written). Adds the kept units to *units_kept.
// Shared with the distributed apply stage (dist/apply.h). Cost: linear in the document.
bool AppendDedupRecord(const Document& doc, const std::vector<UnitRef>& units,
                       const std::vector<bool>& keep, uint32_t begin, uint32_t end, Unit unit,
                       std::string* line, uint64_t* units_kept);

}  // namespace neardup

#endif  // NEARDUP_DEDUP_H_
