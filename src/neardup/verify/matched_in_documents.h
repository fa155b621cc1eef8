// MatchedInDocuments: which groups a list of verified group pairs matches in which documents.
// Thread-safety: Add and Seal from one thread; Contains from any thread once sealed.
#ifndef NEARDUP_MATCHED_IN_DOCUMENTS_H_
#define NEARDUP_MATCHED_IN_DOCUMENTS_H_

#include <cstdint>
#include <span>
#include <vector>

namespace neardup {

// Which groups (distinct paragraph texts) are paired with a group of a given document: each pair
// (g, h) added matches g in h's document and h in g's (group_doc: the document of each group).
// Add the pairs, Seal once (a sort on the cores of the calling task arena), then ask Contains in
// O(log n).
class MatchedInDocuments {
 public:
  explicit MatchedInDocuments(std::span<const uint32_t> group_doc) : group_doc_(group_doc) {}
  void Add(uint32_t g, uint32_t h) {
    keys_.push_back(uint64_t{g} << 32 | group_doc_[h]);
    keys_.push_back(uint64_t{h} << 32 | group_doc_[g]);
  }
  void Seal();
  bool Contains(uint32_t group, uint32_t document) const;

 private:
  std::span<const uint32_t> group_doc_;
  std::vector<uint64_t> keys_;  // group << 32 | document, sorted by Seal
};

}  // namespace neardup

#endif  // NEARDUP_MATCHED_IN_DOCUMENTS_H_
