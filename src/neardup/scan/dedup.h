// Dedup: which units a dedup run keeps (UnitsToKeep); WriteDeduplicated (public: corpus.h) writes
// the corpus back without the others. Thread-safety: pure functions.
#ifndef NEARDUP_DEDUP_H_
#define NEARDUP_DEDUP_H_

#include <cstdint>
#include <vector>

#include "neardup/corpus.h"
#include "neardup/document.h"
#include "neardup/scan_result.h"

namespace neardup {

// Which units a dedup run keeps: in unit order, a unit is dropped when it is verified similar
// (a reported pair, or identical text) to an earlier unit that is kept. Returns one flag per unit.
// Cost: O(units + group pairs).
std::vector<bool> UnitsToKeep(const ScanResult& result);

// The unit each unit duplicates, by unit index, or kKept for a unit that is kept (UnitsToKeep's
// rule): a dropped unit names the first kept unit it matches, its own text's first occurrence
// preferred. Cost: O(units + group pairs) time and memory.
inline constexpr uint32_t kKept = UINT32_MAX;
std::vector<uint32_t> DuplicateOf(const ScanResult& result);

}  // namespace neardup

#endif  // NEARDUP_DEDUP_H_
