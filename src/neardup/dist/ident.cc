// Ident and route stages (ident.h).

#include "neardup/dist/ident.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "neardup/dist/sign.h"
#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"
#include "neardup/scan/candidates.h"
#include "neardup/sketch/fingerprint.h"

namespace neardup::dist {
namespace {

// Distinct text hashes → their group (the first unit offered), by open addressing over indices
// into parallel arrays (linear probing, at most half full). O(1) expected per call.
class GroupTable {
 public:
  // The index of `h`, added with group `group` when new.
  uint32_t FindOrAdd(const Hash128& h, uint64_t group) {
    if (2 * (hashes_.size() + 1) > slots_.size()) Grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(h.lo) & mask;; i = (i + 1) & mask) {
      const uint32_t s = slots_[i];
      if (s == 0) {
        hashes_.push_back(h);
        groups_.push_back(group);
        slots_[i] = static_cast<uint32_t>(hashes_.size());
        return slots_[i] - 1;
      }
      if (hashes_[s - 1] == h) return s - 1;
    }
  }
  uint64_t group(uint32_t index) const { return groups_[index]; }
  size_t size() const { return hashes_.size(); }

 private:
  void Grow() {
    slots_.assign(std::max<size_t>(1024, 2 * slots_.size()), 0);
    const size_t mask = slots_.size() - 1;
    for (size_t t = 0; t < hashes_.size(); ++t) {
      size_t i = static_cast<size_t>(hashes_[t].lo) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = static_cast<uint32_t>(t) + 1;
    }
  }
  std::vector<uint32_t> slots_;  // 0: empty, else index + 1
  std::vector<Hash128> hashes_;
  std::vector<uint64_t> groups_;
};

// One row of units-S.
struct UnitRow {
  uint32_t doc = 0, para = 0, begin = 0, end = 0;
};

Status ReadUnits(const StagePlan& plan, uint32_t shard, std::vector<std::string>* doc_ids,
                 std::vector<UnitRow>* units) {
  const std::string path = StagePath(plan.dir, "units", shard);
  std::string payload;
  if (Status s = ReadStageFile(path, StageKind::kUnits, &payload); !s.ok()) return s;
  ByteReader in(payload);
  const uint64_t docs = in.Get<uint64_t>();
  for (uint64_t d = 0; d < docs && !in.failed(); ++d) doc_ids->push_back(in.GetString());
  const uint64_t n = in.Get<uint64_t>();
  for (uint64_t u = 0; u < n && !in.failed(); ++u) {
    UnitRow r;
    r.doc = in.Get<uint32_t>();
    r.para = in.Get<uint32_t>();
    r.begin = in.Get<uint32_t>();
    r.end = in.Get<uint32_t>();
    in.Get<uint32_t>();  // words
    if (r.doc >= docs) return Status::Corruption(path + ": unit of a document out of range");
    units->push_back(r);
  }
  return CheckFullyRead(in, path);
}

}  // namespace

Status IdentPartition(uint32_t p, const StagePlan& plan, IdentMeta* meta) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *meta = IdentMeta();
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  GroupTable group_of;
  std::vector<std::vector<uint32_t>> texts(plan.shards);  // each entry's index in group_of
  std::string payload;
  for (uint32_t s = 0; s < plan.shards; ++s) {  // shards in order: the first seen is the group
    const std::string path = StagePath(plan.dir, "ident", s, p);
    if (Status st = ReadStageFile(path, StageKind::kIdent, &payload); !st.ok()) return st;
    ByteReader r(payload);
    const uint64_t n = r.Get<uint64_t>();
    for (uint64_t i = 0; i < n && !r.failed(); ++i) {
      Hash128 h;
      h.lo = r.Get<uint64_t>();
      h.hi = r.Get<uint64_t>();
      const uint64_t first = offsets[s] + r.Get<uint32_t>();
      texts[s].push_back(group_of.FindOrAdd(h, first));
    }
    if (Status st = CheckFullyRead(r, path); !st.ok()) return st;
  }
  meta->distinct_texts = group_of.size();
  for (uint32_t s = 0; s < plan.shards; ++s) {
    ByteWriter w;
    w.Put<uint64_t>(texts[s].size());
    for (const uint32_t t : texts[s]) w.Put<uint64_t>(group_of.group(t));
    if (Status st = WriteStageFile(StagePath(plan.dir, "canon", p, s), StageKind::kCanon, w.str());
        !st.ok()) {
      return st;
    }
  }
  ByteWriter m;
  m.Put<uint64_t>(meta->distinct_texts);
  return WriteStageFile(StagePath(plan.dir, "ident", p, -1, true), StageKind::kIdentMeta, m.str());
}

Status ReadIdentMeta(const StagePlan& plan, uint32_t p, IdentMeta* meta) {
  const std::string path = StagePath(plan.dir, "ident", p, -1, true);
  std::string payload;
  if (Status s = ReadStageFile(path, StageKind::kIdentMeta, &payload); !s.ok()) return s;
  ByteReader r(payload);
  meta->distinct_texts = r.Get<uint64_t>();
  return CheckFullyRead(r, path);
}

