// Ident and route stages (ident.h).

#include "neardup/dist/ident.h"

#include <cstring>
#include <unordered_map>
#include <vector>

#include "neardup/dist/sign.h"
#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"
#include "neardup/scan/candidates.h"
#include "neardup/sketch/fingerprint.h"

namespace neardup::dist {
namespace {

struct HashKey {
  size_t operator()(const Hash128& h) const { return static_cast<size_t>(h.lo); }
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
  std::unordered_map<Hash128, uint64_t, HashKey> group_of;
  std::vector<std::vector<Hash128>> hashes(plan.shards);
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
      group_of.try_emplace(h, first);
      hashes[s].push_back(h);
    }
    if (Status st = CheckFullyRead(r, path); !st.ok()) return st;
  }
  meta->distinct_texts = group_of.size();
  for (uint32_t s = 0; s < plan.shards; ++s) {
    ByteWriter w;
    w.Put<uint64_t>(hashes[s].size());
    for (const Hash128& h : hashes[s]) w.Put<uint64_t>(group_of[h]);
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

Status RouteShard(uint32_t shard, const StagePlan& plan) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  const uint64_t base = offsets[shard];
  const uint32_t parts = plan.partitions;
  std::vector<std::string> doc_ids;
  std::vector<UnitRow> units;
  if (Status s = ReadUnits(plan, shard, &doc_ids, &units); !s.ok()) return s;
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
  std::vector<uint32_t> first, keys, member_begin{0}, members, one;
  std::vector<uint64_t> group;
  {
    ByteReader in(payload);
    const uint64_t n = in.Get<uint64_t>();
    for (uint64_t t = 0; t < n && !in.failed(); ++t) {
      Hash128 h;
      h.lo = in.Get<uint64_t>();
      h.hi = in.Get<uint64_t>();
      first.push_back(in.Get<uint32_t>());
      in.GetArray(&one);
      if (one.size() != bands) return Status::Corruption(tpath + ": band count differs");
      keys.insert(keys.end(), one.begin(), one.end());
      in.GetArray(&one);
      for (uint32_t u : one) {
        if (u >= units.size()) return Status::Corruption(tpath + ": member out of range");
      }
      if (one.empty()) return Status::Corruption(tpath + ": text without members");
      members.insert(members.end(), one.begin(), one.end());
      member_begin.push_back(static_cast<uint32_t>(members.size()));
      const uint32_t ip = PartitionOf(h.lo, parts);
      if (next[ip] >= canon[ip].size()) {
        return Status::Corruption(tpath + ": texts and canon files disagree");
      }
      group.push_back(canon[ip][next[ip]++]);
    }
    if (Status s = CheckFullyRead(in, tpath); !s.ok()) return s;
  }
  payload = std::string();
  canon = {};
  const size_t n = first.size();
  // One partition at a time: groups-S-Q (S's occurrences of each group of node partition Q) and
  // bands-S-Q (per band, key, first local unit and text of the groups first seen here whose key
  // routes to Q).
  for (uint32_t q = 0; q < parts; ++q) {
    ByteWriter gw;
    uint64_t count = 0;
    gw.Put<uint64_t>(0);  // the count, set below
    GroupRecord g;
    for (size_t t = 0; t < n; ++t) {
      if (PartitionOf(group[t], parts) != q) continue;
      g.group = group[t];
      g.text = group[t] == base + first[t] ? static_cast<uint32_t>(t) : 0;
      g.members.clear();
      for (uint32_t k = member_begin[t]; k < member_begin[t + 1]; ++k) {
        const UnitRow& row = units[members[k]];
        g.members.push_back({base + members[k], doc_ids[row.doc], row.para, row.begin, row.end});
      }
      PutGroup(g, &gw);
      ++count;
    }
    std::memcpy(gw.str().data(), &count, sizeof count);
    if (Status s =
            WriteStageFile(StagePath(plan.dir, "groups", shard, q), StageKind::kGroups, gw.str());
        !s.ok()) {
      return s;
    }
    gw = ByteWriter();
    ByteWriter bw;
    for (size_t b = 0; b < bands; ++b) {
      const size_t at = bw.str().size();
      bw.Put<uint64_t>(0);
      count = 0;
      for (size_t t = 0; t < n; ++t) {
        const uint32_t key = keys[t * bands + b];
        if (group[t] != base + first[t] || PartitionOf((uint64_t{b} << 32) | key, parts) != q) {
          continue;
        }
        bw.Put<uint32_t>(key);
        bw.Put<uint32_t>(first[t]);
        bw.Put<uint32_t>(static_cast<uint32_t>(t));
        ++count;
      }
      std::memcpy(bw.str().data() + at, &count, sizeof count);
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
