// Components stage (components.h).

#include "neardup/dist/components.h"

#include <algorithm>
#include <string>

#include "neardup/dist/sign.h"
#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"
#include "neardup/report.h"
#include "neardup/report/jsonl_records.h"
#include "neardup/verify/jaccard.h"

namespace neardup::dist {
namespace {

constexpr char kClusterPrefix[] = "{\"type\":\"cluster\",\"id\":0";

// What one component partition sends one shard.
struct ShardRecords {
  ByteWriter pairs, clusters, drops;
  uint64_t num_pairs = 0, num_clusters = 0, num_drops = 0;
};

struct Component {
  std::vector<GroupRecord> groups;  // ascending by group
  std::vector<EdgeRecord> edges;
};

// A pair as one process lists it, with the members' global units (the order of the report).
struct ListedPair {
  uint64_t a = 0, b = 0;
  Pair pair;  // a, b: indices into the component's ScanResult units
};

// What dedup drops: in group order, a group with a kept neighbour before it, and every
// occurrence after a group's first. nbrs: each group's neighbours (indices into c.groups).
void RecordDrops(const Component& c, const std::vector<std::vector<size_t>>& nbrs,
                 const std::vector<uint64_t>& offsets, std::vector<ShardRecords>* out) {
  const size_t n = c.groups.size();
  std::vector<char> kept(n, 0);
  for (size_t k = 0; k < n; ++k) {
    bool drop = false;
    for (size_t h : nbrs[k]) drop = drop || (h < k && kept[h]);
    kept[k] = drop ? 0 : 1;
    const auto& m = c.groups[k].members;
    for (size_t i = kept[k] ? 1 : 0; i < m.size(); ++i) {
      ShardRecords& s = (*out)[ShardOfUnit(offsets, m[i].unit)];
      s.drops.Put<uint64_t>(m[i].unit);
      ++s.num_drops;
    }
  }
}

size_t IndexOfGroup(const Component& c, uint64_t group) {
  return static_cast<size_t>(
      std::lower_bound(c.groups.begin(), c.groups.end(), group,
                       [](const GroupRecord& g, uint64_t x) { return g.group < x; }) -
      c.groups.begin());
}

// A dedup run's component: only what it drops (no records, no shingle sets).
void DropsOnly(const Component& c, const std::vector<uint64_t>& offsets,
               std::vector<ShardRecords>* out) {
  std::vector<std::vector<size_t>> nbrs(c.groups.size());
  for (const EdgeRecord& e : c.edges) {
    const size_t g = IndexOfGroup(c, e.g), h = IndexOfGroup(c, e.h);
    nbrs[g].push_back(h);
    nbrs[h].push_back(g);
  }
  RecordDrops(c, nbrs, offsets, out);
}

void ProcessComponent(const Component& c, const StagePlan& plan,
                      const std::vector<uint64_t>& offsets, const ReportInfo& info,
                      std::vector<ShardRecords>* out, ComponentsMeta* meta) {
  const size_t n = c.groups.size();
  // The component's units as a ScanResult (one document slot per member), for the record writers.
  ScanResult r;
  std::vector<size_t> base(n + 1, 0);
  for (size_t k = 0; k < n; ++k) {
    for (const MemberRef& m : c.groups[k].members) {
      r.units.push_back({static_cast<uint32_t>(r.doc_ids.size()), m.para, {m.begin, m.end}, 0, 0});
      r.doc_ids.push_back(m.doc);
    }
    base[k + 1] = r.units.size();
  }
  auto index_of = [&](uint64_t group) { return IndexOfGroup(c, group); };
  const size_t limit = plan.options.max_group_pairs;
  std::vector<bool> elided(n, false);
  std::vector<ListedPair> pairs;
  for (size_t k = 0; k < n; ++k) {  // identical texts
    const auto& m = c.groups[k].members;
    if (m.size() < 2) continue;
    const uint64_t count = m.size() * (m.size() - 1) / 2;
    if (count > limit) {
      elided[k] = true;
      meta->elided_pairs += count;
      continue;
    }
    const uint32_t sh = static_cast<uint32_t>(c.groups[k].shingles.size());
    for (size_t i = 0; i < m.size(); ++i) {
      for (size_t j = i + 1; j < m.size(); ++j) {
        ListedPair p{m[i].unit, m[j].unit,
                     Pair{static_cast<uint32_t>(base[k] + i), static_cast<uint32_t>(base[k] + j),
                          1.0, 1.0, sh, true}};
        pairs.push_back(p);
      }
    }
  }
  std::vector<std::vector<size_t>> nbrs(n);
  for (const EdgeRecord& e : c.edges) {  // verified pairs
    const size_t g = index_of(e.g), h = index_of(e.h);
    nbrs[g].push_back(h);
    nbrs[h].push_back(g);
    const auto& mg = c.groups[g].members;
    const auto& mh = c.groups[h].members;
    auto add = [&](size_t i, size_t j) {
      size_t la = base[g] + i, lb = base[h] + j;
      uint64_t a = mg[i].unit, b = mh[j].unit;
      if (a > b) {
        std::swap(a, b);
        std::swap(la, lb);
      }
      pairs.push_back({a, b,
                       Pair{static_cast<uint32_t>(la), static_cast<uint32_t>(lb), e.similarity,
                            e.estimate, e.shared, false}});
    };
    if (static_cast<uint64_t>(mg.size()) * mh.size() > limit) {
      meta->elided_pairs += static_cast<uint64_t>(mg.size()) * mh.size() - 1;
      elided[g] = elided[h] = true;
      add(0, 0);
      continue;
    }
    for (size_t i = 0; i < mg.size(); ++i) {
      for (size_t j = 0; j < mh.size(); ++j) add(i, j);
    }
  }
  meta->pairs += pairs.size();
  std::string line;
  for (ListedPair& p : pairs) {
    p.pair.span_a = r.units[p.pair.a].range;
    p.pair.span_b = r.units[p.pair.b].range;
    line.clear();
    AppendPair(&line, r, info, p.pair);
    ShardRecords& s = (*out)[ShardOfUnit(offsets, p.a)];
    s.pairs.Put<uint64_t>(p.a);
    s.pairs.Put<uint64_t>(p.b);
    s.pairs.PutString(line);
    ++s.num_pairs;
  }

  // The cluster: every member with its group's similarity to the first group.
  if (base[n] >= 2) {
    Cluster cl;
    std::vector<std::pair<uint64_t, ClusterMember>> members;
    for (size_t k = 0; k < n; ++k) {
      const double sim = k == 0 ? 1.0 : ExactJaccard(c.groups[0].shingles, c.groups[k].shingles);
      for (size_t i = 0; i < c.groups[k].members.size(); ++i) {
        members.push_back({c.groups[k].members[i].unit, {static_cast<uint32_t>(base[k] + i), sim}});
      }
      if (elided[k]) cl.pairs_elided = true;
    }
    std::sort(members.begin(), members.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& m : members) cl.members.push_back(m.second);
    line.clear();
    AppendClusterRecord(&line, r, cl, plan.options.threshold);
    const uint64_t rep = c.groups[0].group;
    const uint32_t shard = ShardOfUnit(offsets, rep);
    ShardRecords& s = (*out)[shard];
    s.clusters.Put<uint64_t>(rep);
    s.clusters.PutString(std::string_view{line}.substr(sizeof kClusterPrefix - 1));
    ++s.num_clusters;
    ++meta->clusters[shard];
  }

  RecordDrops(c, nbrs, offsets, out);
}

}  // namespace

Status BuildComponents(uint32_t partition, const StagePlan& plan, bool records,
                       ComponentsMeta* meta) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *meta = ComponentsMeta();
  meta->clusters.assign(plan.shards, 0);
  std::vector<uint64_t> offsets;
  if (Status s = ReadUnitOffsets(plan, &offsets); !s.ok()) return s;
  std::vector<std::pair<uint64_t, GroupRecord>> groups;
  std::vector<std::pair<uint64_t, EdgeRecord>> edges;
  std::string payload;
  for (uint32_t q = 0; q < plan.partitions; ++q) {
    const std::string path = StagePath(plan.dir, "comp", q, partition);
    if (Status s = ReadStageFile(path, StageKind::kComponent, &payload); !s.ok()) return s;
    ByteReader r(payload);
    if (Status s = CheckRecordsFlag(&r, records, path); !s.ok()) return s;
    const uint64_t ng = r.Get<uint64_t>();
    for (uint64_t i = 0; i < ng && !r.failed(); ++i) {
      groups.emplace_back();
      groups.back().first = r.Get<uint64_t>();
      GetGroup(&r, &groups.back().second, records);
    }
    const uint64_t ne = r.Get<uint64_t>();
    for (uint64_t i = 0; i < ne && !r.failed(); ++i) {
      edges.emplace_back();
      edges.back().first = r.Get<uint64_t>();
      GetEdge(&r, &edges.back().second);
    }
    if (Status s = CheckFullyRead(r, path); !s.ok()) return s;
  }
  std::sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second.group < y.second.group;
  });
  std::sort(edges.begin(), edges.end(), [](const auto& x, const auto& y) {
    return x.first != y.first
               ? x.first < y.first
               : std::make_pair(x.second.g, x.second.h) < std::make_pair(y.second.g, y.second.h);
  });
  ReportInfo info;
  info.mode = "lexical";
  info.options = plan.options;
  ShingleSource shingles(plan, offsets);
  std::vector<ShardRecords> out(plan.shards);
  size_t e = 0;
  for (size_t i = 0; i < groups.size();) {
    const uint64_t label = groups[i].first;
    Component c;
    for (; i < groups.size() && groups[i].first == label; ++i) {
      c.groups.push_back(std::move(groups[i].second));
    }
    for (; e < edges.size() && edges[e].first == label; ++e) c.edges.push_back(edges[e].second);
    if (c.groups.front().group != label) {
      return Status::Corruption("component " + std::to_string(label) +
                                ": its first group's record is missing");
    }
    if (!records) {
      DropsOnly(c, offsets, &out);
      continue;
    }
    for (GroupRecord& g : c.groups) {
      if (Status s = shingles.Get(g.group, g.text, &g.shingles); !s.ok()) return s;
    }
    ProcessComponent(c, plan, offsets, info, &out, meta);
  }
  if (e != edges.size()) {
    return Status::Corruption("component partition: edges without their groups");
  }
  for (uint32_t s = 0; s < plan.shards; ++s) {
    ByteWriter w;
    w.Put<uint64_t>(out[s].num_pairs);
    w.str().append(out[s].pairs.str());
    w.Put<uint64_t>(out[s].num_clusters);
    w.str().append(out[s].clusters.str());
    w.Put<uint64_t>(out[s].num_drops);
    w.str().append(out[s].drops.str());
    if (Status st =
            WriteStageFile(StagePath(plan.dir, "out", partition, s), StageKind::kShardOut, w.str());
        !st.ok()) {
      return st;
    }
  }
  ByteWriter m;
  m.Put<uint64_t>(meta->pairs);
  m.Put<uint64_t>(meta->elided_pairs);
  m.PutArray(meta->clusters.data(), meta->clusters.size());
  return WriteStageFile(StagePath(plan.dir, "components", partition, -1, true),
                        StageKind::kComponentsMeta, m.str());
}

Status ReadComponentsMeta(const StagePlan& plan, uint32_t partition, ComponentsMeta* meta) {
  const std::string path = StagePath(plan.dir, "components", partition, -1, true);
  std::string payload;
  if (Status s = ReadStageFile(path, StageKind::kComponentsMeta, &payload); !s.ok()) return s;
  ByteReader r(payload);
  meta->pairs = r.Get<uint64_t>();
  meta->elided_pairs = r.Get<uint64_t>();
  r.GetArray(&meta->clusters);
  if (meta->clusters.size() != plan.shards) {
    return Status::Corruption(path + ": shard count differs");
  }
  return CheckFullyRead(r, path);
}

}  // namespace neardup::dist
