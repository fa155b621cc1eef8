// `neardup scan PATH...`: near-duplicate pairs and clusters as JSONL or a readable listing.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "cli/memory_limit.h"
#include "neardup/base/json_writer.h"
#include "neardup/output_file.h"
#include "neardup/report.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;

// The hidden --dump-scored: one JSON object per candidate the scorer judged — the two units'
// documents, paragraphs and spans, the level, the probability and the features (PairFeature
// order) — for scripts/fit_scorer.py.
Status WriteScored(const ScanResult& result, const std::string& path) {
  auto out = OutputFile::Open(path);
  if (!out.ok()) return out.status();
  std::string line;
  for (const ScoredCandidate& c : result.scored) {
    line = "{\"a\":";
    AppendJsonString(&line, result.doc_ids[result.units[c.a].doc]);
    line += ",\"a_para\":" + std::to_string(result.units[c.a].para) + ",\"a_span\":[" +
            std::to_string(c.span_a.begin) + "," + std::to_string(c.span_a.end) + "],\"b\":";
    AppendJsonString(&line, result.doc_ids[result.units[c.b].doc]);
    line += ",\"b_para\":" + std::to_string(result.units[c.b].para) + ",\"b_span\":[" +
            std::to_string(c.span_b.begin) + "," + std::to_string(c.span_b.end) + "]";
    line += c.sentence ? ",\"level\":\"sentence\",\"p\":" : ",\"level\":\"paragraph\",\"p\":";
    AppendJsonDouble(&line, c.probability, 6);
    line += ",\"f\":[";
    for (size_t k = 0; k < c.features.size(); ++k) {
      if (k > 0) line += ",";
      AppendJsonDouble(&line, c.features[k], 6);
    }
    line += "]}\n";
    if (Status s = (*out)->Write(line); !s.ok()) return s;
  }
  return (*out)->Commit();
}

