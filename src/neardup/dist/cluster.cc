// Cluster stage (cluster.h).

#include "neardup/dist/cluster.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <unordered_map>

#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"

namespace neardup::dist {
namespace {

struct CcState {
  std::vector<uint64_t> nodes;    // sorted
  std::vector<uint64_t> labels;   // parallel to nodes
  std::vector<uint64_t> offsets;  // nodes + 1, into nbrs
  std::vector<uint64_t> nbrs;

  size_t IndexOf(uint64_t node) const {
    return static_cast<size_t>(std::lower_bound(nodes.begin(), nodes.end(), node) - nodes.begin());
  }
};

// Messages between partitions: (node, value) pairs of three kinds.
struct CcMessages {
  std::vector<uint64_t> labels;    // node, a label its neighbour now has
  std::vector<uint64_t> requests;  // node asked, node asking
  std::vector<uint64_t> replies;   // node, its label's label
  std::vector<uint64_t> hooks;     // node (a label some node left), the smaller label it found
};

Status ReadEdgesInto(const std::string& path, bool full,
                     std::vector<std::pair<uint64_t, uint64_t>>* adj) {
  std::string payload;
  if (Status s = ReadStageFile(path, StageKind::kEdges, &payload); !s.ok()) return s;
  ByteReader r(payload);
  const uint64_t n = r.Get<uint64_t>();
  for (uint64_t i = 0; i < n && !r.failed(); ++i) {
    if (full) {
      EdgeRecord e;
      GetEdge(&r, &e);
      adj->push_back({e.g, e.h});
    } else {
      const uint64_t a = r.Get<uint64_t>();
      adj->push_back({a, r.Get<uint64_t>()});
    }
  }
  return CheckFullyRead(r, path);
}

Status BuildState(uint32_t q, const StagePlan& plan, CcState* st) {
  std::vector<std::pair<uint64_t, uint64_t>> adj;
  for (uint32_t p = 0; p < plan.partitions; ++p) {
    if (Status s = ReadEdgesInto(StagePath(plan.dir, "edges", p, q), true, &adj); !s.ok()) return s;
    if (Status s = ReadEdgesInto(StagePath(plan.dir, "rev", p, q), false, &adj); !s.ok()) return s;
  }
  std::sort(adj.begin(), adj.end());
  adj.erase(std::unique(adj.begin(), adj.end()), adj.end());
  st->offsets.assign(1, 0);
  for (const auto& [a, b] : adj) {
    if (st->nodes.empty() || st->nodes.back() != a) {
      if (!st->nodes.empty()) st->offsets.push_back(st->nbrs.size());
      st->nodes.push_back(a);
    }
    st->nbrs.push_back(b);
  }
  if (!st->nodes.empty()) st->offsets.push_back(st->nbrs.size());
  st->labels = st->nodes;
  return Status::OK();
}

Status WriteState(const std::string& path, const CcState& st) {
  ByteWriter w;
  w.PutArray(st.nodes.data(), st.nodes.size());
  w.PutArray(st.labels.data(), st.labels.size());
  w.PutArray(st.offsets.data(), st.offsets.size());
  w.PutArray(st.nbrs.data(), st.nbrs.size());
  return WriteStageFile(path, StageKind::kCcState, w.str());
}

Status ReadState(const std::string& path, CcState* st) {
  std::string payload;
  if (Status s = ReadStageFile(path, StageKind::kCcState, &payload); !s.ok()) return s;
  ByteReader r(payload);
  r.GetArray(&st->nodes);
  r.GetArray(&st->labels);
  r.GetArray(&st->offsets);
  r.GetArray(&st->nbrs);
  if (st->labels.size() != st->nodes.size()) {
    return Status::Corruption(path + ": labels and nodes differ");
  }
  return CheckFullyRead(r, path);
}

Status ReadMessages(const std::string& path, CcMessages* m) {
  std::string payload;
  if (Status s = ReadStageFile(path, StageKind::kCcMessages, &payload); !s.ok()) return s;
  ByteReader r(payload);
  r.GetArray(&m->labels);
  r.GetArray(&m->requests);
  r.GetArray(&m->replies);
  r.GetArray(&m->hooks);
  return CheckFullyRead(r, path);
}

}  // namespace

Status CcStep(uint32_t q, uint32_t step, const StagePlan& plan, CcStepStats* stats) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *stats = CcStepStats();
  CcState st;
  std::vector<char> changed;
  std::vector<uint64_t> requests;  // answered below: (node asked, node asking)
  std::vector<CcMessages> out(plan.partitions);
  if (step == 0) {
    if (Status s = BuildState(q, plan, &st); !s.ok()) return s;
    changed.assign(st.nodes.size(), 1);
  } else {
    if (Status s = ReadState(StagePath(plan.dir, "cc", step - 1, q), &st); !s.ok()) return s;
    changed.assign(st.nodes.size(), 0);
    // Lowers a node's label; a node that leaves a label for a smaller one hooks that label's
    // node onto it too (so the trees of labels merge, not only the neighbourhoods).
    auto lower = [&](uint64_t node, uint64_t label, bool hook, const std::string& path) {
      const size_t i = st.IndexOf(node);
      if (i == st.nodes.size() || st.nodes[i] != node) {
        return Status::Corruption(path + ": message for node " + std::to_string(node) +
                                  " not in this partition");
      }
      if (label < st.labels[i]) {
        const uint64_t old = st.labels[i];
        st.labels[i] = label;
        changed[i] = 1;
        if (hook && old != node) {
          CcMessages& m = out[PartitionOf(old, plan.partitions)];
          m.hooks.push_back(old);
          m.hooks.push_back(label);
        }
      }
      return Status::OK();
    };
    for (uint32_t r = 0; r < plan.partitions; ++r) {
      const std::string path = StagePath(plan.dir, "ccm", step - 1, r) + "-" + std::to_string(q);
      CcMessages m;
      if (Status s = ReadMessages(path, &m); !s.ok()) return s;
      for (size_t i = 0; i + 1 < m.labels.size(); i += 2) {
        if (Status s = lower(m.labels[i], m.labels[i + 1], true, path); !s.ok()) return s;
      }
      for (size_t i = 0; i + 1 < m.hooks.size(); i += 2) {
        if (Status s = lower(m.hooks[i], m.hooks[i + 1], true, path); !s.ok()) return s;
      }
      for (size_t i = 0; i + 1 < m.replies.size(); i += 2) {
        if (Status s = lower(m.replies[i], m.replies[i + 1], false, path); !s.ok()) return s;
      }
      requests.insert(requests.end(), m.requests.begin(), m.requests.end());
    }
  }
  for (size_t i = 0; i + 1 < requests.size(); i += 2) {
    const size_t w = st.IndexOf(requests[i]);
    if (w == st.nodes.size() || st.nodes[w] != requests[i]) {
      return Status::Corruption("cc step " + std::to_string(step) +
                                ": request for a node not in partition " + std::to_string(q));
    }
    CcMessages& m = out[PartitionOf(requests[i + 1], plan.partitions)];
    m.replies.push_back(requests[i + 1]);
    m.replies.push_back(st.labels[w]);
  }
  for (size_t i = 0; i < st.nodes.size(); ++i) {
    const uint64_t label = st.labels[i];
    if (changed[i]) {
      ++stats->changed;
      for (uint64_t k = st.offsets[i]; k < st.offsets[i + 1]; ++k) {
        const uint64_t u = st.nbrs[k];
        if (u == label) continue;  // its label is itself, the smallest it can have
        CcMessages& m = out[PartitionOf(u, plan.partitions)];
        m.labels.push_back(u);
        m.labels.push_back(label);
      }
    }
    if (label != st.nodes[i]) {  // pointer jumping: ask the label's node for its label
      CcMessages& m = out[PartitionOf(label, plan.partitions)];
      m.requests.push_back(label);
      m.requests.push_back(st.nodes[i]);
    }
  }
  stats->nodes = st.nodes.size();
  stats->edges = st.nbrs.size();
  if (Status s = WriteState(StagePath(plan.dir, "cc", step, q), st); !s.ok()) return s;
  for (uint32_t r = 0; r < plan.partitions; ++r) {
    const CcMessages& m = out[r];
    stats->messages +=
        (m.labels.size() + m.requests.size() + m.replies.size() + m.hooks.size()) / 2;
    ByteWriter w;
    w.PutArray(m.labels.data(), m.labels.size());
    w.PutArray(m.requests.data(), m.requests.size());
    w.PutArray(m.replies.data(), m.replies.size());
    w.PutArray(m.hooks.data(), m.hooks.size());
    const std::string path = StagePath(plan.dir, "ccm", step, q) + "-" + std::to_string(r);
    if (Status s = WriteStageFile(path, StageKind::kCcMessages, w.str()); !s.ok()) return s;
  }
  return Status::OK();
}

