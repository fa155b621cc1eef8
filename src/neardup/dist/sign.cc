// Sign and count stages (sign.h).

#include "neardup/dist/sign.h"

#include <algorithm>
#include <cstdint>

#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/verify_lexical.h"
#include "neardup/sketch/fingerprint.h"

namespace neardup::dist {
namespace {

struct ShardText {
  Hash128 hash;
  uint32_t first = 0;  // first local unit
};

// The shard's distinct texts by hash: open addressing over indices into `texts` (linear probing,
// at most half full; 4 to 8 bytes per text). Find-or-add is O(1) expected.
class TextTable {
 public:
  // The index of `h` in *texts, appending {h, unit} when it is new (*added set).
  uint32_t FindOrAdd(const Hash128& h, uint32_t unit, std::vector<ShardText>* texts, bool* added) {
    if (2 * (texts->size() + 1) > slots_.size()) Grow(*texts);
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(h.lo) & mask;; i = (i + 1) & mask) {
      const uint32_t s = slots_[i];
      if (s == 0) {
        slots_[i] = static_cast<uint32_t>(texts->size()) + 1;
        texts->push_back({h, unit});
        *added = true;
        return static_cast<uint32_t>(texts->size() - 1);
      }
      if ((*texts)[s - 1].hash == h) {
        *added = false;
        return s - 1;
      }
    }
  }

 private:
  void Grow(const std::vector<ShardText>& texts) {
    slots_.assign(std::max<size_t>(1024, 2 * slots_.size()), 0);
    const size_t mask = slots_.size() - 1;
    for (size_t t = 0; t < texts.size(); ++t) {
      size_t i = static_cast<size_t>(texts[t].hash.lo) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = static_cast<uint32_t>(t) + 1;
    }
  }
  std::vector<uint32_t> slots_;  // 0: empty, else index + 1
};

constexpr size_t kUnitRow = 5;  // a unit's row: doc, para, begin, end, words

template <typename T>
std::string_view Bytes(const std::vector<T>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)};
}

// ident-S-P for every partition P, one at a time: the records flag, then every distinct text
// whose hash routes to P, in first-unit order: hash, text index, members (local units; a scan's
// also name their document, paragraph and byte range). Holds one partition's file at a time, in
// pieces of 1 MiB.
Status WriteIdent(const std::vector<ShardText>& texts, const std::vector<uint32_t>& text_of_unit,
                  const std::vector<uint32_t>& unit_rows, const std::vector<std::string>& doc_ids,
                  bool records, uint32_t shard, const StagePlan& plan) {
  // Each text's members (local units, ascending) by a counting sort of text_of_unit.
  std::vector<uint32_t> member_begin(texts.size() + 1, 0), members(text_of_unit.size());
  for (uint32_t t : text_of_unit) ++member_begin[t + 1];
  for (size_t t = 0; t < texts.size(); ++t) member_begin[t + 1] += member_begin[t];
  {
    std::vector<uint32_t> fill(member_begin.begin(), member_begin.end() - 1);
    for (uint32_t u = 0; u < text_of_unit.size(); ++u) members[fill[text_of_unit[u]]++] = u;
  }
  std::vector<uint32_t> part(texts.size());
  std::vector<uint64_t> count(plan.partitions, 0);
  for (size_t t = 0; t < texts.size(); ++t) {
    part[t] = PartitionOf(texts[t].hash.lo, plan.partitions);
    ++count[part[t]];
  }
  for (uint32_t p = 0; p < plan.partitions; ++p) {
    StageFileWriter file;
    if (Status s = file.Open(StagePath(plan.dir, "ident", shard, p), StageKind::kIdent); !s.ok()) {
      return s;
    }
    ByteWriter w;
    PutRecordsFlag(records, &w);
    w.Put<uint64_t>(count[p]);
    for (size_t t = 0; t < texts.size(); ++t) {
      if (part[t] != p) continue;
      w.Put<uint64_t>(texts[t].hash.lo);
      w.Put<uint64_t>(texts[t].hash.hi);
      w.Put<uint32_t>(static_cast<uint32_t>(t));
      w.Put<uint32_t>(member_begin[t + 1] - member_begin[t]);
      for (uint32_t k = member_begin[t]; k < member_begin[t + 1]; ++k) {
        const uint32_t u = members[k];
        w.Put<uint32_t>(u);
        if (!records) continue;
        const uint32_t* row = &unit_rows[size_t{u} * kUnitRow];
        w.PutString(doc_ids[row[0]]);
        w.Put<uint32_t>(row[1]);
        w.Put<uint32_t>(row[2]);
        w.Put<uint32_t>(row[3]);
      }
      if (w.str().size() >= (size_t{1} << 20)) {
        if (Status s = file.Append(w.str()); !s.ok()) return s;
        w.str().clear();
      }
    }
    if (Status s = file.Append(w.str()); !s.ok()) return s;
    if (Status s = file.Commit(); !s.ok()) return s;
  }
  return Status::OK();
}

