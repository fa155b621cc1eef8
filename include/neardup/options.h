// Options: every tunable of a scan or dedup run, with its default. Plain value; copy freely.
#ifndef NEARDUP_OPTIONS_H_
#define NEARDUP_OPTIONS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <thread>

namespace neardup {

// How the num_perm signature slots are filled.
enum class SketchScheme {
  // One hash per shingle picks a slot and a value; empty slots are filled by optimal densification
  // (Shrivastava 2017). O(n + k) per set. Not the default: on sets much smaller than k its
  // estimate's variance is up to ~1.7x that of kIndependent (n = 5, k = 128; ~1.5x at n = 20,
  // equal from n ~ k/2), since union elements sharing a bin are lost and densification copies
  // each filled bin ~k/n times; and with AVX-512 it is not faster below ~300 shingles.
  //   h = Fmix64(x ^ mix_key); slot = (hi32(h) * k) >> 32; value = lo32(h); slot keeps its min.
  //   Empty slot i copies the value of the non-empty slot j minimizing Fmix64((i << 32 | j) ^
  //   densify_key) (ties: smaller j). This is optimal densification's "probe until non-empty"
  //   with the probe order fixed as a permutation, so it costs O(1) expected per empty slot
  //   instead of O(k / non-empty).
  kOnePermutation,
  // k independent 2-universal hashes h_i(x) = (a_i * x + b_i) >> 32 over 64-bit arithmetic.
  // O(n * k) but SIMD across the k hashes (8 per AVX-512 vector). The default: the estimate is
  // binomial, error sqrt(J (1 - J) / k), at every set size, and it is the faster scheme for
  // paragraph-sized sets (k = 128, 100 words: 1.3 us vs 1.9 us including shingling).
  //   a_i = SplitMix64 stream from seed, | 1; b_i = the next draw.
  kIndependent,
};

// What one unit of comparison is.
enum class Unit { kParagraph, kDocument };

// How units are compared (README, "Matching modes").
enum class Mode {
  // Word k-gram shingles, MinHash + LSH, exact Jaccard >= threshold. Finds copied text.
  kLexical,
  // Snowball-stemmed content-word unigrams (stopwords dropped), MinHash + LSH tuned for
  // reworded_lsh_threshold, verified by IDF-weighted overlap over the geometric mean of the two
  // sides' weights, judged against what unrelated text of the same corpus scores. Finds
  // rewritten text.
  kReworded,
};

// Where a run stands, for Options::progress.
struct Progress {
  // The stage under way, in order: "reading", "candidates", "verification", "sentences" (the
  // sentence level, which runs beside the two before it: the wait for it, then judging its
  // clause candidates), "clustering";
  // "writing" is reported by callers that write a report (the neardup commands).
  const char* stage = "reading";
  uint64_t documents = 0;    // read so far (after reading: all of them)
  uint64_t units = 0;        // units of comparison (paragraphs) read so far
  uint64_t bytes = 0;        // text bytes read so far
  double seconds = 0;        // since the run began
  double stage_seconds = 0;  // since this stage began
  uint64_t stage_done = 0;   // work items of this stage done (verification: candidates judged)
  uint64_t stage_total = 0;  // of that many; 0 when the stage does not count its work
};
using ProgressCallback = std::function<void(const Progress&)>;

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
  SketchScheme scheme =
      SketchScheme::kIndependent;  // measured faster and more accurate for paragraphs (README)
  Unit unit = Unit::kParagraph;
  // kReworded is the default of the library and of every command (scan, dedup, filter, eval,
  // Python): finds rewritten copy. kLexical (exact Jaccard verification, no false pair by
  // construction, about 5-8x faster) is asked for: large batch dedup of verbatim copies.
  Mode mode = Mode::kReworded;
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

