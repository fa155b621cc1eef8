// MatchedInDocuments (matched_in_documents.h): (group << 32 | document, partner) entries, sorted.

#include "neardup/verify/matched_in_documents.h"

#include <tbb/parallel_sort.h>

#include <algorithm>

namespace neardup {

void MatchedInDocuments::Seal() { tbb::parallel_sort(entries_.begin(), entries_.end()); }

std::span<const MatchedInDocuments::Entry> MatchedInDocuments::Partners(uint32_t group,
                                                                        uint32_t document) const {
  const uint64_t key = uint64_t{group} << 32 | document;
  const auto [lo, hi] =
      std::equal_range(entries_.begin(), entries_.end(), Entry{key, 0},
                       [](const Entry& x, const Entry& y) { return x.key < y.key; });
  return {lo, hi};
}

}  // namespace neardup
