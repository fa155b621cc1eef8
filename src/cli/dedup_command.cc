// `neardup dedup PATH... -o OUT.jsonl`: the corpus written back as JSONL with near-duplicate
// paragraphs (or whole documents) removed, first occurrence in input order kept.

#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "neardup/corpus.h"
#include "neardup/corpus_reader.h"
#include "neardup/output_file.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;

int RunDedup(int argc, const char* const* argv) {
  CommonOptions c;
  std::string output, level = "paragraph";
  po::options_description general("neardup dedup [options] PATH... -o OUT.jsonl");
  general.add_options()("output,o", po::value(&output),
                        "write the deduplicated corpus here (JSONL, atomically)")(
      "level", po::value(&level)->default_value(level),
      "paragraph (drop repeated paragraphs inside kept documents) or document (drop whole "
      "documents)");
  po::options_description visible;
  visible.add(general).add(InputOptions(&c)).add(MatchingOptions(&c));
  if (int code = ParseCommand(argc, argv, "dedup", visible, &c); code >= 0) return code;
  if (output.empty() || output == "-") return UsageError("dedup", "dedup needs -o OUT.jsonl");
  if (level != "paragraph" && level != "document")
    return UsageError("dedup", "--level must be paragraph or document, got '" + level + "'");
  c.options.unit = level == "document" ? Unit::kDocument : Unit::kParagraph;

  StdinSpool spool;
  std::vector<std::string> paths = c.paths;
  if (Status s = spool.Substitute(&paths); !s.ok()) return Fail(s);
  ScanResult result;
  if (int code = ScanCorpus(c, paths, &result); code != kExitOk) return code;
  auto out = OutputFile::Open(output);
  if (!out.ok()) return Fail(out.status());
  DedupStats stats;
  Status s = WriteDeduplicated(result, c.options.unit, paths, c.reader, out->get(), &stats);
  if (s.ok()) s = (*out)->Commit();
  if (!s.ok()) return Fail(s);
  const uint64_t units_kept = stats.units_kept, docs_written = stats.documents_written;
  if (!c.quiet) {
    const uint64_t total = result.units.size();
    std::fprintf(
        stderr,
        "neardup dedup: kept %llu of %llu %s (removed %llu, %.1f%%); wrote %llu of %zu documents "
        "to %s\n",
        static_cast<unsigned long long>(units_kept), static_cast<unsigned long long>(total),
        c.options.unit == Unit::kDocument ? "documents" : "paragraphs",
        static_cast<unsigned long long>(total - units_kept),
        total ? 100.0 * static_cast<double>(total - units_kept) / static_cast<double>(total) : 0.0,
        static_cast<unsigned long long>(docs_written), result.doc_ids.size(), output.c_str());
  }
  return kExitOk;
}

}  // namespace

NEARDUP_REGISTER_COMMAND(
    kDedupCommand, "dedup",
    "dedup PATH... -o OUT  write the corpus back as JSONL with near-duplicates removed", 20,
    RunDedup);

}  // namespace neardup::cli
