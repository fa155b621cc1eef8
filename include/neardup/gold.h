// Gold files: hand-labelled pairs of paragraphs that should be reported as near-duplicates, the
// answer key `neardup eval` scores a run against (format: README, "Evaluating a run").
// Thread-safety: plain values and free functions.
#ifndef NEARDUP_GOLD_H_
#define NEARDUP_GOLD_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/document.h"
#include "neardup/status.h"

namespace neardup {

// One side of a gold pair: a document and either a phrase of its text or a byte range of it.
struct GoldSide {
  std::string doc;     // document id as scan reports it (an integer id is kept as written)
  std::string phrase;  // non-empty when the side is given by phrase; resolved into `range`
  ByteRange range;     // UTF-8 byte range in the document's text; valid once `resolved`
  bool resolved = false;
};

// One gold record: {"a":SIDE,"b":SIDE,"label":"...","optional":false}.
struct GoldPair {
  GoldSide a;
  GoldSide b;
  std::string label;      // what the pair shares (e.g. a statement's name); "" when not given
  bool optional = false;  // acceptable but not required: never a miss, never counted as correct
  std::string source;     // "gold.jsonl:12", for messages
};

// Parses the JSONL text of a gold file named `name` (used in messages). One object per non-blank
// line with exactly these fields:
//   "a", "b": {"doc": STRING or INTEGER, "phrase": STRING} or {"doc": ..., "start": N, "end": N}
//              (0 <= start < end < 2^32, a non-empty phrase);
//   "label": STRING (optional); "optional": BOOLEAN (optional, default false).
// A side given by byte range is resolved at once; a phrase side waits for ResolvePhrases.
// Returns the pairs in file order, or InvalidArgument "NAME:LINE: what is wrong" for the first bad
// line (lines count from 1): invalid JSON, a missing, unknown or repeated field, a field of the
// wrong type, an empty phrase or range, an integer out of range.
StatusOr<std::vector<GoldPair>> ParseGold(std::string_view contents, std::string_view name);

// Reads and parses the gold file at `path` (as ParseGold, messages naming `path`). IOError when the
// file cannot be read.
StatusOr<std::vector<GoldPair>> ReadGoldFile(const std::string& path);

// True when some side of `pairs` is given by phrase (then the corpus is needed to resolve it).
bool NeedsTexts(const std::vector<GoldPair>& pairs);

// Looks up a document's text by id; returns nullptr for an unknown document.
using TextLookup = std::function<const std::string*(const std::string& doc)>;

// Resolves every phrase side of *pairs to the byte range of the phrase's single occurrence in its
// document's text (exact bytes, case included). Fails with InvalidArgument "SOURCE: side a: ..."
// for the first side whose document is unknown, whose phrase does not occur, or occurs more than
// once (make it longer so it names one place). Byte-range sides are checked against the text's
// length when the document is known.
Status ResolvePhrases(std::vector<GoldPair>* pairs, const TextLookup& text_of);

}  // namespace neardup

#endif  // NEARDUP_GOLD_H_
