// Options: every tunable of a scan or dedup run, with its default. Plain value; copy freely.
#ifndef NEARDUP_OPTIONS_H_
#define NEARDUP_OPTIONS_H_

#include <cstddef>
#include <cstdint>

#include "neardup/minhash.h"

namespace neardup {

// What one unit of comparison is.
enum class Unit { kParagraph, kDocument };

struct Options {
  // Word k-gram length for shingles. A unit with fewer than `ngram` words is one shingle of all
  // its words, so identical short paragraphs ("Leave a Reply") still match.
  int ngram = 3;
  // MinHash signature length.
  int num_perm = 128;
  // Pairs with exact Jaccard similarity >= threshold are reported. In (0, 1].
  double threshold = 0.5;
  // Seed of every hash (words, shingles, signatures). Same seed, same output.
  uint64_t seed = 0x6e656172647570ULL;  // "neardup"
  SketchScheme scheme = SketchScheme::kIndependent;  // measured faster and more accurate for paragraphs (README)
  Unit unit = Unit::kParagraph;
  // Worker threads; 0 = every core.
  int threads = 0;
  // Skip LSH and compare every pair of units sharing at least one shingle (the exact reference).
  bool exact = false;
  // Groups of identical units (after normalization) are reported pair by pair while the pairs they
  // expand to stay under this count; above it only the group's cluster is reported.
  size_t max_group_pairs = 1000;
  // Weights of the false-positive and false-negative areas when LSH bands x rows are chosen for
  // the threshold (see OptimalLshParams). Every candidate is verified exactly, so a false positive
  // costs one set comparison while a false negative is a lost pair: the default favours recall
  // (t = 0.5, 128 permutations: 26 bands x 3 rows, candidate probability 0.97 at s = 0.5).
  double lsh_fp_weight = 0.05;
  double lsh_fn_weight = 0.95;
  // LSH buckets with more members than this are not expanded into candidate pairs.
  size_t max_bucket = 5000;
  // Words of a unit beyond this cap are ignored (bounded memory for pathological inputs).
  size_t max_unit_words = 100000;
};

}  // namespace neardup

#endif  // NEARDUP_OPTIONS_H_
