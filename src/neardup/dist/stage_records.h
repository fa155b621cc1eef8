// The records stages pass each other inside stage files: groups (a distinct text with its
// shingles and every occurrence) and edges (a verified pair of groups). A group is numbered by
// its first unit in the whole input, so group order is first-occurrence order, as in one process.
// Thread-safety: plain values and pure functions.
#ifndef NEARDUP_DIST_STAGE_RECORDS_H_
#define NEARDUP_DIST_STAGE_RECORDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_plan.h"

namespace neardup::dist {

// One occurrence of a text: its global unit number and what a report record names.
struct MemberRef {
  uint64_t unit = 0;
  std::string doc;
  uint32_t para = 0, begin = 0, end = 0;
};

struct GroupRecord {
  uint64_t group = 0;              // = members[0].unit
  uint32_t text = 0;               // its text's index in its shard's keys-S and shingles-S
  std::vector<uint32_t> shingles;  // sorted; not stored in files (ShingleSource fills it)
  std::vector<MemberRef> members;  // ascending by unit
};

// A verified pair of groups g < h, with what its pair records report.
struct EdgeRecord {
  uint64_t g = 0, h = 0;
  double similarity = 0;  // exact Jaccard
  double estimate = 0;    // MinHash estimate
  uint32_t shared = 0;    // shingles in common
};

// `records`: whole members (what a scan's records name); false (a dedup run): members' units only
// (doc empty, para/begin/end 0). Files of group records say which in their payload's first word.
void PutGroup(const GroupRecord& g, ByteWriter* w, bool records = true);
void GetGroup(ByteReader* r, GroupRecord* g, bool records = true);
// Writes / checks the first word of a groups-S-Q or comp-Q-R payload: 1 when its group records
// are whole, 0 when units only. The check is InvalidArgument naming `path` when they differ.
void PutRecordsFlag(bool records, ByteWriter* w);
Status CheckRecordsFlag(ByteReader* r, bool records, const std::string& path);
void PutEdge(const EdgeRecord& e, ByteWriter* w);
void GetEdge(ByteReader* r, EdgeRecord* e);

// The shard holding global unit `unit`, by the offsets of ReadUnitOffsets. O(log shards).
uint32_t ShardOfUnit(const std::vector<uint64_t>& offsets, uint64_t unit);

// The shingle sets (and first units) of texts, read piecewise from the shingles-S files (one per
// shard, opened on first use): a task holds only the sets it asks for, plus read-ahead windows
// per shard file (three of 4 MiB / shards each, at least 64 KiB). Thread-compatible. Cost: sets
// asked for in ascending text order of a shard (verify's order) are read in window-sized preads;
// others cost up to two preads a set.
class ShingleSource {
 public:
  ShingleSource(const StagePlan& plan, const std::vector<uint64_t>& offsets)
      : plan_(plan),
        offsets_(offsets),
        files_(plan.shards),
        counts_(plan.shards, 0),
        firsts_at_(plan.shards, 0),
        windows_(3 * size_t{plan.shards}) {}
  // The set of text `text` of the shard holding unit `group` into *out. Corruption when the
  // index or the file's offsets are out of range.
  Status Get(uint64_t group, uint32_t text, std::vector<uint32_t>* out) {
    return GetOf(ShardOfUnit(offsets_, group), text, out);
  }
  // The same by shard.
  Status GetOf(uint32_t shard, uint32_t text, std::vector<uint32_t>* out);
  // The first local unit of text `text` of shard `shard` (its group is offsets[shard] + that).
  Status First(uint32_t shard, uint32_t text, uint32_t* first);

 private:
  const StagePlan& plan_;
  const std::vector<uint64_t>& offsets_;
  std::vector<std::unique_ptr<StageFilePieces>> files_;
  std::vector<uint64_t> counts_;     // texts per opened file
  std::vector<uint64_t> firsts_at_;  // where its column of first units begins
  Status OpenShard(uint32_t shard);
  // Payload bytes [begin, begin + bytes.size()) of a file: for each shard, one window over its
  // offsets, one over its shingles and one over its first units.
  struct Window {
    uint64_t begin = 0;
    std::string bytes;
  };
  std::vector<Window> windows_;
  // Payload bytes [offset, offset + n) of shard `shard`'s file through window `w`.
  Status ReadThrough(uint32_t shard, Window& w, uint64_t offset, size_t n, void* out);
};

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_STAGE_RECORDS_H_