int RunScan(int argc, const char* const* argv) {
  CommonOptions c;
  std::string output = "-", format, html, level = "paragraph";
  bool timings = false, explain = false;
  HtmlOptions html_options;
  // Read signed: Boost would turn "-1" into the largest size_t.
  int64_t html_max_pairs = static_cast<int64_t>(html_options.max_pairs);
  po::options_description general("neardup scan [options] PATH...");
  general.add_options()("output,o", po::value(&output)->default_value(output),
                        "write the report here (atomically); - = stdout")(
      "format", po::value(&format), "jsonl or text (default: text on a terminal, jsonl otherwise)")(
      "html", po::value(&html),
      "also write a self-contained HTML report (side-by-side aligned paragraphs) to FILE")(
      "html-max-pairs", po::value(&html_max_pairs)->default_value(html_max_pairs),
      "--html: paragraph pairs the page holds at most, derived article pairs first (0 = all)")(
      "title-field", po::value(&html_options.title_field),
      "--html: JSONL field (dotted path) holding an article's headline (a path no article has "
      "draws a warning, as do the other field options)")(
      "source-field", po::value(&html_options.source_field),
      "--html: JSONL field holding an article's outlet")(
      "date-field", po::value(&html_options.date_field),
      "--html: JSONL field holding an article's publication date (ISO 8601, RFC 2822 or Unix "
      "time); the page then says which article of a pair was published first")(
      "url-field", po::value(&html_options.url_field),
      "--html: JSONL field holding an article's URL")(
      "explain", po::bool_switch(&explain),
      "reworded text report: under each pair, the scorer's probability and the features that "
      "carried it")("timings", po::bool_switch(&timings),
                    "add stage timings to the summary record (output then differs run to run)")(
      "level", po::value(&level)->default_value(level),
      "unit of comparison: paragraph, or document (whole texts; 'para' is then 0)");
  po::options_description visible;
  std::string memory_limit;
  visible.add(general)
      .add(InputOptions(&c))
      .add(CorpusOptions(&c))
      .add(MatchingOptions(&c))
      .add(MemoryOptions(&memory_limit));
  if (int code = ParseCommand(argc, argv, "scan", visible, &c); code >= 0) return code;
  if (int code = ApplyMemoryLimit("scan", memory_limit); code >= 0) return code;
  if (level != "paragraph" && level != "document") {
    return UsageError("scan", "--level must be paragraph or document, got '" + level + "'");
  }
  c.options.unit = level == "document" ? Unit::kDocument : Unit::kParagraph;
  if (format.empty()) format = (output == "-" && isatty(STDOUT_FILENO)) ? "text" : "jsonl";
  if (format != "jsonl" && format != "text") {
    return UsageError("scan", "--format must be jsonl or text, got '" + format + "'");
  }
  if (explain && (format != "text" || c.options.mode != Mode::kReworded)) {
    // The JSONL report always carries each pair's probability and reasons.
    return UsageError("scan",
                      "--explain applies to the text report (--format text) of --mode "
                      "reworded; this run is --format " +
                          format + ", --mode " + c.mode);
  }

  if (html_max_pairs < 0) {
    return UsageError("scan", "--html-max-pairs must be 0 (no limit) or more, got " +
                                  std::to_string(html_max_pairs));
  }
  html_options.max_pairs = static_cast<size_t>(html_max_pairs);
  if (html.empty()) {
    for (const char* name :
         {"html-max-pairs", "title-field", "source-field", "date-field", "url-field"}) {
      if (c.given.contains(name)) {
        return UsageError("scan", std::string("--") + name + " needs --html FILE");
      }
    }
  }

  // Outputs are opened first: a path that cannot be written fails before the scan, and a signal
  // during the scan removes their temporary files.
  auto out = OutputFile::Open(output);
  if (!out.ok()) return Fail(out.status());
  std::unique_ptr<OutputFile> html_out;
  if (!html.empty()) {
    if (html == output) return UsageError("scan", "--html and -o name the same file");
    auto opened = OutputFile::Open(html);
    if (!opened.ok()) return Fail(opened.status());
    html_out = std::move(opened).value();
  }
  StdinSpool spool;
  std::vector<std::string> paths = c.paths;
  const bool reworded = c.options.mode == Mode::kReworded;
  if (format == "text" || reworded || !html.empty()) {
    if (Status s = spool.Substitute(paths, &c.reader); !s.ok()) return Fail(s);
  }
  ScanResult result;
  const ProgressDisplay display(c, paths);
  if (int code = ScanCorpus(c, paths, &result, &display); code != kExitOk) return code;
  if (!c.dump_scored.empty()) {
    if (Status d = WriteScored(result, c.dump_scored); !d.ok()) return Fail(d);
  }
  ReportInfo info;
  info.html = html_options;
  info.mode = c.mode;
  info.options = c.options;
  info.timings = timings;
  info.explain = explain;
  std::vector<HtmlMissingField> missing_fields;
  info.html_missing = &missing_fields;
  std::unique_ptr<ProgressTicker> writing = display.Writing();
  Status s =
      WriteScanReport(&result, info, format == "text" ? ReportFormat::kText : ReportFormat::kJsonl,
                      paths, c.reader, out->get(), html_out.get());
  // The report and the HTML page appear together or not at all: both are complete and synced
  // before either replaces an earlier one.
  if (s.ok()) s = (*out)->Finish();
  if (s.ok() && html_out != nullptr) s = html_out->Finish();
  if (s.ok() && html_out != nullptr) s = html_out->Commit();
  if (s.ok()) s = (*out)->Commit();
  writing.reset();
  display.Clear();
  if (!s.ok()) return Fail(s);
  for (const HtmlMissingField& f : missing_fields) {  // a misspelt path shows nothing on the page
    std::fprintf(stderr,
                 "neardup: warning: --%s \"%s\" was found in none of the %zu articles in the "
                 "report\n",
                 f.option.c_str(), ForTerminal(f.path).c_str(), f.articles);
  }
  if (!c.quiet && output != "-") {
    std::fprintf(stderr,
                 "neardup: %llu documents, %llu paragraphs, %zu pairs, %zu clusters -> %s\n",
                 static_cast<unsigned long long>(result.stats.documents),
                 static_cast<unsigned long long>(result.stats.units), result.pairs.size(),
                 result.clusters.size(), output.c_str());
  }
  spool.Remove();
  return ExitWithoutTeardown(kExitOk);
}

}  // namespace

NEARDUP_REGISTER_COMMAND(kScanCommand, "scan",
                         "scan PATH...          report near-duplicate pairs and clusters", 10,
                         RunScan);

}  // namespace neardup::cli
