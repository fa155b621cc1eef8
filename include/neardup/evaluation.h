// Evaluation of a run: its pairs scored against a gold file (precision, recall, F1) and against
// the exact all-pairs reference of the same settings (LSH recall loss), and the eval report.
// Thread-safety: plain values and free functions.
#ifndef NEARDUP_EVALUATION_H_
#define NEARDUP_EVALUATION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "neardup/document.h"
#include "neardup/gold.h"
#include "neardup/output_file.h"
#include "neardup/scan_result.h"
#include "neardup/status.h"

namespace neardup {

// A paragraph of a run: its document id, index in the document and byte range.
struct UnitSpan {
  std::string doc;
  uint32_t para = 0;
  ByteRange range;
};

struct RunPair {
  UnitSpan a;
  UnitSpan b;
  double similarity = 0;
};

// The pairs of one run (a `neardup scan` JSONL report, or a scan done in process).
struct RunOutput {
  std::string name;  // file name, or a description of the scan
  std::vector<RunPair> pairs;
  // The summary record's "settings" as (key, raw JSON value) pairs, in file order; empty when the
  // run has no summary record.
  std::vector<std::pair<std::string, std::string>> settings;
};

// Parses the JSONL text of a scan report named `name`. "pair" records are kept (their "a" and "b"
// need "doc", "para", "start" and "end"; "similarity" is optional), the "summary" record's
// "settings" are kept, every other record type is ignored. Returns InvalidArgument
// "NAME:LINE: what is wrong" for the first line that is not a JSON object with a string "type" or
// a pair record that lacks a field. A file with no pair record is a valid, empty run.
StatusOr<RunOutput> ParseRun(std::string_view contents, std::string_view name);
// Reads a scan report from `path` ("-" = standard input), line by line (as ParseRun).
StatusOr<RunOutput> ReadRunFile(const std::string& path);
// The pairs of an in-process scan, as the JSONL report would list them.
RunOutput RunFromScan(const ScanResult& result, std::string name);

// Names of the settings whose values differ between `run` and `reference` ("exact" excepted,
// settings only one side has included), those of `run` first, each part in key order. Empty when
// either has no settings.
std::vector<std::string> SettingsDifferences(const RunOutput& run, const RunOutput& reference);

struct EvalOptions {
  // Score only pairs of paragraphs from two different documents: run pairs, gold pairs and
  // reference pairs inside one document are set aside (counted, never scored). Use it with a gold
  // file of statements shared across documents, which says nothing about pairs inside a document.
  bool cross_doc_only = false;
};

// Per label of the gold file (in order of first appearance; "" for unlabelled pairs).
struct LabelScore {
  std::string label;
  size_t required = 0;        // required gold pairs with this label
  size_t found = 0;           // ... matched by a scored run pair
  size_t optional = 0;        // optional gold pairs with this label
  size_t optional_found = 0;  // ... matched
  size_t run_pairs = 0;       // scored run pairs whose first matching gold pair has this label
};

inline constexpr size_t kNoMatch = static_cast<size_t>(-1);

// A gold side matches a run paragraph when both name the same document and their byte ranges
// overlap (share at least one byte). A run pair matches a gold pair when its two paragraphs match
// the gold pair's two sides, in either orientation.
struct GoldScore {
  size_t run_pairs = 0;  // pairs in the run
  size_t set_aside = 0;  // run pairs inside one document, with cross_doc_only
  size_t correct = 0;    // scored pairs matching a required gold pair
  size_t neutral = 0;    // scored pairs matching only optional gold pairs: not scored
  size_t wrong = 0;      // scored pairs matching no gold pair
  size_t required = 0;   // required gold pairs (after cross_doc_only)
  size_t found = 0;      // ... matched by at least one scored run pair
  size_t optional = 0;
  size_t optional_found = 0;
  size_t gold_set_aside = 0;  // gold pairs inside one document, with cross_doc_only
  // correct / (correct + wrong), found / required, and their harmonic mean; NaN when undefined
  // (nothing to divide by).
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  // Per run pair: index of the gold pair it matches (a required one preferred), kNoMatch when it
  // matches none or was set aside.
  std::vector<size_t> match;
  std::vector<bool> scored;  // per run pair: false when set aside
  // Per gold pair: found by some scored run pair; false for pairs set aside.
  std::vector<bool> gold_found;
  std::vector<bool> gold_scored;  // per gold pair: false when set aside
  std::vector<LabelScore> labels;
};

// Scores `run` against `gold`, whose sides must all be resolved (ResolvePhrases) — an unresolved
// side matches nothing. Cost: O(run pairs x gold pairs sharing their two documents).
GoldScore ScoreAgainstGold(const RunOutput& run, const std::vector<GoldPair>& gold,
                           const EvalOptions& options);

// Identity of pairs between a run and its reference: the same two byte ranges of the same two
// documents, in either orientation.
struct ReferenceScore {
  size_t reference_pairs = 0;         // scored reference pairs
  size_t run_pairs = 0;               // scored run pairs
  size_t found = 0;                   // reference pairs the run has
  size_t missing = 0;                 // reference pairs the run lacks (lost by LSH)
  size_t extra = 0;                   // run pairs the reference lacks (0 when the settings agree)
  double recall = 0;                  // found / reference_pairs; NaN when the reference has none
  double loss = 0;                    // 1 - recall: the LSH recall loss
  std::vector<size_t> missing_pairs;  // indices into reference.pairs
  std::vector<size_t> extra_pairs;    // indices into run.pairs
};

ReferenceScore ScoreAgainstReference(const RunOutput& run, const RunOutput& reference,
                                     const EvalOptions& options);

// Everything an eval report shows. `gold`/`gold_score` and `reference`/`reference_score` may be
// null (that part is then left out). `text_of`, when set, quotes paragraphs in the text report.
struct EvalReport {
  const RunOutput* run = nullptr;
  std::string gold_name;
  const std::vector<GoldPair>* gold = nullptr;
  const GoldScore* gold_score = nullptr;
  const RunOutput* reference = nullptr;
  const ReferenceScore* reference_score = nullptr;
  std::vector<std::string> settings_differences;
  EvalOptions options;
  TextLookup text_of;
};

// JSONL: one {"type":"wrong",...} record per scored run pair matching no gold pair, one
// {"type":"missed",...} per required gold pair not found, one {"type":"lost",...} per reference
// pair the run lacks, then one {"type":"eval",...} record with the scores (README, "Evaluating a
// run"). Deterministic. Returns the first write error.
Status WriteEvalJsonl(const EvalReport& report, OutputFile* out);
// The same as a readable listing.
Status WriteEvalText(const EvalReport& report, OutputFile* out);

}  // namespace neardup

#endif  // NEARDUP_EVALUATION_H_
