// The distributed connected-components stage (dist/cluster.h) over edge files: labels equal the
// smallest node of each component (what one process's union-find gives as representative), for
// any partition count, and a chain of 1,000,000 nodes converges with no task holding more than
// about its 1/P share of the edges.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

#include "neardup/base/union_find.h"
#include "neardup/dist/cluster.h"
#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"
#include "testutil.h"

namespace neardup::dist {
namespace {

using Edges = std::vector<std::pair<uint64_t, uint64_t>>;  // g < h

// Writes edges-P-Q and rev-P-Q as the bucket stage does, edge i from bucket partition i % P.
void WriteEdges(const StagePlan& plan, const Edges& edges) {
  const uint32_t n = plan.partitions;
  std::vector<std::vector<ByteWriter>> fwd(n, std::vector<ByteWriter>(n)), rev = fwd;
  std::vector<std::vector<uint64_t>> nf(n, std::vector<uint64_t>(n, 0)), nr = nf;
  for (size_t i = 0; i < edges.size(); ++i) {
    const uint32_t p = static_cast<uint32_t>(i % n);
    const auto [g, h] = edges[i];
    const uint32_t qg = PartitionOf(g, n), qh = PartitionOf(h, n);
    PutEdge({g, h, 1.0, 1.0, 1}, &fwd[p][qg]);
    ++nf[p][qg];
    rev[p][qh].Put<uint64_t>(h);
    rev[p][qh].Put<uint64_t>(g);
    ++nr[p][qh];
  }
  for (uint32_t p = 0; p < n; ++p) {
    for (uint32_t q = 0; q < n; ++q) {
      ByteWriter a, b;
      a.Put<uint64_t>(nf[p][q]);
      a.str().append(fwd[p][q].str());
      b.Put<uint64_t>(nr[p][q]);
      b.str().append(rev[p][q].str());
      ASSERT_TRUE(
          WriteStageFile(StagePath(plan.dir, "edges", p, q), StageKind::kEdges, a.str()).ok());
      ASSERT_TRUE(
          WriteStageFile(StagePath(plan.dir, "rev", p, q), StageKind::kEdges, b.str()).ok());
    }
  }
}

struct CcRun {
  uint32_t steps = 0;
  uint64_t max_task_edges = 0;                        // adjacency entries one task held, at most
  uint64_t max_task_messages = 0;                     // messages one task sent in one step, at most
  std::vector<std::pair<uint64_t, uint64_t>> labels;  // (node, label), by node
};

CcRun RunCc(const StagePlan& plan) {
  CcRun run;
  int quiet_steps = 0;
  for (uint32_t step = 0;; ++step) {
    uint64_t changed = 0;
    for (uint32_t q = 0; q < plan.partitions; ++q) {
      CcStepStats st;
      const Status s = CcStep(q, step, plan, &st);
      EXPECT_TRUE(s.ok()) << s.message();
      run.max_task_edges = std::max(run.max_task_edges, st.edges);
      run.max_task_messages = std::max(run.max_task_messages, st.messages);
      changed += st.changed;
    }
    run.steps = step + 1;
    quiet_steps = changed == 0 ? quiet_steps + 1 : 0;
    if (quiet_steps == 2 || step > 200) break;
  }
  for (uint32_t q = 0; q < plan.partitions; ++q) {
    std::vector<uint64_t> nodes, labels;
    EXPECT_TRUE(ReadCcLabels(q, run.steps - 1, plan, &nodes, &labels).ok());
    for (size_t i = 0; i < nodes.size(); ++i) run.labels.push_back({nodes[i], labels[i]});
  }
  std::sort(run.labels.begin(), run.labels.end());
  return run;
}

// The smallest node of each node's component, by union-find over the whole edge list.
std::vector<std::pair<uint64_t, uint64_t>> Reference(const Edges& edges, uint64_t nodes) {
  UnionFind uf(nodes);
  for (const auto& [g, h] : edges) uf.Union(static_cast<uint32_t>(g), static_cast<uint32_t>(h));
  std::vector<uint64_t> min_of(nodes, UINT64_MAX);
  for (uint64_t v = 0; v < nodes; ++v) {
    const uint32_t r = uf.Find(static_cast<uint32_t>(v));
    min_of[r] = std::min(min_of[r], v);
  }
  std::vector<bool> in_edge(nodes, false);
  for (const auto& [g, h] : edges) in_edge[g] = in_edge[h] = true;
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (uint64_t v = 0; v < nodes; ++v) {
    if (in_edge[v]) out.push_back({v, min_of[uf.Find(static_cast<uint32_t>(v))]});
  }
  return out;
}

TEST(DistClusterTest, LabelsAreTheSmallestNodeOfEachComponent) {
  std::mt19937_64 rng(7);
  struct Case {
    const char* name;
    Edges edges;
    uint64_t nodes;
  };
  std::vector<Case> cases;
  cases.push_back({"empty", {}, 1});
  cases.push_back({"one edge", {{3, 9}}, 10});
  cases.push_back({"star", {}, 200});
  for (uint64_t v = 1; v < 200; ++v) cases.back().edges.push_back({0, v});
  cases.push_back({"star around its largest node", {}, 200});
  for (uint64_t v = 0; v < 199; ++v) cases.back().edges.push_back({v, 199});
  cases.push_back({"random sparse", {}, 5000});
  for (int i = 0; i < 4000; ++i) {
    uint64_t a = rng() % 5000, b = rng() % 5000;
    if (a == b) continue;
    cases.back().edges.push_back({std::min(a, b), std::max(a, b)});
  }
  cases.push_back({"permuted chain", {}, 20000});
  std::vector<uint64_t> perm(20000);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  for (size_t i = 0; i + 1 < perm.size(); ++i) {
    cases.back().edges.push_back({std::min(perm[i], perm[i + 1]), std::max(perm[i], perm[i + 1])});
  }
  for (const Case& c : cases) {
    for (uint32_t parts : {1u, 3u, 8u}) {
      SCOPED_TRACE(std::string(c.name) + ", partitions " + std::to_string(parts));
      test::TempDir dir("dist_cluster");
      StagePlan plan;
      plan.dir = dir.path();
      plan.partitions = parts;
      WriteEdges(plan, c.edges);
      const CcRun run = RunCc(plan);
      EXPECT_EQ(run.labels, Reference(c.edges, c.nodes));
    }
  }
}

// A chain of a million paragraphs A~B~C~... in input order, one component: every label becomes
// node 0, and no task ever holds much more than its share of the 2 x 999,999 adjacency entries.
TEST(DistClusterTest, MillionNodeChainWithoutOneTaskHoldingAllEdges) {
  constexpr uint64_t kNodes = 1000000;
  constexpr uint32_t kParts = 8;
  Edges edges;
  for (uint64_t v = 0; v + 1 < kNodes; ++v) edges.push_back({v, v + 1});
  test::TempDir dir("dist_chain");
  StagePlan plan;
  plan.dir = dir.path();
  plan.partitions = kParts;
  WriteEdges(plan, edges);
  const CcRun run = RunCc(plan);
  ASSERT_EQ(run.labels.size(), kNodes);
  for (const auto& [node, label] : run.labels) ASSERT_EQ(label, 0u) << "node " << node;
  const uint64_t share = 2 * edges.size() / kParts;
  EXPECT_LT(run.max_task_edges, share + share / 10);
  std::printf(
      "chain of %llu: %u steps; at most %llu adjacency entries (of %zu) and %llu messages "
      "per task\n",
      static_cast<unsigned long long>(kNodes), run.steps,
      static_cast<unsigned long long>(run.max_task_edges), 2 * edges.size(),
      static_cast<unsigned long long>(run.max_task_messages));
}

}  // namespace
}  // namespace neardup::dist
