// _neardup.stage_*: the distributed stages (src/neardup/dist/) as functions, one task each, over
// files in a work folder; the same tasks `neardup stage NAME` runs (neardup.dask drives those).
// Each releases the GIL while the library works and returns its counts as a dict.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neardup/dist/apply.h"
#include "neardup/dist/bucket.h"
#include "neardup/dist/cluster.h"
#include "neardup/dist/components.h"
#include "neardup/dist/ident.h"
#include "neardup/dist/sign.h"
#include "python/src/bindings.h"
#include "python/src/status_error.h"

namespace py = pybind11;

namespace neardup::python {
namespace {

namespace dist = neardup::dist;

dist::StagePlan Plan(const std::string& dir, uint32_t shards, uint32_t partitions, double threshold,
                     int ngram, int num_perm, uint64_t seed, const std::string& level) {
  dist::StagePlan plan;
  plan.dir = dir;
  plan.shards = shards;
  plan.partitions = partitions;
  plan.options.mode = Mode::kLexical;
  plan.options.threshold = threshold;
  plan.options.ngram = ngram;
  plan.options.num_perm = num_perm;
  plan.options.seed = seed;
  if (level != "paragraph" && level != "document") {
    throw StatusError(
        Status::InvalidArgument("level must be paragraph or document, got '" + level + "'"));
  }
  plan.options.unit = level == "document" ? Unit::kDocument : Unit::kParagraph;
  if (Status s = plan.Validate(); !s.ok()) throw StatusError(s);
  return plan;
}

void Check(const Status& s) {
  if (!s.ok()) throw StatusError(s);
}

// Runs a stage (a callable returning Status) with the GIL released, so other Python threads run
// meanwhile; its failure is raised as the matching Python exception (StatusError).
template <typename Stage>
void RunWithoutGil(const Stage& stage) {
  Status s;
  {
    py::gil_scoped_release release;
    s = stage();
  }
  Check(s);
}

// The matching options' defaults are the library's (Options), as the CLI's are.
#define NEARDUP_PLAN_ARGS                                                             \
  py::arg("dir"), py::arg("shards"), py::arg("partitions"),                           \
      py::arg("threshold") = Options().threshold, py::arg("ngram") = Options().ngram, \
      py::arg("num_perm") = Options().num_perm, py::arg("seed") = Options().seed,     \
      py::arg("level") = "paragraph"

bool IsScan(const std::string& kind) {
  if (kind != "dedup" && kind != "scan") {
    throw StatusError(Status::InvalidArgument("kind must be dedup or scan, got '" + kind + "'"));
  }
  return kind == "scan";
}

// count and sign.
void BindSign(py::module_& m) {
  m.def(
      "stage_count",
      [](const std::vector<std::string>& paths, uint32_t shards) {
        uint64_t chunks = 0;
        size_t chunk_bytes = 0;
        RunWithoutGil([&] {
          return dist::CountChunks(paths, ReaderOptions(), shards, &chunks, &chunk_bytes);
        });
        py::dict d;
        d["chunks"] = chunks;
        d["chunk_bytes"] = chunk_bytes;
        return d;
      },
      py::arg("paths"), py::arg("shards"),
      "Count stage: the input's read chunks and the chunk size sign and apply use (dist/sign.h).");
  m.def(
      "stage_sign",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, uint32_t shard,
         const std::vector<std::string>& paths, uint64_t chunk_begin,
         std::optional<uint64_t> chunk_end, size_t chunk_bytes, const std::string& kind) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        const bool records = IsScan(kind);
        ReaderOptions reader;
        reader.chunk_bytes = chunk_bytes;
        dist::SignMeta meta;
        RunWithoutGil([&] {
          return dist::SignShard(paths, reader, chunk_begin,
                                 chunk_end.value_or(std::numeric_limits<uint64_t>::max()), shard,
                                 plan, records, &meta);
        });
        py::dict d;
        d["documents"] = meta.docs;
        d["units"] = meta.units;
        return d;
      },
      NEARDUP_PLAN_ARGS, py::arg("shard"), py::arg("paths"), py::arg("chunk_begin") = 0,
      py::arg("chunk_end") = std::nullopt, py::arg("chunk_bytes") = ReaderOptions().chunk_bytes,
      py::arg("kind") = "scan",
      "Sign stage: read chunks [chunk_begin, chunk_end) of paths as shard `shard` "
      "(dist/sign.h); kind \"dedup\": group members of units only (join and components must be "
      "told the same).");
}

