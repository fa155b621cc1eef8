// `neardup stage NAME ...`: the distributed stages (src/neardup/dist/) one task at a time, over
// files in a shared work folder; python/neardup/dask.py runs them on a Dask cluster. Each prints
// one JSON line of counts to stdout. docs/formats/stage-files.md describes the files.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "neardup/dist/apply.h"
#include "neardup/dist/bucket.h"
#include "neardup/dist/cluster.h"
#include "neardup/dist/components.h"
#include "neardup/dist/ident.h"
#include "neardup/dist/sign.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;
using neardup::dist::ApplyMeta;
using neardup::dist::ApplyShard;
using neardup::dist::BucketMeta;
using neardup::dist::BucketPartition;
using neardup::dist::BuildComponents;
using neardup::dist::CcLocal;
using neardup::dist::CcStep;
using neardup::dist::CcStepStats;
using neardup::dist::ComponentsMeta;
using neardup::dist::CountChunks;
using neardup::dist::FinishOutput;
using neardup::dist::FinishStats;
using neardup::dist::IdentMeta;
using neardup::dist::IdentPartition;
using neardup::dist::JoinComponents;
using neardup::dist::OutputKind;
using neardup::dist::SignMeta;
using neardup::dist::SignShard;
using neardup::dist::StagePlan;
using neardup::dist::VerifyMeta;
using neardup::dist::VerifyPartition;

constexpr const char* kStages =
    "count, sign, ident, bucket, verify, cc, cc-local, join, components, apply, finish";

// This process's peak resident size in KiB (VmHWM of /proc/self/status: unlike getrusage's
// ru_maxrss it is not inherited from the process that forked it), or 0 where there is none.
uint64_t PeakRssKb() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  uint64_t kb = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, "VmHWM:", 6) == 0) {
      kb = std::strtoull(line + 6, nullptr, 10);  // "VmHWM:    1234 kB"
      break;
    }
  }
  std::fclose(f);
  return kb;
}

