// Stage records (stage_records.h).

#include "neardup/dist/stage_records.h"

#include <algorithm>
#include <cstring>

namespace neardup::dist {

void PutGroup(const GroupRecord& g, ByteWriter* w, bool records) {
  w->Put<uint64_t>(g.group);
  w->Put<uint32_t>(g.text);
  w->Put<uint64_t>(g.members.size());
  for (const MemberRef& m : g.members) {
    w->Put<uint64_t>(m.unit);
    if (!records) continue;
    w->PutString(m.doc);
    w->Put<uint32_t>(m.para);
    w->Put<uint32_t>(m.begin);
    w->Put<uint32_t>(m.end);
  }
}

void GetGroup(ByteReader* r, GroupRecord* g, bool records) {
  g->group = r->Get<uint64_t>();
  g->text = r->Get<uint32_t>();
  g->shingles.clear();
  const uint64_t n = r->Get<uint64_t>();
  g->members.clear();
  for (uint64_t i = 0; i < n && !r->failed(); ++i) {
    MemberRef m;
    m.unit = r->Get<uint64_t>();
    if (!records) {
      g->members.push_back(std::move(m));
      continue;
    }
    m.doc = r->GetString();
    m.para = r->Get<uint32_t>();
    m.begin = r->Get<uint32_t>();
    m.end = r->Get<uint32_t>();
    g->members.push_back(std::move(m));
  }
}

void PutRecordsFlag(bool records, ByteWriter* w) { w->Put<uint32_t>(records ? 1 : 0); }

Status CheckRecordsFlag(ByteReader* r, bool records, const std::string& path) {
  const uint32_t flag = r->Get<uint32_t>();
  if (r->failed() || flag > 1) return Status::Corruption(path + ": malformed records flag");
  if ((flag == 1) == records) return Status::OK();
  return Status::InvalidArgument(
      path + ": written for a " + (flag == 1 ? "scan" : "dedup") + " run, read by a " +
      (records ? "scan" : "dedup") +
      " run's stage (rerun sign, join and components with the same --output-kind)");
}

void PutEdge(const EdgeRecord& e, ByteWriter* w) {
  w->Put<uint64_t>(e.g);
  w->Put<uint64_t>(e.h);
  w->Put<double>(e.similarity);
  w->Put<double>(e.estimate);
  w->Put<uint32_t>(e.shared);
}

void GetEdge(ByteReader* r, EdgeRecord* e) {
  e->g = r->Get<uint64_t>();
  e->h = r->Get<uint64_t>();
  e->similarity = r->Get<double>();
  e->estimate = r->Get<double>();
  e->shared = r->Get<uint32_t>();
}

Status ShingleSource::OpenShard(uint32_t shard) {
  // payload: u64 n, u64 offsets[n + 1], u32 shingles[offsets[n]], u32 firsts[n]
  auto opened = std::make_unique<StageFilePieces>();
  const std::string path = StagePath(plan_.dir, "shingles", shard);
  if (Status s = opened->Open(path, StageKind::kShingles); !s.ok()) return s;
  uint64_t n = 0, total = 0;
  if (Status s = opened->Read(0, 8, &n); !s.ok()) return s;
  if (n > opened->payload_size() / 12) return Status::Corruption(path + ": bad count");
  if (Status s = opened->Read(8 + 8 * n, 8, &total); !s.ok()) return s;
  if (total > opened->payload_size() / 4 ||
      8 + 8 * (n + 1) + 4 * total + 4 * n != opened->payload_size()) {
    return Status::Corruption(path + ": malformed shingle file");
  }
  counts_[shard] = n;
  firsts_at_[shard] = 8 + 8 * (n + 1) + 4 * total;
  files_[shard] = std::move(opened);
  return Status::OK();
}

Status ShingleSource::GetOf(uint32_t shard, uint32_t text, std::vector<uint32_t>* out) {
  if (shard >= files_.size()) return Status::Corruption("group outside every shard");
  if (files_[shard] == nullptr) {
    if (Status s = OpenShard(shard); !s.ok()) return s;
  }
  const uint64_t n = counts_[shard];
  uint64_t range[2] = {0, 0};
  if (text >= n) {
    return Status::Corruption(StagePath(plan_.dir, "shingles", shard) + ": text out of range");
  }
  if (Status s = ReadThrough(shard, windows_[3 * size_t{shard}], 8 + 8 * uint64_t{text},
                             sizeof range, range);
      !s.ok()) {
    return s;
  }
  if (range[0] > range[1] || range[1] - range[0] > (uint64_t{1} << 32)) {
    return Status::Corruption(StagePath(plan_.dir, "shingles", shard) + ": malformed offsets");
  }
  out->resize(range[1] - range[0]);
  if (out->empty()) return Status::OK();
  return ReadThrough(shard, windows_[3 * size_t{shard} + 1], 8 + 8 * (n + 1) + 4 * range[0],
                     4 * out->size(), out->data());
}

Status ShingleSource::First(uint32_t shard, uint32_t text, uint32_t* first) {
  if (shard >= files_.size()) return Status::Corruption("text outside every shard");
  if (files_[shard] == nullptr) {
    if (Status s = OpenShard(shard); !s.ok()) return s;
  }
  if (text >= counts_[shard]) {
    return Status::Corruption(StagePath(plan_.dir, "shingles", shard) + ": text out of range");
  }
  return ReadThrough(shard, windows_[3 * size_t{shard} + 2], firsts_at_[shard] + 4 * uint64_t{text},
                     sizeof *first, first);
}

Status ShingleSource::ReadThrough(uint32_t shard, Window& w, uint64_t offset, size_t n, void* out) {
  const StageFilePieces& f = *files_[shard];
  if (offset >= w.begin && offset - w.begin <= w.bytes.size() &&
      w.bytes.size() - (offset - w.begin) >= n) {
    std::memcpy(out, w.bytes.data() + (offset - w.begin), n);
    return Status::OK();
  }
  const size_t window = std::max<size_t>(size_t{64} << 10, (size_t{4} << 20) / files_.size());
  if (n >= window || offset > f.payload_size()) return f.Read(offset, n, out);
  w.begin = offset;
  w.bytes.resize(static_cast<size_t>(std::min<uint64_t>(window, f.payload_size() - offset)));
  if (Status s = f.Read(offset, w.bytes.size(), w.bytes.data()); !s.ok()) {
    w.bytes.clear();
    return s;
  }
  if (w.bytes.size() < n) {
    return Status::Corruption(StagePath(plan_.dir, "shingles", shard) +
                              ": set past the payload's end");
  }
  std::memcpy(out, w.bytes.data(), n);
  return Status::OK();
}

uint32_t ShardOfUnit(const std::vector<uint64_t>& offsets, uint64_t unit) {
  const auto it = std::upper_bound(offsets.begin(), offsets.end(), unit);
  return static_cast<uint32_t>(it - offsets.begin() - 1);
}

}  // namespace neardup::dist