// ident, bucket and verify.
void BindShuffle(py::module_& m) {
  m.def(
      "stage_ident",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, uint32_t partition) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        dist::IdentMeta meta;
        RunWithoutGil([&] { return dist::IdentPartition(partition, plan, &meta); });
        py::dict d;
        d["distinct_texts"] = meta.distinct_texts;
        return d;
      },
      NEARDUP_PLAN_ARGS, py::arg("partition"),
      "Ident stage of one hash partition: the group of every text (dist/ident.h).");
  m.def(
      "stage_bucket",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, uint32_t partition) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        dist::BucketMeta meta;
        RunWithoutGil([&] { return dist::BucketPartition(partition, plan, &meta); });
        py::dict d;
        d["pairs"] = meta.pairs;
        d["skipped_buckets"] = meta.skipped_buckets;
        return d;
      },
      NEARDUP_PLAN_ARGS, py::arg("partition"),
      "Bucket stage of one band partition: candidate pairs (dist/bucket.h).");
  m.def(
      "stage_verify",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, uint32_t partition) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        dist::VerifyMeta meta;
        RunWithoutGil([&] { return dist::VerifyPartition(partition, plan, &meta); });
        py::dict d;
        d["candidates"] = meta.candidates;
        d["verified"] = meta.verified;
        return d;
      },
      NEARDUP_PLAN_ARGS, py::arg("partition"),
      "Verify stage of one pair partition: edges (dist/bucket.h).");
}

// cc, cc_local and join.
void BindCluster(py::module_& m) {
  m.def(
      "stage_cc",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, uint32_t partition, uint32_t step) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        dist::CcStepStats st;
        RunWithoutGil([&] { return dist::CcStep(partition, step, plan, &st); });
        py::dict d;
        d["nodes"] = st.nodes;
        d["edges"] = st.edges;
        d["changed"] = st.changed;
        d["messages"] = st.messages;
        return d;
      },
      NEARDUP_PLAN_ARGS, py::arg("partition"), py::arg("step"),
      "One connected-components step of one node partition (dist/cluster.h).");
  m.def(
      "stage_cc_local",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        dist::CcStepStats st;
        RunWithoutGil([&] { return dist::CcLocal(plan, &st); });
        py::dict d;
        d["nodes"] = st.nodes;
        d["edges"] = st.edges;
        return d;
      },
      NEARDUP_PLAN_ARGS,
      "Connected components in one task (dist/cluster.h), for a small edge set; then join with "
      "last_step=-2.");
  m.def(
      "stage_join",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, uint32_t partition,
         int64_t last_step, const std::string& kind) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        const bool records = IsScan(kind);
        RunWithoutGil([&] { return dist::JoinComponents(partition, last_step, plan, records); });
      },
      NEARDUP_PLAN_ARGS, py::arg("partition"), py::arg("last_step"), py::arg("kind") = "scan",
      "Routes one node partition's groups and edges to their components (dist/cluster.h).");
}

// components, apply and finish.
void BindOutput(py::module_& m) {
  m.def(
      "stage_components",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, uint32_t partition,
         const std::string& kind) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        const bool records = IsScan(kind);
        dist::ComponentsMeta meta;
        RunWithoutGil([&] { return dist::BuildComponents(partition, plan, records, &meta); });
        py::dict d;
        d["pairs"] = meta.pairs;
        return d;
      },
      NEARDUP_PLAN_ARGS, py::arg("partition"), py::arg("kind") = "scan",
      "Components stage of one partition (dist/components.h); kind \"dedup\": only what dedup "
      "drops.");
  m.def(
      "stage_apply",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, uint32_t shard,
         const std::string& kind, const std::vector<std::string>& paths, size_t chunk_bytes) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        ReaderOptions reader;
        reader.chunk_bytes = chunk_bytes;
        const dist::OutputKind out =
            IsScan(kind) ? dist::OutputKind::kScan : dist::OutputKind::kDedup;
        dist::ApplyMeta meta;
        RunWithoutGil([&] { return dist::ApplyShard(shard, out, paths, reader, plan, &meta); });
        py::dict d;
        d["units_kept"] = meta.units_kept;
        return d;
      },
      NEARDUP_PLAN_ARGS, py::arg("shard"), py::arg("kind"), py::arg("paths"),
      py::arg("chunk_bytes") = ReaderOptions().chunk_bytes,
      "Apply stage of one shard (dist/apply.h): its dedup documents or its scan records.");
  m.def(
      "stage_finish",
      [](const std::string& dir, uint32_t shards, uint32_t partitions, double threshold, int ngram,
         int num_perm, uint64_t seed, const std::string& level, const std::string& kind,
         const std::string& output) {
        const dist::StagePlan plan =
            Plan(dir, shards, partitions, threshold, ngram, num_perm, seed, level);
        const dist::OutputKind out =
            IsScan(kind) ? dist::OutputKind::kScan : dist::OutputKind::kDedup;
        dist::FinishStats st;
        RunWithoutGil([&] { return dist::FinishOutput(out, output, plan, &st); });
        py::dict d;
        d["documents"] = st.docs;
        d["units"] = st.units;
        d["units_kept"] = st.units_kept;
        return d;
      },
      NEARDUP_PLAN_ARGS, py::arg("kind"), py::arg("output"),
      "Puts the shards' parts together into `output` (dist/apply.h).");
}

}  // namespace

void BindStages(py::module_& m) {
  BindSign(m);
  BindShuffle(m);
  BindCluster(m);
  BindOutput(m);
}

}  // namespace neardup::python
