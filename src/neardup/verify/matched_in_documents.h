// MatchedInDocuments: which groups a list of verified group pairs matches in which documents.
// Thread-safety: Add and Seal from one thread; Contains from any thread once sealed.
#ifndef NEARDUP_MATCHED_IN_DOCUMENTS_H_
#define NEARDUP_MATCHED_IN_DOCUMENTS_H_

#include <cstdint>
#include <span>
#include <vector>

namespace neardup {

// Which groups (distinct paragraph texts) are paired with a group of a given document, and with
// which: each pair (g, h) added matches g with h in h's document and h with g in g's (group_doc:
// the document of each group). Add the pairs, Seal once (a sort on the cores of the calling task
// arena), then ask Contains or Partners in O(log n).
class MatchedInDocuments {
 public:
  // One side of an added pair: `partner`, the group that key's group is paired with in key's
  // document.
  struct Entry {
    uint64_t key;  // group << 32 | document
    uint32_t partner;
    bool operator<(const Entry& o) const {
      return key != o.key ? key < o.key : partner < o.partner;
    }
  };

  explicit MatchedInDocuments(std::span<const uint32_t> group_doc) : group_doc_(group_doc) {}
  void Add(uint32_t g, uint32_t h) {
    entries_.push_back({uint64_t{g} << 32 | group_doc_[h], h});
    entries_.push_back({uint64_t{h} << 32 | group_doc_[g], g});
  }
  void Seal();
  bool Contains(uint32_t group, uint32_t document) const {
    return !Partners(group, document).empty();
  }
  // The entries of the groups `group` is paired with in `document`, in ascending order.
  std::span<const Entry> Partners(uint32_t group, uint32_t document) const;

 private:
  std::span<const uint32_t> group_doc_;
  std::vector<Entry> entries_;  // sorted by Seal
};

}  // namespace neardup

#endif  // NEARDUP_MATCHED_IN_DOCUMENTS_H_
