// The distributed connected-components stage (dist/cluster.h) over edge files: labels equal the
// smallest node of each component (what one process's union-find gives as representative), for
// any partition count, and a chain of 1,000,000 nodes converges with no task holding more than
// about its 1/P share of the edges.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "neardup/base/union_find.h"
#include "neardup/dist/cluster.h"
#include "neardup/dist/stage_file.h"
#include "neardup/dist/stage_records.h"
#include "neardup/options.h"
#include "testutil.h"

namespace neardup::dist {
namespace {

using Edges = std::vector<std::pair<uint64_t, uint64_t>>;  // g < h

// A plan the stages accept (lexical mode) over `dir` with `parts` partitions.
StagePlan CcPlan(const std::string& dir, uint32_t parts) {
  StagePlan plan;
  plan.dir = dir;
  plan.partitions = parts;
  plan.options.mode = Mode::kLexical;
  return plan;
}

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

// About `count` random edges between distinct nodes of [0, nodes) (a draw of a self-loop is
// skipped), each as (smaller, larger).
Edges RandomEdges(std::mt19937_64* rng, uint64_t nodes, int count) {
  Edges edges;
  for (int i = 0; i < count; ++i) {
    const uint64_t a = (*rng)() % nodes, b = (*rng)() % nodes;
    if (a != b) edges.push_back({std::min(a, b), std::max(a, b)});
  }
  return edges;
}

// One component: the nodes [0, nodes) shuffled and linked in that order.
Edges PermutedChain(std::mt19937_64* rng, uint64_t nodes) {
  std::vector<uint64_t> perm(nodes);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), *rng);
  Edges edges;
  for (size_t i = 0; i + 1 < perm.size(); ++i) {
    edges.push_back({std::min(perm[i], perm[i + 1]), std::max(perm[i], perm[i + 1])});
  }
  return edges;
}

// The nodes [0, nodes) linked in order: 0~1, 1~2, ...
Edges Chain(uint64_t nodes) {
  Edges edges;
  for (uint64_t v = 0; v + 1 < nodes; ++v) edges.push_back({v, v + 1});
  return edges;
}

// Every other node of [0, nodes) linked to `center`.
Edges Star(uint64_t nodes, uint64_t center) {
  Edges edges;
  for (uint64_t v = 0; v < nodes; ++v) {
    if (v != center) edges.push_back({std::min(v, center), std::max(v, center)});
  }
  return edges;
}

// A test graph: its edges over the nodes [0, nodes).
struct Graph {
  const char* name;
  Edges edges;
  uint64_t nodes;
};

// For each graph and 1, 3 and 8 partitions: its edges written as bucket writes them into a fresh
// folder, then check(plan, graph).
template <typename Check>
void ForEachGraphAndPartitionCount(const std::vector<Graph>& graphs, const Check& check) {
  for (const Graph& g : graphs) {
    for (uint32_t parts : {1u, 3u, 8u}) {
      SCOPED_TRACE(std::string(g.name) + ", partitions " + std::to_string(parts));
      test::TempDir dir("dist_cluster");
      const StagePlan plan = CcPlan(dir.path(), parts);
      WriteEdges(plan, g.edges);
      check(plan, g);
    }
  }
}

TEST(DistClusterTest, LabelsAreTheSmallestNodeOfEachComponent) {
  std::mt19937_64 rng(7);
  const std::vector<Graph> graphs = {
      {"empty", {}, 1},
      {"one edge", {{3, 9}}, 10},
      {"star", Star(200, 0), 200},
      {"star around its largest node", Star(200, 199), 200},
      {"random sparse", RandomEdges(&rng, 5000, 4000), 5000},
      {"permuted chain", PermutedChain(&rng, 20000), 20000},
  };
  ForEachGraphAndPartitionCount(graphs, [](const StagePlan& plan, const Graph& g) {
    EXPECT_EQ(RunCc(plan).labels, Reference(g.edges, g.nodes));
  });
}

// (node, label) by node, from the ccl-Q files CcLocal wrote.
std::vector<std::pair<uint64_t, uint64_t>> ReadLocalLabels(const StagePlan& plan) {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (uint32_t q = 0; q < plan.partitions; ++q) {
    std::string payload;
    const Status s = ReadStageFile(StagePath(plan.dir, "ccl", q), StageKind::kCcState, &payload);
    EXPECT_TRUE(s.ok()) << s.message();
    ByteReader r(payload);
    std::vector<uint64_t> nodes, labels;
    r.GetArray(&nodes);
    r.GetArray(&labels);
    EXPECT_FALSE(r.failed());
    EXPECT_EQ(nodes.size(), labels.size());
    for (size_t i = 0; i < nodes.size() && i < labels.size(); ++i) {
      out.push_back({nodes[i], labels[i]});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// CcLocal (one task, union-find) writes the labels the distributed CcStep rounds end with.
TEST(DistClusterTest, CcLocalLabelsEqualTheStepsFinalLabels) {
  std::mt19937_64 rng(11);
  const std::vector<Graph> graphs = {
      {"small graph", {{3, 9}, {1, 4}, {4, 7}, {2, 5}, {5, 9}, {0, 8}}, 10},
      {"random sparse", RandomEdges(&rng, 600, 450), 600},
      {"chain", Chain(3000), 3000},
      {"permuted chain", PermutedChain(&rng, 3000), 3000},
  };
  ForEachGraphAndPartitionCount(graphs, [](const StagePlan& plan, const Graph& g) {
    CcStepStats st;
    const Status s = CcLocal(plan, &st);
    ASSERT_TRUE(s.ok()) << s.message();
    const auto local = ReadLocalLabels(plan);
    EXPECT_EQ(st.nodes, local.size());
    EXPECT_EQ(local, RunCc(plan).labels);
    EXPECT_EQ(local, Reference(g.edges, g.nodes));
  });
}

TEST(DistClusterTest, CcStagesValidateThePlan) {
  test::TempDir dir("dist_cc_plan");
  StagePlan plan = CcPlan(dir.path(), 0);
  CcStepStats st;
  EXPECT_EQ(CcLocal(plan, &st).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(CcStep(0, 0, plan, &st).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(JoinComponents(0, -1, plan).code(), Status::Code::kInvalidArgument);
  plan.partitions = 1;
  EXPECT_EQ(JoinComponents(0, -3, plan).code(), Status::Code::kInvalidArgument);
}

// A chain of a million paragraphs A~B~C~... in input order, one component: every label becomes
// node 0, and no task ever holds much more than its share of the 2 x 999,999 adjacency entries.
TEST(DistClusterTest, MillionNodeChainWithoutOneTaskHoldingAllEdges) {
  constexpr uint64_t kNodes = 1000000;
  constexpr uint32_t kParts = 8;
  const Edges edges = Chain(kNodes);
  test::TempDir dir("dist_chain");
  const StagePlan plan = CcPlan(dir.path(), kParts);
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