int RunStage(int argc, const char* const* argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::printf(
        "neardup stage NAME [options] [PATH...]: one task of the distributed dedup/scan\n"
        "NAME: %s (see docs/formats/stage-files.md; python3 -m neardup.dask runs them all)\n",
        kStages);
    return argc < 2 ? kExitUsage : kExitOk;
  }
  const std::string name = argv[1];
  CommonOptions c;
  c.mode = "lexical";  // the stages run lexical mode only (before MatchingOptions reads it)
  StagePlan plan;
  std::string level = "paragraph", kind = "dedup", output;
  int64_t shard = 0, partition = 0, step = 0;
  uint64_t chunk_begin = 0, chunk_end = std::numeric_limits<uint64_t>::max();
  po::options_description general("neardup stage " + name + " [options] [PATH...]");
  general.add_options()("dir", po::value(&plan.dir), "work folder shared by every task")(
      "shards", po::value(&plan.shards)->default_value(1), "shards (contiguous document ranges)")(
      "partitions", po::value(&plan.partitions)->default_value(1), "band-key / node partitions")(
      "shard", po::value(&shard), "sign, apply: this task's shard")(
      "partition", po::value(&partition),
      "ident, bucket, verify, cc, join, components: this task's partition")(
      "step", po::value(&step),
      "cc: the step; join: the last cc step (-1: no edges, -2: cc-local)")(
      "chunk-begin", po::value(&chunk_begin), "sign: the shard's first read chunk (see count)")(
      "chunk-end", po::value(&chunk_end), "sign: one past its last chunk (default: to the end)")(
      "output-kind", po::value(&kind)->default_value(kind),
      "sign, join, components, apply, finish: dedup or scan")("output,o", po::value(&output),
                                                              "finish: the output file")(
      "level", po::value(&level)->default_value(level), "paragraph or document units");
  po::options_description visible;
  visible.add(general).add(InputOptions(&c)).add(MatchingOptions(&c));
  const bool paths = name == "count" || name == "sign" || name == "apply";
  const std::string command = "stage " + name;
  if (int code = ParseCommand(argc - 1, argv + 1, command.c_str(), visible, &c, paths); code >= 0) {
    return code;
  }
  if (level != "paragraph" && level != "document") {
    return UsageError("stage", "--level must be paragraph or document, got '" + level + "'");
  }
  if (kind != "dedup" && kind != "scan") {
    return UsageError("stage", "--output-kind must be dedup or scan, got '" + kind + "'");
  }
  c.options.unit = level == "document" ? Unit::kDocument : Unit::kParagraph;
  plan.options = c.options;
  const OutputKind out_kind = kind == "scan" ? OutputKind::kScan : OutputKind::kDedup;
  if (name != "count") {
    if (Status s = plan.Validate(); !s.ok()) return UsageError("stage", s.message());
  }
  auto in_range = [&](int64_t v, uint32_t n, const char* what) {
    return v >= 0 && v < static_cast<int64_t>(n)
               ? -1
               : UsageError("stage", std::string(what) + " out of range");
  };
  Status s;
  std::string json;
  if (name == "count") {
    uint64_t chunks = 0;
    size_t chunk_bytes = 0;
    s = CountChunks(c.paths, c.reader, plan.shards, &chunks, &chunk_bytes);
    json = "{\"chunks\":" + std::to_string(chunks) +
           ",\"chunk_bytes\":" + std::to_string(chunk_bytes) + "}";
  } else if (name == "sign") {
    if (int code = in_range(shard, plan.shards, "--shard"); code >= 0) return code;
    SignMeta m;
    s = SignShard(c.paths, c.reader, chunk_begin, chunk_end, static_cast<uint32_t>(shard), plan,
                  out_kind == OutputKind::kScan, &m);
    json =
        "{\"documents\":" + std::to_string(m.docs) + ",\"units\":" + std::to_string(m.units) + "}";
  } else if (name == "ident") {
    if (int code = in_range(partition, plan.partitions, "--partition"); code >= 0) return code;
    IdentMeta m;
    s = IdentPartition(static_cast<uint32_t>(partition), plan, &m);
    json = "{\"distinct_texts\":" + std::to_string(m.distinct_texts) + "}";
  } else if (name == "bucket") {
    if (int code = in_range(partition, plan.partitions, "--partition"); code >= 0) return code;
    BucketMeta m;
    s = BucketPartition(static_cast<uint32_t>(partition), plan, &m);
    json = "{\"pairs\":" + std::to_string(m.pairs) +
           ",\"skipped_buckets\":" + std::to_string(m.skipped_buckets) + "}";
  } else if (name == "verify") {
    if (int code = in_range(partition, plan.partitions, "--partition"); code >= 0) return code;
    VerifyMeta m;
    s = VerifyPartition(static_cast<uint32_t>(partition), plan, &m);
    json = "{\"candidates\":" + std::to_string(m.candidates) +
           ",\"verified\":" + std::to_string(m.verified) + "}";
  } else if (name == "cc") {
    if (int code = in_range(partition, plan.partitions, "--partition"); code >= 0) return code;
    if (step < 0) return UsageError("stage", "--step must be >= 0");
    CcStepStats st;
    s = CcStep(static_cast<uint32_t>(partition), static_cast<uint32_t>(step), plan, &st);
    json = "{\"nodes\":" + std::to_string(st.nodes) + ",\"edges\":" + std::to_string(st.edges) +
           ",\"changed\":" + std::to_string(st.changed) +
           ",\"messages\":" + std::to_string(st.messages) + "}";
  } else if (name == "cc-local") {
    CcStepStats st;
    s = CcLocal(plan, &st);
    json =
        "{\"nodes\":" + std::to_string(st.nodes) + ",\"edges\":" + std::to_string(st.edges) + "}";
  } else if (name == "join") {
    if (int code = in_range(partition, plan.partitions, "--partition"); code >= 0) return code;
    if (step < -2) return UsageError("stage", "join: --step must be >= -2");
    s = JoinComponents(static_cast<uint32_t>(partition), step, plan, out_kind == OutputKind::kScan);
    json = "{}";
  } else if (name == "components") {
    if (int code = in_range(partition, plan.partitions, "--partition"); code >= 0) return code;
    ComponentsMeta m;
    s = BuildComponents(static_cast<uint32_t>(partition), plan, out_kind == OutputKind::kScan, &m);
    json = "{\"pairs\":" + std::to_string(m.pairs) + "}";
  } else if (name == "apply") {
    if (int code = in_range(shard, plan.shards, "--shard"); code >= 0) return code;
    ApplyMeta m;
    s = ApplyShard(static_cast<uint32_t>(shard), out_kind, c.paths, c.reader, plan, &m);
    json = "{\"units_kept\":" + std::to_string(m.units_kept) + "}";
  } else if (name == "finish") {
    if (output.empty()) return UsageError("stage", "finish needs -o OUT");
    FinishStats st;
    s = FinishOutput(out_kind, output, plan, &st);
    if (s.ok()) {
      for (const std::string& w : st.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    }
    json = "{\"documents\":" + std::to_string(st.docs) +
           ",\"docs_written\":" + std::to_string(st.docs_written) +
           ",\"units\":" + std::to_string(st.units) +
           ",\"units_kept\":" + std::to_string(st.units_kept) + "}";
  } else {
    return UsageError("stage", "unknown stage '" + name + "' (one of: " + kStages + ")");
  }
  if (!s.ok()) return Fail(s);
  if (!(name == "finish" && output == "-")) {
    json.insert(json.size() - 1, std::string{json.size() > 2 ? "," : ""} +
                                     "\"peak_rss_kb\":" + std::to_string(PeakRssKb()));
    std::printf("%s\n", json.c_str());
  }
  return kExitOk;
}

}  // namespace

NEARDUP_REGISTER_COMMAND(
    kStageCommand, "stage",
    "stage NAME ...        one task of the distributed dedup (python3 -m neardup.dask)", 90,
    RunStage);

}  // namespace neardup::cli