// keys-S: every distinct text's band keys, band-major (band b's column: the n texts' keys, in
// text order), written a column at a time (4 bytes per text held).
Status WriteKeys(const std::vector<uint32_t>& band_keys, size_t n, size_t bands, uint32_t shard,
                 const StagePlan& plan) {
  StageFileWriter file;
  if (Status s = file.Open(StagePath(plan.dir, "keys", shard), StageKind::kKeys); !s.ok()) {
    return s;
  }
  ByteWriter head;
  head.Put<uint64_t>(n);
  head.Put<uint64_t>(bands);
  if (Status s = file.Append(head.str()); !s.ok()) return s;
  std::vector<uint32_t> column(n);
  for (size_t b = 0; b < bands; ++b) {
    for (size_t t = 0; t < n; ++t) column[t] = band_keys[t * bands + b];
    if (Status s = file.Append(Bytes(column)); !s.ok()) return s;
  }
  return file.Commit();
}

Status CountOnce(const std::vector<std::string>& paths, const ReaderOptions& reader,
                 uint64_t* chunks) {
  auto r = CorpusReader::Open(paths, reader);
  if (!r.ok()) return r.status();
  *chunks = 0;
  while ((*r)->NextChunk() != nullptr) ++*chunks;
  return (*r)->status();
}

}  // namespace

Status StagePlan::Validate() const {
  if (dir.empty()) return Status::InvalidArgument("stages need a work folder");
  if (shards == 0 || partitions == 0) {
    return Status::InvalidArgument("shards and partitions must be at least 1");
  }
  if (options.mode != Mode::kLexical) {
    return Status::InvalidArgument("the distributed stages run lexical mode only");
  }
  if (options.exact) return Status::InvalidArgument("the distributed stages do not run --exact");
  if (Status s = LexicalVerifySettings::Validate(options); !s.ok()) return s;
  if (Status s = FingerprintSettings::Validate(options); !s.ok()) return s;
  return CandidateSettings::Validate(options);
}

Status CountChunks(const std::vector<std::string>& paths, const ReaderOptions& reader,
                   uint32_t shards, uint64_t* chunks, size_t* chunk_bytes) {
  ReaderOptions cut = reader;
  cut.chunk_bytes = std::max<size_t>(reader.chunk_bytes, 1);
  const uint64_t want = uint64_t{8} * std::max<uint32_t>(shards, 1);
  while (true) {
    if (Status s = CountOnce(paths, cut, chunks); !s.ok()) return s;
    *chunk_bytes = cut.chunk_bytes;
    if (*chunks >= want || cut.chunk_bytes == 1) return Status::OK();
    // Smaller chunks, at least 4 times smaller each time (a small input is read a few times).
    const size_t scaled =
        static_cast<size_t>(cut.chunk_bytes * std::max<uint64_t>(*chunks, 1) / want);
    cut.chunk_bytes = std::max<size_t>(1, std::min(cut.chunk_bytes / 4, scaled));
  }
}

