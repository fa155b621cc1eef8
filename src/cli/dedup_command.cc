// `neardup dedup PATH... [-o OUT.jsonl|-]`: the corpus written back as JSONL with near-duplicate
// paragraphs (or whole documents) removed, first occurrence in input order kept; each kept record
// as it came, only its text replaced where paragraphs were removed.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "cli/memory_limit.h"
#include "neardup/corpus.h"
#include "neardup/corpus_reader.h"
#include "neardup/output_file.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;

int RunDedup(int argc, const char* const* argv) {
  CommonOptions c;
  std::string output = "-", removed_path, level = "paragraph";
  DedupOptions write;
  po::options_description general("neardup dedup [options] PATH... [-o OUT.jsonl]");
  general.add_options()(
      "output,o", po::value(&output)->default_value(output),
      "write the deduplicated corpus here (JSONL; a file is replaced atomically); - = stdout")(
      "removed", po::value(&removed_path),
      "also write each removed paragraph (or document) here, one JSON line naming the kept one it "
      "duplicates")("cluster-field", po::value(&write.cluster_field),
                    "add this field to each written record: its cluster id (--level document) or "
                    "its paragraphs' cluster ids")(
      "level", po::value(&level)->default_value(level),
      "paragraph (drop repeated paragraphs inside kept documents) or document (drop whole "
      "documents)");
  po::options_description visible;
  std::string memory_limit;
  visible.add(general)
      .add(InputOptions(&c))
      .add(CorpusOptions(&c))
      .add(MatchingOptions(&c, /*lists_pairs=*/false))
      .add(MemoryOptions(&memory_limit));
  if (int code = ParseCommand(argc, argv, "dedup", visible, &c); code >= 0) return code;
  if (int code = ApplyMemoryLimit("dedup", memory_limit); code >= 0) return code;
  if (level != "paragraph" && level != "document") {
    return UsageError("dedup", "--level must be paragraph or document, got '" + level + "'");
  }
  if (!removed_path.empty() && removed_path == output && output != "-") {
    return UsageError("dedup", "--removed and -o name the same file");
  }
  c.options.unit = level == "document" ? Unit::kDocument : Unit::kParagraph;
  write.unit = c.options.unit;

  // Outputs are opened first: a path that cannot be written fails before the scan.
  auto out = OutputFile::Open(output);
  if (!out.ok()) return Fail(out.status());
  std::unique_ptr<OutputFile> removed;
  if (!removed_path.empty()) {
    auto r = OutputFile::Open(removed_path);
    if (!r.ok()) return Fail(r.status());
    removed = std::move(r).value();
  }
  StdinSpool spool;
  if (Status s = spool.Substitute(c.paths, &c.reader); !s.ok()) return Fail(s);
  ScanResult result;
  const ProgressDisplay display(c, c.paths);
  if (int code = ScanCorpus(c, c.paths, &result, &display); code != kExitOk) return code;
  DedupStats st;
  std::unique_ptr<ProgressTicker> writing = display.Writing();
  Status s = WriteDeduplicated(result, write, c.paths, c.reader, out->get(), removed.get(), &st);
  // Both outputs or neither: each is complete and synced before either replaces an earlier one.
  if (s.ok()) s = (*out)->Finish();
  if (s.ok() && removed != nullptr) s = removed->Finish();
  if (s.ok() && removed != nullptr) s = removed->Commit();
  if (s.ok()) s = (*out)->Commit();
  writing.reset();
  display.Clear();
  if (!s.ok()) return Fail(s);
  if (!c.quiet) {
    const uint64_t gone = st.units - st.units_kept;
    std::fprintf(
        stderr,
        "neardup dedup: kept %llu of %llu %s (removed %llu, %.1f%%); wrote %llu of %llu documents "
        "to %s\n",
        static_cast<unsigned long long>(st.units_kept), static_cast<unsigned long long>(st.units),
        c.options.unit == Unit::kDocument ? "documents" : "paragraphs",
        static_cast<unsigned long long>(gone),
        st.units ? 100.0 * static_cast<double>(gone) / static_cast<double>(st.units) : 0.0,
        static_cast<unsigned long long>(st.documents_written),
        static_cast<unsigned long long>(st.documents),
        output == "-" ? "standard output" : output.c_str());
  }
  return kExitOk;
}

}  // namespace

NEARDUP_REGISTER_COMMAND(
    kDedupCommand, "dedup",
    "dedup PATH... [-o OUT] write the corpus back as JSONL with near-duplicates removed", 20,
    RunDedup);

}  // namespace neardup::cli
