// Ident stage (ident.h).

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

// One text of an ident-S-P file: where its members lie, and the next entry of its group.
struct IdentEntry {
  uint32_t shard = 0;
  uint32_t members = 0;  // how many
  uint64_t offset = 0;   // of its members in the shard's payload
  uint32_t next = 0;     // the group's next entry + 1 (0: none)
};

// A group's record from its entries (shards in order): PutGroup's bytes, written directly.
void PutGroupOf(uint64_t group, uint32_t text, uint64_t members, uint32_t first_entry,
                const std::vector<IdentEntry>& entries, const std::vector<std::string>& payloads,
                const std::vector<uint64_t>& offsets, bool records, ByteWriter* w) {
  w->Put<uint64_t>(group);
  w->Put<uint32_t>(text);
  w->Put<uint64_t>(members);
  for (uint32_t e = first_entry + 1; e != 0; e = entries[e - 1].next) {
    const IdentEntry& x = entries[e - 1];
    ByteReader r(std::string_view{payloads[x.shard]}.substr(x.offset));
    for (uint32_t k = 0; k < x.members; ++k) {
      w->Put<uint64_t>(offsets[x.shard] + r.Get<uint32_t>());
      if (!records) continue;
      w->PutString(r.GetString());
      w->Put<uint32_t>(r.Get<uint32_t>());
      w->Put<uint32_t>(r.Get<uint32_t>());
      w->Put<uint32_t>(r.Get<uint32_t>());
    }
  }
}

// Skips the members of one entry of an ident file, checking each local unit against `units`.
bool SkipMembers(ByteReader* r, uint32_t m, bool records, uint64_t units) {
  for (uint32_t k = 0; k < m && !r->failed(); ++k) {
    if (r->Get<uint32_t>() >= units) return false;
    if (!records) continue;
    r->GetString();
    r->Get<uint32_t>();
    r->Get<uint32_t>();
    r->Get<uint32_t>();
  }
  return !r->failed();
}

}  // namespace

Status IdentPartition(uint32_t p, const StagePlan& plan, IdentMeta* meta) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *meta = IdentMeta();
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  GroupTable group_of;
  std::vector<uint32_t> text, members, first_entry, last_entry;  // per group
  std::vector<IdentEntry> entries;
  std::vector<std::string> payloads(plan.shards);
  std::vector<ByteWriter> dups(plan.shards);  // per shard: its texts seen in an earlier shard
  std::vector<uint64_t> dup_count(plan.shards, 0);
  int records = -1;                             // the files' records flag (all must agree)
  for (uint32_t s = 0; s < plan.shards; ++s) {  // shards in order: the first seen is the group
    const std::string path = StagePath(plan.dir, "ident", s, p);
    if (Status st = ReadStageFile(path, StageKind::kIdent, &payloads[s]); !st.ok()) return st;
    ByteReader r(payloads[s]);
    if (records < 0) records = ByteReader(payloads[s]).Get<uint32_t>() == 1 ? 1 : 0;
    if (Status st = CheckRecordsFlag(&r, records == 1, path); !st.ok()) return st;
    const uint64_t n = r.Get<uint64_t>();
    const uint64_t units = offsets[s + 1] - offsets[s];
    for (uint64_t i = 0; i < n && !r.failed(); ++i) {
      Hash128 h;
      h.lo = r.Get<uint64_t>();
      h.hi = r.Get<uint64_t>();
      const uint32_t t = r.Get<uint32_t>();
      const uint32_t m = r.Get<uint32_t>();
      const size_t at = r.position();
      if (r.failed() || m == 0) return Status::Corruption(path + ": malformed text entry");
      // Members ascend: the first is the text's first local unit.
      const uint32_t first = ByteReader(std::string_view{payloads[s]}.substr(at)).Get<uint32_t>();
      if (!SkipMembers(&r, m, records == 1, units)) {
        return Status::Corruption(path + ": member out of range or malformed");
      }
      const size_t before = group_of.size();
      const uint32_t g = group_of.FindOrAdd(h, offsets[s] + first);
      entries.push_back({s, m, at, 0});
      const uint32_t e = static_cast<uint32_t>(entries.size());  // index + 1
      if (group_of.size() > before) {
        text.push_back(t);
        members.push_back(m);
        first_entry.push_back(e - 1);
        last_entry.push_back(e - 1);
      } else {
        members[g] += m;
        entries[last_entry[g]].next = e;
        last_entry[g] = e - 1;
        dups[s].Put<uint32_t>(t);
        ++dup_count[s];
      }
    }
    if (Status st = CheckFullyRead(r, path); !st.ok()) return st;
  }
  meta->distinct_texts = group_of.size();
  // groups-P-Q: whole group records by node partition (a dedup run: only groups of two or more
  // occurrences; join makes the record of a text seen once that has an edge).
  const uint32_t parts = plan.partitions;
  std::vector<ByteWriter> groups(parts);
  std::vector<uint64_t> group_count(parts, 0);
  for (uint32_t g = 0; g < group_of.size(); ++g) {
    if (records != 1 && members[g] < 2) continue;
    const uint32_t q = PartitionOf(group_of.group(g), parts);
    PutGroupOf(group_of.group(g), text[g], members[g], first_entry[g], entries, payloads, offsets,
               records == 1, &groups[q]);
    ++group_count[q];
  }
  payloads = {};
  for (uint32_t q = 0; q < parts; ++q) {
    ByteWriter w;
    PutRecordsFlag(records == 1, &w);
    w.Put<uint64_t>(group_count[q]);
    if (Status st = WriteStageFileParts(StagePath(plan.dir, "groups", p, q), StageKind::kGroups,
                                        {w.str(), groups[q].str()});
        !st.ok()) {
      return st;
    }
  }
  // dups-P: one file for every shard's list (bucket task opens P files, not P x S).
  StageFileWriter dw;
  if (Status st = dw.Open(StagePath(plan.dir, "dups", p), StageKind::kDups); !st.ok()) return st;
  for (uint32_t s = 0; s < plan.shards; ++s) {
    ByteWriter w;
    w.Put<uint64_t>(dup_count[s]);
    if (Status st = dw.Append(w.str()); !st.ok()) return st;
    if (Status st = dw.Append(dups[s].str()); !st.ok()) return st;
  }
  if (Status st = dw.Commit(); !st.ok()) return st;
  return WriteCounts(StagePath(plan.dir, "ident", p, -1, true), StageKind::kIdentMeta,
                     {meta->distinct_texts});
}

Status ReadIdentMeta(const StagePlan& plan, uint32_t p, IdentMeta* meta) {
  return ReadCounts(StagePath(plan.dir, "ident", p, -1, true), StageKind::kIdentMeta,
                    {&meta->distinct_texts});
}

}  // namespace neardup::dist
