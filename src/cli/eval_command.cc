// `neardup eval`: scores a run's pairs against a gold file (precision, recall, F1) and against the
// exact all-pairs reference of the same settings (LSH recall loss). The run is a scan report
// (--pairs FILE) or a scan of PATH... done here with the matching options.

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "neardup/corpus_reader.h"
#include "neardup/evaluation.h"
#include "neardup/gold.h"
#include "neardup/output_file.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;

// Reads the corpus at `paths` and keeps the texts of the documents in `wanted` (first document of
// each id). Reader warnings are printed when `warn`.
Status LoadTexts(const std::vector<std::string>& paths, const ReaderOptions& options,
                 const std::unordered_set<std::string>& wanted, bool warn,
                 std::unordered_map<std::string, std::string>* texts) {
  auto reader = CorpusReader::Open(paths, options);
  if (!reader.ok()) return reader.status();
  Document doc;
  while ((*reader)->Next(&doc)) {
    if (wanted.contains(doc.id) && !texts->contains(doc.id)) {
      texts->emplace(doc.id, std::move(doc.text));
    }
  }
  if (warn) {
    PrintWarnings((*reader)->TakeWarnings());
  }
  return (*reader)->status();
}

void AddDocs(const RunOutput& run, std::unordered_set<std::string>* docs) {
  for (const RunPair& p : run.pairs) {
    docs->insert(p.a.doc);
    docs->insert(p.b.doc);
  }
}

