// `neardup dedup PATH... -o OUT.jsonl`: the corpus written back as JSONL with near-duplicate
// paragraphs (or whole documents) removed, first occurrence in input order kept.

#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "neardup/corpus_reader.h"
#include "neardup/report/dedup_record.h"
#include "neardup/output_file.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;

int RunDedup(int argc, const char* const* argv) {
  CommonOptions c;
  std::string output, level = "paragraph";
  po::options_description general("neardup dedup [options] PATH... -o OUT.jsonl");
  general.add_options()
      ("output,o", po::value(&output), "write the deduplicated corpus here (JSONL, atomically)")
      ("level", po::value(&level)->default_value(level),
       "paragraph (drop repeated paragraphs inside kept documents) or document (drop whole documents)");
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
  const std::vector<bool> keep = UnitsToKeep(result);

  // Units of each document, in order.
  std::vector<uint32_t> first_unit(result.doc_ids.size() + 1, 0);
  for (const UnitRef& u : result.units) ++first_unit[u.doc + 1];
  for (size_t d = 0; d < result.doc_ids.size(); ++d) first_unit[d + 1] += first_unit[d];

  auto out = OutputFile::Open(output);
  if (!out.ok()) return Fail(out.status());
  auto reader = CorpusReader::Open(paths, c.reader);
  if (!reader.ok()) return Fail(reader.status());
  Document doc;
  uint32_t d = 0;
  uint64_t docs_written = 0, units_kept = 0;
  std::string line;
  std::vector<ByteRange> ranges;
  std::vector<uint8_t> flags;
  Status s;
  while (s.ok() && d < result.doc_ids.size() && (*reader)->Next(&doc)) {
    const uint32_t begin = first_unit[d], end = first_unit[d + 1];
    ++d;
    ranges.clear();
    flags.clear();
    for (uint32_t u = begin; u < end; ++u) {
      ranges.push_back(result.units[u].range);
      flags.push_back(keep[u] ? 1 : 0);
    }
    line.clear();
    if (!AppendDedupRecord(doc, ranges, flags, c.options.unit, &line, &units_kept)) continue;
    s = (*out)->Write(line);
    ++docs_written;
  }
  if (s.ok()) s = (*reader)->status();
  if (s.ok()) s = (*out)->Commit();
  if (!s.ok()) return Fail(s);
  if (!c.quiet) {
    const uint64_t total = result.units.size();
    std::fprintf(stderr,
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

NEARDUP_REGISTER_COMMAND(kDedupCommand, "dedup",
                         "dedup PATH... -o OUT  write the corpus back as JSONL with near-duplicates removed",
                         20, RunDedup);

}  // namespace neardup::cli
