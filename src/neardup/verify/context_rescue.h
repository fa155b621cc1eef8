// Copies in context (reworded mode): a paragraph pair scoring under its threshold is still
// reported when its two documents are copies of one story — they share other verified paragraph
// pairs — and the two paragraphs stand in each other's place there, their shared words in place
// along the diagonal: the copy an outlet made of a wire paragraph by swapping many of its words.
#ifndef NEARDUP_CONTEXT_RESCUE_H_
#define NEARDUP_CONTEXT_RESCUE_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "neardup/verify/weighted_overlap.h"

namespace neardup {

struct ContextSettings {
  // The documents of a rescued pair share at least this many verified pairs.
  uint32_t min_pairs = 2;
  // And the pair's WeightedSets::DiagonalScore(band_share, min_band) reaches this.
  double min_diagonal = 0.35;
  double band_share = 0.15;
  uint32_t min_band = 4;
};

// candidates: the group pairs compared; verified: indices (ascending) of those that passed;
// weak: indices (ascending) of those that failed but are worth a second look (the caller's
// floor); group_doc: the document of each group. Returns the indices in `weak` (ascending) of the
// pairs of two different documents that share at least settings.min_pairs verified pairs, neither
// of whose groups has a verified pair with the other's document, that score (Overlap's global
// similarity) at least as high as any other weak candidate of either group with the other's
// document (matched or not), and whose DiagonalScore reaches settings.min_diagonal. Cost:
// O((verified + weak) log weak), plus one Overlap per weak candidate in such a document pair and
// one DiagonalScore per candidate left, on the cores of the calling task arena.
std::vector<uint32_t> RescueInContext(const std::vector<std::pair<uint32_t, uint32_t>>& candidates,
                                      std::span<const uint32_t> verified,
                                      std::span<const uint32_t> weak,
                                      std::span<const uint32_t> group_doc,
                                      const WeightedSets& weighted,
                                      const ContextSettings& settings);

}  // namespace neardup

#endif  // NEARDUP_CONTEXT_RESCUE_H_