int RunEval(int argc, const char* const* argv) {
  CommonOptions c;
  std::string pairs_file, gold_file, reference_file, output = "-", format;
  bool cross_doc_only = false, no_exact = false;
  po::options_description general(
      "neardup eval [options] [PATH...]\n"
      "Scores a run's pairs against a gold file and/or the exact reference. The run is --pairs "
      "FILE\n"
      "(a `neardup scan` JSONL report), or else a scan of PATH... done here with the matching\n"
      "options below, together with the exact reference (scan --exact) for the same settings.\n"
      "PATH... is also needed when the gold file names sides by phrase");
  general.add_options()("pairs", po::value(&pairs_file),
                        "the run: a scan report (JSONL; - = stdin)")(
      "gold", po::value(&gold_file),
      "gold file of paragraph pairs (JSONL, README 'Evaluating a run')")(
      "reference", po::value(&reference_file),
      "the exact reference: a `scan --exact` report with the run's settings")(
      "no-exact", po::bool_switch(&no_exact),
      "when scanning PATH... here, skip the exact reference scan")(
      "cross-doc-only", po::bool_switch(&cross_doc_only),
      "score only pairs of two different documents (pairs inside one document are set aside)")(
      "output,o", po::value(&output)->default_value(output),
      "write the evaluation here (atomically); - = stdout")(
      "format", po::value(&format), "jsonl or text (default: text on a terminal, jsonl otherwise)");
  po::options_description visible;
  visible.add(general).add(InputOptions(&c)).add(CorpusOptions(&c)).add(MatchingOptions(&c));
  if (int code = ParseCommand(argc, argv, "eval", visible, &c, /*paths_required=*/false);
      code >= 0) {
    return code;
  }
  if (format.empty()) format = (output == "-" && isatty(STDOUT_FILENO)) ? "text" : "jsonl";
  if (format != "jsonl" && format != "text") {
    return UsageError("eval", "--format must be jsonl or text, got '" + format + "'");
  }
  const bool scan_here = pairs_file.empty();
  if (scan_here && c.paths.empty()) {
    return UsageError("eval", "give the run as --pairs FILE, or the corpus PATH... to scan");
  }
  const bool exact_here = scan_here && reference_file.empty() && !no_exact && !c.options.exact;
  if (gold_file.empty() && reference_file.empty() && !exact_here) {
    return UsageError("eval", "nothing to score against: give --gold FILE and/or --reference FILE");
  }
  if (pairs_file == "-" && reference_file == "-") {
    return UsageError("eval", "--pairs and --reference cannot both read standard input");
  }

  std::vector<GoldPair> gold;
  if (!gold_file.empty()) {
    auto parsed = ReadGoldFile(gold_file);
    if (!parsed.ok()) return Fail(parsed.status());
    gold = std::move(parsed).value();
    if (NeedsTexts(gold) && c.paths.empty()) {
      return UsageError(
          "eval", gold_file + " gives sides by phrase: pass the corpus PATH... to find them in");
    }
  }

  StdinSpool spool;
  std::vector<std::string> paths = c.paths;
  if (Status s = spool.Substitute(paths, &c.reader); !s.ok()) return Fail(s);

  RunOutput run, reference;
  if (scan_here) {
    ScanResult result;
    const ProgressDisplay display(c, paths);
    if (int code = ScanCorpus(c, paths, &result, &display); code != kExitOk) return code;
    run = RunFromScan(result, "scan (mode " + c.mode + (c.options.exact ? ", exact" : "") + ")");
    if (exact_here) {
      CommonOptions exact = c;
      exact.options.exact = true;
      exact.quiet = true;  // one progress display is enough; the corpus was read once already
      ScanResult exact_result;
      if (int code = ScanCorpus(exact, paths, &exact_result); code != kExitOk) return code;
      reference = RunFromScan(exact_result, "scan --exact (same settings)");
    }
  } else {
    auto read = ReadRunFile(pairs_file);
    if (!read.ok()) return Fail(read.status());
    run = std::move(read).value();
  }
  if (!reference_file.empty()) {
    auto read = ReadRunFile(reference_file);
    if (!read.ok()) return Fail(read.status());
    reference = std::move(read).value();
  }
  const bool have_reference = exact_here || !reference_file.empty();

  std::unordered_map<std::string, std::string> texts;
  if (!paths.empty()) {
    std::unordered_set<std::string> wanted;
    for (const GoldPair& g : gold) {
      wanted.insert(g.a.doc);
      wanted.insert(g.b.doc);
    }
    AddDocs(run, &wanted);
    if (have_reference) AddDocs(reference, &wanted);
    if (Status s = LoadTexts(paths, c.reader, wanted, /*warn=*/!scan_here, &texts); !s.ok()) {
      return Fail(s);
    }
  }
  TextLookup text_of;
  if (!paths.empty()) {
    text_of = [&texts](const std::string& doc) -> const std::string* {
      auto it = texts.find(doc);
      return it == texts.end() ? nullptr : &it->second;
    };
    if (Status s = ResolvePhrases(&gold, text_of); !s.ok()) return Fail(s);
  }

  EvalOptions options;
  options.cross_doc_only = cross_doc_only;
  GoldScore gold_score;
  ReferenceScore reference_score;
  EvalReport report;
  report.run = &run;
  report.options = options;
  report.text_of = text_of;
  if (!gold_file.empty()) {
    gold_score = ScoreAgainstGold(run, gold, options);
    report.gold_name = gold_file;
    report.gold = &gold;
    report.gold_score = &gold_score;
  }
  if (have_reference) {
    reference_score = ScoreAgainstReference(run, reference, options);
    report.reference = &reference;
    report.reference_score = &reference_score;
    report.settings_differences = SettingsDifferences(run, reference);
    if (!report.settings_differences.empty() && !c.quiet) {
      std::string keys;
      for (const std::string& k : report.settings_differences) keys += " " + k;
      std::fprintf(stderr,
                   "warning: the run and the reference were made with different settings:%s\n",
                   keys.c_str());
    }
  }

  auto out = OutputFile::Open(output);
  if (!out.ok()) return Fail(out.status());
  Status s =
      format == "text" ? WriteEvalText(report, out->get()) : WriteEvalJsonl(report, out->get());
  if (s.ok()) s = (*out)->Commit();
  if (!s.ok()) return Fail(s);
  if (!c.quiet && output != "-") {
    std::string line = "neardup eval: " + std::to_string(run.pairs.size()) + " pairs scored";
    if (report.gold_score != nullptr) {
      line += " against " + std::to_string(gold.size()) + " gold pairs";
    }
    if (report.reference_score != nullptr) line += " and the exact reference";
    std::fprintf(stderr, "%s -> %s\n", line.c_str(), ForTerminal(output).c_str());
  }
  return kExitOk;
}

}  // namespace

NEARDUP_REGISTER_COMMAND(
    kEvalCommand, "eval",
    "eval [PATH...]        score a run against a gold file and the exact reference", 40, RunEval);

}  // namespace neardup::cli
