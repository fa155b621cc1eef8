// DedupKeptUnits: the writing half of DedupDocuments (report.h) for callers that decided the kept
// units themselves, such as the distributed apply stage (dist/apply.h), so both write the bytes
// of `neardup dedup`. Thread-safety: a pure function (calls `emit` on the calling thread).
#ifndef NEARDUP_DEDUP_KEPT_H_
#define NEARDUP_DEDUP_KEPT_H_

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "neardup/report.h"
#include "neardup/scan_result.h"

namespace neardup {

// As DedupDocuments, for `docs` documents whose units are `units` (in order; doc and range read)
// and kept where `keep` says (one flag per unit). With texts.text_of, text_of(d) is called once
// per document, d ascending.
StatusOr<DedupCounts> DedupKeptUnits(
    const std::vector<UnitRef>& units, size_t docs, const std::vector<bool>& keep, Unit unit,
    const ScanTexts& texts, const std::function<Status(uint32_t doc, std::string_view text)>& emit);

}  // namespace neardup

#endif  // NEARDUP_DEDUP_KEPT_H_
