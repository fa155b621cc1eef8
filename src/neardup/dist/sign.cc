// Sign stage (sign.h).

#include "neardup/dist/sign.h"

#include <cstdint>
#include <limits>
#include <unordered_map>

#include "neardup/dist/stage_file.h"
#include "neardup/scan/candidates.h"
#include "neardup/scan/verify_lexical.h"
#include "neardup/sketch/fingerprint.h"

namespace neardup::dist {
namespace {

struct HashKey {
  size_t operator()(const Hash128& h) const { return static_cast<size_t>(h.lo); }
};

struct ShardText {
  Hash128 hash;
  uint32_t first = 0;              // first local unit
  std::vector<uint32_t> members;   // local units, ascending
  std::vector<uint32_t> shingles;  // sorted
  std::vector<uint32_t> bands;     // one key per band
};

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

Status CountDocuments(const std::vector<std::string>& paths, const ReaderOptions& reader,
                      uint64_t* docs) {
  auto r = CorpusReader::Open(paths, reader);
  if (!r.ok()) return r.status();
  Document doc;
  *docs = 0;
  while ((*r)->Next(&doc)) ++*docs;
  return (*r)->status();
}

Status SignShard(const std::vector<std::string>& paths, const ReaderOptions& reader,
                 uint64_t doc_begin, uint64_t doc_end, uint32_t shard, const StagePlan& plan,
                 SignMeta* meta) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  auto r = CorpusReader::Open(paths, reader);
  if (!r.ok()) return r.status();
  CorpusReader& in = **r;
  Document doc;
  *meta = SignMeta();
  meta->doc_begin = doc_begin;
  for (uint64_t d = 0; d < doc_begin; ++d) {
    if (!in.Next(&doc)) return in.status();
  }
  in.TakeWarnings();  // those of earlier shards
  const LshParams lsh = CandidateSettings::From(plan.options).Banding();
  Fingerprinter fp(FingerprintSettings::From(plan.options), lsh);
  DocumentPrint print;
  ByteWriter units;
  std::vector<std::string> doc_ids;
  std::vector<ShardText> texts;
  std::unordered_map<Hash128, uint32_t, HashKey> text_of;
  ByteWriter unit_rows;
  std::vector<UnitRef> refs;  // doc: index into doc_ids
  uint32_t unit = 0;
  for (uint64_t d = doc_begin; d < doc_end && in.Next(&doc); ++d) {
    fp.Fingerprint(doc.text, &print);
    meta->bytes += doc.text.size();
    meta->empty_units += print.empty_paragraphs;
    for (size_t i = 0; i < print.paragraphs.size(); ++i, ++unit) {
      const ParagraphPrint& p = print.paragraphs[i];
      unit_rows.Put<uint32_t>(static_cast<uint32_t>(doc_ids.size()));
      unit_rows.Put<uint32_t>(p.para);
      unit_rows.Put<uint32_t>(p.range.begin);
      unit_rows.Put<uint32_t>(p.range.end);
      unit_rows.Put<uint32_t>(p.words);
      refs.push_back({static_cast<uint32_t>(doc_ids.size()), p.para, p.range, p.words, 0});
      auto [it, inserted] = text_of.try_emplace(p.text_hash, static_cast<uint32_t>(texts.size()));
      if (inserted) {
        ShardText t;
        t.hash = p.text_hash;
        t.first = unit;
        const auto set = print.Shingles(i);
        t.shingles.assign(set.begin(), set.end());
        const size_t b = static_cast<size_t>(lsh.bands);
        t.bands.assign(print.band_keys.begin() + static_cast<std::ptrdiff_t>(i * b),
                       print.band_keys.begin() + static_cast<std::ptrdiff_t>((i + 1) * b));
        texts.push_back(std::move(t));
      }
      texts[it->second].members.push_back(unit);
    }
    doc_ids.push_back(std::move(doc.id));
    doc = Document();
  }
  if (!in.status().ok()) return in.status();
  for (ReadWarning& w : in.TakeWarnings()) meta->warnings.push_back(std::move(w.message));
  meta->docs = doc_ids.size();
  meta->units = unit;

  // units-S: document ids, then one row per unit.
  units.Put<uint64_t>(doc_ids.size());
  for (const std::string& id : doc_ids) units.PutString(id);
  units.Put<uint64_t>(unit);
  units.str().append(unit_rows.str());
  if (Status s =
          WriteStageFile(StagePath(plan.dir, "units", shard), StageKind::kUnits, units.str());
      !s.ok()) {
    return s;
  }
  // bands-S-P: each distinct text once in every partition one of its band keys routes to; the
  // partition of band 0's key owns it and gets its members' identities as well.
  const uint32_t parts = plan.partitions;
  std::vector<ByteWriter> out(parts);
  std::vector<uint64_t> count(parts, 0);
  std::vector<uint32_t> seen(parts, std::numeric_limits<uint32_t>::max());
  for (uint32_t t = 0; t < texts.size(); ++t) {
    const ShardText& x = texts[t];
    for (uint32_t b = 0; b < x.bands.size(); ++b) {
      const uint32_t p = PartitionOf((uint64_t{b} << 32) | x.bands[b], parts);
      if (seen[p] == t) continue;
      seen[p] = t;
      ++count[p];
      ByteWriter& w = out[p];
      w.Put<uint64_t>(x.hash.lo);
      w.Put<uint64_t>(x.hash.hi);
      w.Put<uint32_t>(x.first);
      w.PutArray(x.shingles.data(), x.shingles.size());
      w.PutArray(x.bands.data(), x.bands.size());
      const bool owner = b == 0;
      w.Put<uint8_t>(owner ? 1 : 0);
      if (owner) {  // the members' identities, for the pair and cluster records
        w.Put<uint64_t>(x.members.size());
        for (uint32_t u : x.members) {
          w.Put<uint32_t>(u);
          w.PutString(doc_ids[refs[u].doc]);
          w.Put<uint32_t>(refs[u].para);
          w.Put<uint32_t>(refs[u].range.begin);
          w.Put<uint32_t>(refs[u].range.end);
        }
      }
    }
  }
  for (uint32_t p = 0; p < parts; ++p) {
    ByteWriter w;
    w.Put<uint64_t>(count[p]);
    w.str().append(out[p].str());
    if (Status s =
            WriteStageFile(StagePath(plan.dir, "bands", shard, p), StageKind::kBands, w.str());
        !s.ok()) {
      return s;
    }
  }
  ByteWriter m;
  m.Put<uint64_t>(meta->doc_begin);
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
  meta->doc_begin = r.Get<uint64_t>();
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
