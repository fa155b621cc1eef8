// MatchedInDocuments (matched_in_documents.h): sorted group << 32 | document keys.

#include "neardup/verify/matched_in_documents.h"

#include <tbb/parallel_sort.h>

#include <algorithm>

namespace neardup {

void MatchedInDocuments::Seal() { tbb::parallel_sort(keys_.begin(), keys_.end()); }

bool MatchedInDocuments::Contains(uint32_t group, uint32_t document) const {
  return std::binary_search(keys_.begin(), keys_.end(), uint64_t{group} << 32 | document);
}

}  // namespace neardup