Status RouteShard(uint32_t shard, const StagePlan& plan, bool records) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  const uint64_t base = offsets[shard];
  const uint32_t parts = plan.partitions;
  std::vector<std::string> doc_ids;
  std::vector<UnitRow> units;
  if (records) {
    if (Status s = ReadUnits(plan, shard, &doc_ids, &units); !s.ok()) return s;
  }
  const uint64_t shard_units = offsets[shard + 1] - base;
  // The groups of the shard's texts, in each ident partition's order.
  std::vector<std::vector<uint64_t>> canon(parts);
  std::vector<size_t> next(parts, 0);
  std::string payload;
  for (uint32_t p = 0; p < parts; ++p) {
    const std::string path = StagePath(plan.dir, "canon", p, shard);
    if (Status s = ReadStageFile(path, StageKind::kCanon, &payload); !s.ok()) return s;
    ByteReader r(payload);
    const uint64_t n = r.Get<uint64_t>();
    for (uint64_t i = 0; i < n && !r.failed(); ++i) canon[p].push_back(r.Get<uint64_t>());
    if (Status s = CheckFullyRead(r, path); !s.ok()) return s;
  }
  // The shard's texts as flat arrays (the file's payload is let go before writing).
  const std::string tpath = StagePath(plan.dir, "texts", shard);
  if (Status s = ReadStageFile(tpath, StageKind::kTexts, &payload); !s.ok()) return s;
  const size_t bands = static_cast<size_t>(CandidateSettings::From(plan.options).Banding().bands);
  std::vector<uint32_t> first, keys, member_begin, members;
  std::vector<uint32_t> own;  // the texts whose group is first seen here (their keys go to bucket)
  std::vector<uint64_t> group;
  size_t n = 0;
  {  // columns: n, bands; n hash lo; n first units; n x bands keys; n + 1 offsets; members
    ByteReader in(payload);
    n = in.Get<uint64_t>();
    if (in.Get<uint64_t>() != bands) return Status::Corruption(tpath + ": band count differs");
    if (n > payload.size() / (16 + 4 * bands)) return Status::Corruption(tpath + ": bad count");
    std::vector<uint64_t> hash_lo;
    in.GetRaw(n, &hash_lo);
    in.GetRaw(n, &first);
    const std::string_view text_keys = in.GetBytes(n * bands * sizeof(uint32_t));
    keys.resize(n * bands);  // band-major: keys[b * n + t], read band by band below
    if (!in.failed()) {
      for (size_t t = 0; t < n; ++t) {
        for (size_t b = 0; b < bands; ++b) {
          std::memcpy(&keys[b * n + t], text_keys.data() + (t * bands + b) * sizeof(uint32_t),
                      sizeof(uint32_t));
        }
      }
    }
    in.GetRaw(n + 1, &member_begin);
    if (in.failed() || member_begin[0] != 0) return Status::Corruption(tpath + ": malformed");
    for (size_t t = 0; t < n; ++t) {
      if (member_begin[t + 1] <= member_begin[t]) {
        return Status::Corruption(tpath + ": text without members");
      }
    }
    in.GetRaw(member_begin[n], &members);
    if (Status s = CheckFullyRead(in, tpath); !s.ok()) return s;
    for (const uint32_t u : members) {
      if (u >= shard_units) return Status::Corruption(tpath + ": member out of range");
    }
    group.resize(n);
    for (size_t t = 0; t < n; ++t) {
      const uint32_t ip = PartitionOf(hash_lo[t], parts);
      if (next[ip] >= canon[ip].size()) {
        return Status::Corruption(tpath + ": texts and canon files disagree");
      }
      group[t] = canon[ip][next[ip]++];
      if (group[t] == base + first[t]) own.push_back(static_cast<uint32_t>(t));
    }
  }
  payload = std::string();
  canon = {};
  // One partition at a time: groups-S-Q (S's occurrences of each group of node partition Q) and
  // bands-S-Q (per band, key, first local unit and text of the groups first seen here whose key
  // routes to Q).
  for (uint32_t q = 0; q < parts; ++q) {
    ByteWriter gw;
    uint64_t count = 0;
    PutRecordsFlag(records, &gw);
    const size_t count_at = gw.str().size();
    gw.Put<uint64_t>(0);  // the count, set below
    GroupRecord g;
    for (size_t t = 0; t < n; ++t) {
      if (PartitionOf(group[t], parts) != q) continue;
      const bool first_here = group[t] == base + first[t];
      if (!records && first_here && member_begin[t + 1] - member_begin[t] == 1) continue;
      g.group = group[t];
      g.text = first_here ? static_cast<uint32_t>(t) : 0;
      g.members.clear();
      for (uint32_t k = member_begin[t]; k < member_begin[t + 1]; ++k) {
        if (!records) {
          g.members.push_back({base + members[k], {}, 0, 0, 0});
          continue;
        }
        const UnitRow& row = units[members[k]];
        g.members.push_back({base + members[k], doc_ids[row.doc], row.para, row.begin, row.end});
      }
      PutGroup(g, &gw, records);
      ++count;
    }
    std::memcpy(gw.str().data() + count_at, &count, sizeof count);
    if (Status s =
            WriteStageFile(StagePath(plan.dir, "groups", shard, q), StageKind::kGroups, gw.str());
        !s.ok()) {
      return s;
    }
    gw = ByteWriter();
    ByteWriter bw;
    std::vector<uint32_t> rows;  // (key, first local unit, text) of one band's section
    for (size_t b = 0; b < bands; ++b) {
      rows.clear();
      const uint32_t* band_keys = keys.data() + b * n;
      for (const uint32_t t : own) {
        const uint32_t key = band_keys[t];
        if (PartitionOf((uint64_t{b} << 32) | key, parts) != q) continue;
        rows.insert(rows.end(), {key, first[t], t});
      }
      bw.Put<uint64_t>(rows.size() / 3);
      bw.str().append(reinterpret_cast<const char*>(rows.data()), rows.size() * sizeof(uint32_t));
    }
    if (Status s =
            WriteStageFile(StagePath(plan.dir, "bands", shard, q), StageKind::kBands, bw.str());
        !s.ok()) {
      return s;
    }
  }
  return Status::OK();
}

}  // namespace neardup::dist
