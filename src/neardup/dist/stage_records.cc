// Stage records (stage_records.h).

#include "neardup/dist/stage_records.h"

#include <algorithm>
#include <cstring>

namespace neardup::dist {

void PutGroup(const GroupRecord& g, ByteWriter* w) {
  w->Put<uint64_t>(g.group);
  w->Put<uint32_t>(g.text);
  w->Put<uint64_t>(g.members.size());
  for (const MemberRef& m : g.members) {
    w->Put<uint64_t>(m.unit);
    w->PutString(m.doc);
    w->Put<uint32_t>(m.para);
    w->Put<uint32_t>(m.begin);
    w->Put<uint32_t>(m.end);
  }
}

void GetGroup(ByteReader* r, GroupRecord* g) {
  g->group = r->Get<uint64_t>();
  g->text = r->Get<uint32_t>();
  g->shingles.clear();
  const uint64_t n = r->Get<uint64_t>();
  g->members.clear();
  for (uint64_t i = 0; i < n && !r->failed(); ++i) {
    MemberRef m;
    m.unit = r->Get<uint64_t>();
    m.doc = r->GetString();
    m.para = r->Get<uint32_t>();
    m.begin = r->Get<uint32_t>();
    m.end = r->Get<uint32_t>();
    g->members.push_back(std::move(m));
  }
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

Status ShingleSource::Get(uint64_t group, uint32_t text, std::vector<uint32_t>* out) {
  const uint32_t shard = ShardOfUnit(offsets_, group);
  if (shard >= files_.size()) return Status::Corruption("group outside every shard");
  std::unique_ptr<MappedStageFile>& f = files_[shard];
  const std::string path = StagePath(plan_.dir, "shingles", shard);
  if (f == nullptr) {
    auto opened = std::make_unique<MappedStageFile>();
    if (Status s = opened->Open(path, StageKind::kShingles); !s.ok()) return s;
    f = std::move(opened);
  }
  // Payload: u64 n, u64 offsets[n + 1], u32 shingles[].
  const std::string_view p = f->payload();
  uint64_t n = 0, begin = 0, end = 0;
  if (p.size() < 8) return Status::Corruption(path + ": malformed stage file payload");
  std::memcpy(&n, p.data(), 8);
  const uint64_t table = 8 + 8 * (n + 1);
  if (text >= n || p.size() < table) return Status::Corruption(path + ": text out of range");
  std::memcpy(&begin, p.data() + 8 + 8 * uint64_t{text}, 8);
  std::memcpy(&end, p.data() + 8 + 8 * (uint64_t{text} + 1), 8);
  if (begin > end || (p.size() - table) / 4 < end) {
    return Status::Corruption(path + ": malformed stage file payload");
  }
  out->resize(end - begin);
  if (end > begin) std::memcpy(out->data(), p.data() + table + 4 * begin, 4 * (end - begin));
  return Status::OK();
}

uint32_t ShardOfUnit(const std::vector<uint64_t>& offsets, uint64_t unit) {
  const auto it = std::upper_bound(offsets.begin(), offsets.end(), unit);
  return static_cast<uint32_t>(it - offsets.begin() - 1);
}

}  // namespace neardup::dist