Status SignShard(const std::vector<std::string>& paths, const ReaderOptions& reader,
                 uint64_t chunk_begin, uint64_t chunk_end, uint32_t shard, const StagePlan& plan,
                 bool records, SignMeta* meta) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *meta = SignMeta();
  meta->chunk_begin = chunk_begin;
  meta->chunk_end = chunk_end;
  const LshParams lsh = CandidateSettings::From(plan.options).Banding();
  Fingerprinter fp(FingerprintSettings::From(plan.options), lsh);
  DocumentPrint print;
  std::vector<std::string> doc_ids;
  std::vector<ShardText> texts;
  std::vector<uint32_t> band_keys;  // texts x bands
  std::vector<uint32_t> text_of_unit;
  std::vector<uint32_t> unit_rows;           // units x (doc, para, begin, end, words)
  std::vector<uint32_t> shingles;            // every text's set, back to back
  std::vector<uint64_t> shingle_offsets{0};  // texts + 1
  TextTable text_of;
  uint32_t unit = 0;
  std::vector<ReadWarning> warnings;
  Status read =
      ForEachDocumentInChunks(paths, reader, chunk_begin, chunk_end, &warnings, [&](Document& doc) {
        fp.Fingerprint(doc.text, &print);
        meta->bytes += doc.text.size();
        meta->empty_units += print.empty_paragraphs;
        for (size_t i = 0; i < print.paragraphs.size(); ++i, ++unit) {
          const ParagraphPrint& p = print.paragraphs[i];
          unit_rows.insert(unit_rows.end(), {static_cast<uint32_t>(doc_ids.size()), p.para,
                                             p.range.begin, p.range.end, p.words});
          bool inserted = false;
          const uint32_t text = text_of.FindOrAdd(p.text_hash, unit, &texts, &inserted);
          if (inserted) {
            const auto set = print.Shingles(i);
            shingles.insert(shingles.end(), set.begin(), set.end());
            shingle_offsets.push_back(shingles.size());
            const size_t b = static_cast<size_t>(lsh.bands);
            band_keys.insert(band_keys.end(),
                             print.band_keys.begin() + static_cast<std::ptrdiff_t>(i * b),
                             print.band_keys.begin() + static_cast<std::ptrdiff_t>((i + 1) * b));
          }
          text_of_unit.push_back(text);
        }
        doc_ids.push_back(std::move(doc.id));
        return Status::OK();
      });
  if (!read.ok()) return read;
  text_of = TextTable();
  for (ReadWarning& w : warnings) meta->warnings.push_back(std::move(w.message));
  meta->docs = doc_ids.size();
  meta->units = unit;

  // ident-S-P first (a scan's members name their documents), then units-S; the shard's arrays
  // are let go as soon as their files are written.
  const size_t nb = static_cast<size_t>(lsh.bands);
  std::vector<uint32_t> firsts(texts.size());
  for (size_t t = 0; t < texts.size(); ++t) firsts[t] = texts[t].first;
  if (Status s = WriteIdent(texts, text_of_unit, unit_rows, doc_ids, records, shard, plan);
      !s.ok()) {
    return s;
  }
  texts = std::vector<ShardText>();
  text_of_unit = std::vector<uint32_t>();
  ByteWriter units;
  units.Put<uint64_t>(doc_ids.size());
  for (const std::string& id : doc_ids) units.PutString(id);
  units.Put<uint64_t>(unit);
  doc_ids = std::vector<std::string>();
  if (Status s = WriteStageFileParts(StagePath(plan.dir, "units", shard), StageKind::kUnits,
                                     {units.str(), Bytes(unit_rows)});
      !s.ok()) {
    return s;
  }
  units = ByteWriter();
  unit_rows = std::vector<uint32_t>();
  // shingles-S (in first-unit order, read piecewise by verify and components), then keys-S.
  ByteWriter sw;
  sw.Put<uint64_t>(firsts.size());
  if (Status s =
          WriteStageFileParts(StagePath(plan.dir, "shingles", shard), StageKind::kShingles,
                              {sw.str(), Bytes(shingle_offsets), Bytes(shingles), Bytes(firsts)});
      !s.ok()) {
    return s;
  }
  shingles = std::vector<uint32_t>();
  shingle_offsets = std::vector<uint64_t>();
  if (Status s = WriteKeys(band_keys, firsts.size(), nb, shard, plan); !s.ok()) return s;
  ByteWriter m;
  m.Put<uint64_t>(meta->chunk_begin);
  m.Put<uint64_t>(meta->chunk_end);
  m.Put<uint64_t>(meta->docs);
  m.Put<uint64_t>(meta->units);
  m.Put<uint64_t>(meta->empty_units);
  m.Put<uint64_t>(meta->bytes);
  m.Put<uint64_t>(meta->warnings.size());
  for (const std::string& w : meta->warnings) m.PutString(w);
  return WriteStageFile(StagePath(plan.dir, "sign", shard, -1, true), StageKind::kSignMeta,
                        m.str());
}

Status ReadSignMeta(const StagePlan& plan, uint32_t shard, SignMeta* meta) {
  const std::string path = StagePath(plan.dir, "sign", shard, -1, true);
  std::string payload;
  if (Status s = ReadStageFile(path, StageKind::kSignMeta, &payload); !s.ok()) return s;
  ByteReader r(payload);
  meta->chunk_begin = r.Get<uint64_t>();
  meta->chunk_end = r.Get<uint64_t>();
  meta->docs = r.Get<uint64_t>();
  meta->units = r.Get<uint64_t>();
  meta->empty_units = r.Get<uint64_t>();
  meta->bytes = r.Get<uint64_t>();
  const uint64_t n = r.Get<uint64_t>();
  meta->warnings.clear();
  for (uint64_t i = 0; i < n && !r.failed(); ++i) meta->warnings.push_back(r.GetString());
  return CheckFullyRead(r, path);
}

Status ReadUnitOffsets(const StagePlan& plan, std::vector<uint64_t>* offsets) {
  offsets->assign(plan.shards + 1, 0);
  for (uint32_t s = 0; s < plan.shards; ++s) {
    SignMeta m;
    if (Status st = ReadSignMeta(plan, s, &m); !st.ok()) return st;
    (*offsets)[s + 1] = (*offsets)[s] + m.units;
  }
  return Status::OK();
}

}  // namespace neardup::dist
