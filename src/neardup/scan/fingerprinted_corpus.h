// FingerprintedCorpus: what the read stage leaves for the scan stages — the units, their groups of
// identical normalized text and each group's features (shingles or content stems, and in reworded
// mode the stems in text order, their sentences and byte sketches). GroupMembers: each group's
// units. Thread-safety: built on one thread while documents stream in; read-only (and safe to
// share) during Scanner::Finish.
#ifndef NEARDUP_FINGERPRINTED_CORPUS_H_
#define NEARDUP_FINGERPRINTED_CORPUS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "neardup/base/default_init_allocator.h"
#include "neardup/scan_result.h"
#include "neardup/verify/sentence_matcher.h"

namespace neardup {

struct FingerprintedCorpus {
  std::vector<std::string> doc_ids;
  std::vector<DocDigest> doc_digests;  // per document (io/second_pass.h)
  std::vector<UnitRef> units;
  std::vector<uint64_t> shingle_offsets{0};  // groups + 1
  UninitVector<uint32_t> shingles;           // sorted per group (identical texts, identical sets)
  std::vector<uint32_t> group_first;         // first unit of each group
  std::vector<uint32_t> first_doc;           // document of each group's first unit (SealGroups)
  // Reworded mode, per group:
  std::vector<uint64_t> seq_offsets{0};   // groups + 1
  std::vector<uint32_t> sequences;        // content stems in text order
  UninitVector<uint8_t> seq_lower;        // parallel to sequences (DocumentPrint::lower)
  UninitVector<uint8_t> byte_sketches;    // DocumentPrint::kByteSketchSize bytes per group
  std::vector<uint64_t> sent_offsets{0};  // groups + 1
  std::vector<SentenceSpan> sentences;
  // Reworded mode, per group until verification: the word k-gram shingles lexical mode
  // fingerprints (DocumentPrint::verbatim), for the near-verbatim test (verify_reworded.h).
  std::vector<uint64_t> verbatim_offsets{0};  // groups + 1
  UninitVector<uint32_t> verbatim;

  size_t num_groups() const { return group_first.size(); }
  // The sorted feature ids of unit u / of group g's first unit. O(1).
  std::span<const uint32_t> ShinglesOf(uint32_t u) const { return GroupShingles(units[u].group); }
  std::span<const uint32_t> GroupShingles(uint32_t g) const {
    return std::span<const uint32_t>(shingles.data() + shingle_offsets[g],
                                     shingle_offsets[g + 1] - shingle_offsets[g]);
  }
  // Group g's word k-gram shingles (reworded mode; empty once freed after verification). O(1).
  std::span<const uint32_t> VerbatimShingles(uint32_t g) const {
    if (g + 1 >= verbatim_offsets.size()) return {};
    return std::span<const uint32_t>(verbatim.data() + verbatim_offsets[g],
                                     verbatim_offsets[g + 1] - verbatim_offsets[g]);
  }
  // Fills first_doc; call once all documents are added. O(groups).
  void SealGroups() {
    first_doc.resize(group_first.size());
    for (size_t g = 0; g < group_first.size(); ++g) first_doc[g] = units[group_first[g]].doc;
  }
  // The groups' feature sets, as the sentence level reads them.
  SentenceSource Sentences() const {
    return {seq_offsets, sequences, seq_lower, sent_offsets, sentences, first_doc};
  }
};

// The units of each group, in unit order. O(units) to build; Of is O(1).
class GroupMembers {
 public:
  GroupMembers(const std::vector<UnitRef>& units, size_t num_groups)
      : start_(num_groups + 1, 0), members_(units.size()) {
    for (const UnitRef& u : units) ++start_[u.group + 1];
    for (size_t g = 0; g < num_groups; ++g) start_[g + 1] += start_[g];
    std::vector<uint32_t> fill(start_.begin(), start_.end() - 1);
    for (uint32_t u = 0; u < units.size(); ++u) members_[fill[units[u].group]++] = u;
  }
  std::span<const uint32_t> Of(uint32_t g) const {
    return std::span<const uint32_t>(members_.data() + start_[g], start_[g + 1] - start_[g]);
  }

 private:
  std::vector<uint32_t> start_;
  std::vector<uint32_t> members_;
};

}  // namespace neardup

#endif  // NEARDUP_FINGERPRINTED_CORPUS_H_