  // --- Reworded mode only (ngram and threshold are lexical settings and are ignored). ---
  // Jaccard similarity of content-stem sets the LSH bands x rows are tuned for: reworded copy
  // keeps ~0.4-0.7 of its stems, a sentence inside a longer paragraph less.
  double reworded_lsh_threshold = 0.4;
  // Fixed weighted-similarity threshold; 0 = adaptive: the larger of min_score and the
  // null_quantile of the scores of random unrelated pairs (different documents, sharing at least
  // one content word) plus null_margin.
  double score_threshold = 0;
  double min_score = 0.5;
  double null_quantile = 0.99;
  double null_margin = 0.05;
  // Sampled pairs scoring above median + this many robust scales of the sample are related pairs
  // (copies the random draw hit), not part of the null (NullQuantile).
  double null_outlier_scales = 8;
  size_t null_samples = 5000;
  // Both units need at least this many distinct content words to match unless their texts are
  // identical, so a short line ("Kim Jong-un of North Korea") does not match inside a paragraph.
  uint32_t min_content_words = 6;
  // A pair of different texts needs at least this many shared content words: two headlines of
  // sibling stories sharing three or four names score high on so little evidence.
  uint32_t min_shared_words = 5;
  // Local alignment (a sentence of one paragraph rewritten inside another): an aligned region
  // counts when it matches at least this many content words of both sides; 0 turns it off.
  uint32_t min_local_words = 6;

  // Copies in context (paragraph units only; ContextSettings): a pair scoring under its threshold
  // but at least this, sharing min_shared_words content words, is still reported when its two
  // documents share 2 verified pairs, the two paragraphs stand in each other's place there and
  // their shared words lie in place (WeightedSets::DiagonalScore >= 0.35). 0 turns it off.
  double context_min_score = 0.3;

  // Sentence level (paragraph units only): every sentence with min_content_words content stems
  // is matched on its own too (SentenceMatcher), so one statement rewritten inside two otherwise
  // different paragraphs is found; such a pair is reported on the two sentences. Its threshold is
  // adaptive like the paragraphs', with this floor (or score_threshold when that is > 0).
  bool sentences = true;
  double sentence_min_score = 0.35;

  // Document level (paragraph units only): whole documents' content-word sets are compared too,
  // for the document verdicts (a heavy rewrite spreads a source paragraph over sentences of its
  // own, so no paragraph pair may carry it). A document pair matches at IDF-weighted similarity
  // >= max(doc_min_score, null quantile of random document pairs + null_margin), or at
  // doc_score_threshold when that is > 0. doc_min_score = 0 turns document matching off.
  double doc_min_score = 0.4;
  double doc_score_threshold = 0;
  // A paragraph candidate leads to its two documents being compared when it shares
  // min_shared_words content words and scores at least this (pairs of documents on one topic
  // share many weaker candidates; measured: 2.4M document candidates down to 95k on a
  // 100,000-paragraph corpus, heavy revisions found 73 of 100 instead of 76).
  double doc_lead_score = 0.2;

  // The scorer (verify/scorer.h): a candidate pair of different texts is reported when the
  // model's probability that it carries the same statement reaches this; 0 = the fitted default
  // (Scorer::Default().threshold()). `scan --threshold` sets it in reworded mode.
  double decision_threshold = 0;
  // WordNet synonyms as a scorer feature (verify/synonyms.h; read once from
  // $NEARDUP_WORDNET_DIR or /usr/share/wordnet, no synonyms when absent).
  bool synonyms = true;
  // Keep the features and probability of every candidate the scorer judged
  // (ScanResult::scored): for fitting the model (scripts/fit_scorer.py), not for reports.
  bool record_scored = false;

  // Words of a unit beyond this cap are ignored (bounded memory for pathological inputs).
  size_t max_unit_words = 100000;

  // Called while a scan runs: during reading about twice a second, and from the first stage after
  // reading on, at the start of every stage and about twice a second while it lasts. Calls come
  // one at a time, from the reading thread or from a thread of the library's own; the callback
  // must not call back into the scan. Empty: no reports. Changes no result.
  ProgressCallback progress;
};

// Options::threads (or any such count) with 0 resolved to every core, and a count above the cores
// lowered to it (TBB runs no more workers than that, and warns on stderr when asked to).
inline int ThreadsToUse(int requested) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return requested > 0 ? std::min(requested, cores) : cores;
}

}  // namespace neardup

#endif  // NEARDUP_OPTIONS_H_
