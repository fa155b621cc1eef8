// The byte layout of the streaming index's records (settings, counters, documents, paragraphs),
// each closed by an XXH3 checksum so a damaged record is reported, not trusted.
// Integers are stored in host byte order; the settings record carries a byte-order mark so an index
// moved to a machine of the other byte order is refused. Thread-safety: pure functions.
#ifndef NEARDUP_INTERNAL_INDEX_RECORDS_H_
#define NEARDUP_INTERNAL_INDEX_RECORDS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/index.h"
#include "neardup/sketch/fingerprint.h"
#include "neardup/sketch/lsh.h"
#include "neardup/status.h"

namespace neardup::internal {

// 2: the bands table is no longer written (the LSH buckets are rebuilt in memory from the units
// table when an index is opened); a format-1 index's bands table would go stale under this code.
inline constexpr uint32_t kIndexFormatVersion = 2;

// What an index was built with; every run must use the same (Index::Open compares them).
struct IndexSettings {
  uint32_t format_version = kIndexFormatVersion;
  std::string mode = "lexical";
  uint32_t ngram = 0;
  uint32_t num_perm = 0;
  uint64_t seed = 0;
  uint32_t scheme = 0;  // SketchScheme
  LshParams lsh;        // banding chosen for the threshold the index was created with
  uint32_t max_unit_words = 0;
  double created_threshold = 0;
};

struct IndexCounters {
  uint64_t next_seq = 1;   // sequence number of the next document added (1, 2, ...)
  uint64_t next_unit = 1;  // id of the next paragraph added
  uint64_t docs = 0;       // documents in the index
  uint64_t units = 0;      // paragraphs in the index
  bool operator==(const IndexCounters&) const = default;
};

// A document in the index, keyed by the XXH3-128 of its id.
struct DocRecord {
  uint64_t seq = 0;
  Hash128 content_hash;
  int64_t added_unix = 0;   // seconds since the epoch when it was added
  uint64_t first_unit = 0;  // its paragraphs are units first_unit .. first_unit + num_units - 1
  uint32_t num_units = 0;
  std::string id;
  IndexVerdict verdict;  // the verdict it got when it was added
};

// One paragraph with at least one word.
struct UnitRecord {
  Hash128 doc_key;  // key of its document in the docs table
  uint32_t para = 0;
  ByteRange range;
  uint32_t words = 0;
  Hash128 text_hash;
  std::vector<uint32_t> shingles;   // sorted, unique
  std::vector<uint32_t> band_keys;  // lsh.bands keys
};

std::string EncodeSettings(const IndexSettings& s);
std::string EncodeCounters(const IndexCounters& c);
std::string EncodeDoc(const DocRecord& d);
// Appends the encoding to *out (cleared first) without building a UnitRecord.
void EncodeUnit(const Hash128& doc_key, const ParagraphPrint& p, std::span<const uint32_t> shingles,
                std::span<const uint32_t> band_keys, std::string* out);

// Decoders return Corruption naming `what` (e.g. "document 'x'") when the bytes are damaged.
Status DecodeSettings(std::string_view bytes, IndexSettings* s);
Status DecodeCounters(std::string_view bytes, IndexCounters* c);
Status DecodeDoc(std::string_view bytes, DocRecord* d);
Status DecodeUnit(std::string_view bytes, UnitRecord* u);

// Key of a document id in the docs table.
Hash128 DocKey(std::string_view id);

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_INDEX_RECORDS_H_
