// Stage records (stage_records.h).

#include "neardup/dist/stage_records.h"

#include <algorithm>

namespace neardup::dist {

void PutGroup(const GroupRecord& g, ByteWriter* w) {
  w->Put<uint64_t>(g.group);
  w->PutArray(g.shingles.data(), g.shingles.size());
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
  r->GetArray(&g->shingles);
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

uint32_t ShardOfUnit(const std::vector<uint64_t>& offsets, uint64_t unit) {
  const auto it = std::upper_bound(offsets.begin(), offsets.end(), unit);
  return static_cast<uint32_t>(it - offsets.begin() - 1);
}

}  // namespace neardup::dist