Status CcLocal(const StagePlan& plan, CcStepStats* stats) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  *stats = CcStepStats();
  std::vector<std::pair<uint64_t, uint64_t>> edges;  // (h, g): every edge once, from rev files
  for (uint32_t v = 0; v < plan.partitions; ++v) {
    for (uint32_t q = 0; q < plan.partitions; ++q) {
      if (Status s = ReadEdgesInto(StagePath(plan.dir, "rev", v, q), false, &edges); !s.ok()) {
        return s;
      }
    }
  }
  std::vector<uint64_t> nodes;
  nodes.reserve(2 * edges.size());
  for (const auto& [h, g] : edges) nodes.insert(nodes.end(), {h, g});
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  if (nodes.size() > UINT32_MAX) {
    return Status::ResourceExhausted("cc-local: " + std::to_string(nodes.size()) + " nodes (" +
                                     std::to_string(edges.size()) +
                                     " edges) exceed the 2^32 - 1 one task indexes; run cc steps");
  }
  // Union-find over node indices; a root is its component's smallest index (= smallest node).
  std::vector<uint32_t> parent(nodes.size());
  for (uint32_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto find = [&](uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  auto index_of = [&](uint64_t node) {
    return static_cast<uint32_t>(std::lower_bound(nodes.begin(), nodes.end(), node) -
                                 nodes.begin());
  };
  for (const auto& [h, g] : edges) {
    const uint32_t a = find(index_of(h)), b = find(index_of(g));
    if (a < b) parent[b] = a;
    if (b < a) parent[a] = b;
  }
  stats->nodes = nodes.size();
  stats->edges = 2 * edges.size();
  edges = {};
  std::vector<CcState> out(plan.partitions);
  for (uint32_t i = 0; i < nodes.size(); ++i) {  // nodes ascend, so each partition's do too
    CcState& st = out[PartitionOf(nodes[i], plan.partitions)];
    st.nodes.push_back(nodes[i]);
    st.labels.push_back(nodes[find(i)]);
  }
  for (uint32_t q = 0; q < plan.partitions; ++q) {
    if (Status s = WriteState(StagePath(plan.dir, "ccl", q), out[q]); !s.ok()) return s;
  }
  return Status::OK();
}

Status ReadCcLabels(uint32_t q, uint32_t step, const StagePlan& plan, std::vector<uint64_t>* nodes,
                    std::vector<uint64_t>* labels) {
  CcState st;
  if (Status s = ReadState(StagePath(plan.dir, "cc", step, q), &st); !s.ok()) return s;
  *nodes = std::move(st.nodes);
  *labels = std::move(st.labels);
  return Status::OK();
}

Status JoinComponents(uint32_t q, int64_t last_step, const StagePlan& plan, bool records) {
  if (Status s = plan.Validate(); !s.ok()) return s;
  if (last_step < kCcLocalStep) {
    return Status::InvalidArgument("join: last step " + std::to_string(last_step) +
                                   " (a cc step, -1 or -2)");
  }
  CcState st;
  if (last_step == kCcLocalStep) {
    if (Status s = ReadState(StagePath(plan.dir, "ccl", q), &st); !s.ok()) return s;
  } else if (last_step >= 0) {
    if (Status s = ReadState(StagePath(plan.dir, "cc", last_step, q), &st); !s.ok()) return s;
  }
  auto label_of = [&](uint64_t node, bool* found) {
    const size_t i = st.IndexOf(node);
    *found = i < st.nodes.size() && st.nodes[i] == node;
    return *found ? st.labels[i] : node;
  };
  const uint32_t parts = plan.partitions;
  std::vector<ByteWriter> groups(parts), edges(parts);
  std::vector<uint64_t> group_count(parts, 0), edge_count(parts, 0);
  std::string payload;
  // This node partition's group records, whole, from every ident partition.
  std::vector<GroupRecord> merged;
  std::unordered_map<uint64_t, size_t> index;
  for (uint32_t s = 0; s < plan.partitions; ++s) {
    const std::string gpath = StagePath(plan.dir, "groups", s, q);
    if (Status rs = ReadStageFile(gpath, StageKind::kGroups, &payload); !rs.ok()) return rs;
    ByteReader r(payload);
    if (Status rs = CheckRecordsFlag(&r, records, gpath); !rs.ok()) return rs;
    const uint64_t n = r.Get<uint64_t>();
    GroupRecord g;
    for (uint64_t i = 0; i < n && !r.failed(); ++i) {
      GetGroup(&r, &g, records);
      auto [it, inserted] = index.try_emplace(g.group, merged.size());
      if (inserted) {
        merged.push_back(std::move(g));
      } else {
        auto& m = merged[it->second].members;
        m.insert(m.end(), std::make_move_iterator(g.members.begin()),
                 std::make_move_iterator(g.members.end()));
      }
    }
    if (Status rs = CheckFullyRead(r, gpath); !rs.ok()) return rs;
  }
  if (!records) {  // the records ident left out: a node of an edge seen once
    for (const uint64_t node : st.nodes) {
      if (index.contains(node)) continue;
      merged.push_back(GroupRecord{node, 0, {}, {MemberRef{node, {}, 0, 0, 0}}});
    }
  }
  for (uint32_t r = 0; r < parts; ++r) PutRecordsFlag(records, &groups[r]);
  for (const GroupRecord& g : merged) {
    bool in_edges = false;
    const uint64_t label = label_of(g.group, &in_edges);
    if (!in_edges && g.members.size() < 2) continue;
    const uint32_t dest = PartitionOf(label, parts);
    groups[dest].Put<uint64_t>(label);
    PutGroup(g, &groups[dest], records);
    ++group_count[dest];
  }
  for (uint32_t p = 0; p < parts; ++p) {
    const std::string epath = StagePath(plan.dir, "edges", p, q);
    if (Status s = ReadStageFile(epath, StageKind::kEdges, &payload); !s.ok()) return s;
    ByteReader e(payload);
    const uint64_t m = e.Get<uint64_t>();
    EdgeRecord rec;
    for (uint64_t i = 0; i < m && !e.failed(); ++i) {
      GetEdge(&e, &rec);
      bool found = false;
      const uint64_t label = label_of(rec.g, &found);
      if (!found) return Status::Corruption(epath + ": edge of a node without a label");
      const uint32_t dest = PartitionOf(label, parts);
      edges[dest].Put<uint64_t>(label);
      PutEdge(rec, &edges[dest]);
      ++edge_count[dest];
    }
    if (Status s = CheckFullyRead(e, epath); !s.ok()) return s;
  }
  for (uint32_t r = 0; r < parts; ++r) {
    ByteWriter w;
    w.str().append(groups[r].str(), 0, 4);  // the records flag
    w.Put<uint64_t>(group_count[r]);
    w.str().append(groups[r].str(), 4);
    w.Put<uint64_t>(edge_count[r]);
    w.str().append(edges[r].str());
    if (Status s =
            WriteStageFile(StagePath(plan.dir, "comp", q, r), StageKind::kComponent, w.str());
        !s.ok()) {
      return s;
    }
  }
  return Status::OK();
}

}  // namespace neardup::dist
