// DocTexts: the texts of selected documents, fetched by reading the corpus a second time (parsed
// on SetThreads cores), so the first pass never has to hold every text in memory.
// Thread-compatible.
#ifndef NEARDUP_DOC_TEXTS_H_
#define NEARDUP_DOC_TEXTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "neardup/corpus_reader.h"
#include "neardup/document.h"
#include "neardup/status.h"

namespace neardup {

class DocTexts {
 public:
  // Re-reads `paths` (which must yield the same documents in the same order as the first pass)
  // and keeps the text of every document whose index is in `wanted`. `digests` (the first pass's,
  // ScanResult::doc_digests; empty = no check): every document read up to the last one wanted
  // must still match (SecondPassReader). Fails if the corpus can no longer be read or changed.
  // Cost: one more read of the corpus up to the last wanted document (reading serial, parsing and
  // hashing on SetThreads cores); memory: the wanted texts plus a few chunks per core.
  Status Load(const std::vector<std::string>& paths, const ReaderOptions& options,
              const std::vector<uint32_t>& wanted, const std::vector<DocDigest>& digests = {});
  // Before Load: also read these fields (dotted paths; "" = none) of each wanted document's JSON
  // record (RecordFields), e.g. its headline and date. Documents without a record (.txt) get "".
  // Cost: Load then keeps each record while it is read, and parses the wanted ones once more.
  void ReadFields(std::vector<std::string> fields) { field_paths_ = std::move(fields); }
  // Before Load: parse on this many cores (0 = all; ThreadsToUse). Default 1.
  void SetThreads(int threads) { threads_ = threads; }
  // Keeps `text` as document `doc`'s text (for callers that already hold it).
  void Put(uint32_t doc, std::string text) { texts_[doc] = std::move(text); }

  // The bytes [range) of document `doc`, or "" when that document was not loaded.
  std::string_view Slice(uint32_t doc, ByteRange range) const;
  const std::string* Text(uint32_t doc) const;
  // The values of the ReadFields paths for `doc`, in their order, or null when none were read.
  const std::vector<std::string>* Fields(uint32_t doc) const;

 private:
  std::unordered_map<uint32_t, std::string> texts_;
  std::vector<std::string> field_paths_;
  std::unordered_map<uint32_t, std::vector<std::string>> fields_;
  int threads_ = 1;
};

}  // namespace neardup

#endif  // NEARDUP_DOC_TEXTS_H_
