// Option groups and the shared parse step.

#include "cli/cli_options.h"

#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

#include "neardup/base/format.h"
#include "neardup/scan/scanner.h"

namespace neardup::cli {
namespace po = boost::program_options;

po::options_description InputOptions(CommonOptions* c, bool corpus) {
  po::options_description d("input");
  d.add_options()("id-field", po::value(&c->reader.id_field)->default_value(c->reader.id_field),
                  "JSONL id field")(
      "text-field", po::value(&c->reader.text_field)->default_value(c->reader.text_field),
      "JSONL text field")("strict", po::bool_switch(&c->reader.strict),
                          "fail on the first malformed record instead of skipping it")(
      "quiet,q", po::bool_switch(&c->quiet), "no progress or summary on stderr");
  if (!corpus) return d;
  d.add_options()(
      "invalid-utf8", po::value(&c->invalid_utf8)->default_value(c->invalid_utf8),
      "ill-formed UTF-8 in a document: replace (read each bad sequence as U+FFFD; offsets still "
      "point into the original bytes) or skip (the document), with a warning naming the byte "
      "offset")("threads", po::value(&c->options.threads)->default_value(0),
                "worker threads (0 = all cores); the output is the same for every count");
  return d;
}

po::options_description CorpusOptions(CommonOptions* c) {
  po::options_description d("corpus");
  d.add_options()("allow-empty", po::bool_switch(&c->allow_empty),
                  "an input without any document is not an error (exit 0 with an empty result)")(
      "progress", po::value(&c->progress)->default_value(c->progress),
      "progress on stderr: always, never, or auto (on a terminal, unless --quiet)");
  return d;
}

po::options_description MatchingOptions(CommonOptions* c, bool lists_pairs) {
  Options* o = &c->options;
  po::options_description d("matching");
  d.add_options()("mode", po::value(&c->mode)->default_value(c->mode),
                  "matching mode: reworded (stemmed content words scored by a model: rewritten "
                  "copy; the default of every command) or lexical (word shingles, exact Jaccard: "
                  "copied text, faster)")("ngram", po::value(&o->ngram)->default_value(o->ngram),
                                          "words per shingle (1-32)")(
      "num-perm", po::value(&o->num_perm)->default_value(o->num_perm),
      "MinHash signature length (2-4096)")(
      "threshold", po::value(&o->threshold)->default_value(o->threshold, "0.5"),
      "lexical: report pairs with Jaccard similarity >= this, in (0, 1]; reworded: report pairs "
      "whose scorer probability is >= this (default: the fitted threshold, printed in the report "
      "header), and near-verbatim pairs (word 3-gram Jaccard >= 0.5, as lexical mode) whatever "
      "their probability")(
      "lsh-threshold",
      po::value(&o->reworded_lsh_threshold)->default_value(o->reworded_lsh_threshold, "0.4"),
      "reworded: Jaccard similarity of content-stem sets the LSH bands are tuned for")(
      "context-min-score",
      po::value(&o->context_min_score)->default_value(o->context_min_score, "0.3"),
      "reworded: a pair under the threshold but scoring this is still reported when its documents "
      "copy one story and it stands in place there (README); 0 = off")(
      "seed", po::value(&o->seed)->default_value(o->seed), "hash seed")(
      "exact", po::bool_switch(&o->exact),
      "compare every pair sharing a shingle (no LSH): the exact reference");
  if (lists_pairs) {
    d.add_options()("max-group-pairs",
                    po::value(&o->max_group_pairs)->default_value(o->max_group_pairs),
                    "list pairs of identical-text groups while they expand to at most this many "
                    "pairs");
  }
  return d;
}

int UsageError(const char* command, const std::string& message) {
  std::fprintf(stderr, "error: %s\nRun 'neardup %s --help' for usage.\n", message.c_str(), command);
  return kExitUsage;
}

int ParseCommand(int argc, const char* const* argv, const char* command,
                 const po::options_description& visible, CommonOptions* c, bool paths_required) {
  bool help = false;
  po::options_description help_opt;
  help_opt.add_options()("help,h", po::bool_switch(&help), "show this help");
  po::options_description hidden;
  hidden.add_options()("path", po::value(&c->paths))
      // Not for users: every candidate the reworded scorer judged, with its features, as JSONL
      // (scripts/fit_scorer.py reads it).
      ("dump-scored", po::value(&c->dump_scored))
      // Testing: bytes per input chunk (ReaderOptions::chunk_bytes); output never depends on it.
      ("read-chunk-bytes", po::value(&c->reader.chunk_bytes));
  po::options_description all;
  all.add(visible).add(help_opt).add(hidden);
  po::positional_options_description pos;
  pos.add("path", -1);
  bool threshold_given = false;
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
    threshold_given = vm.count("threshold") > 0 && !vm["threshold"].defaulted();
    for (const auto& [name, value] : vm) {
      if (!value.defaulted() && name != "path") c->given.insert(name);
    }
  } catch (const po::error& e) {
    return UsageError(command, e.what());
  }
  if (help) {
    std::ostringstream s;
    s << visible << help_opt;
    std::fputs(s.str().c_str(), stdout);
    return kExitOk;
  }
  if (paths_required && c->paths.empty()) return UsageError(command, "no input PATH given");
  if (c->invalid_utf8 != "replace" && c->invalid_utf8 != "skip") {
    return UsageError(command,
                      "--invalid-utf8 must be replace or skip, got '" + c->invalid_utf8 + "'");
  }
  c->reader.invalid_utf8 = c->invalid_utf8 == "skip" ? InvalidUtf8::kSkip : InvalidUtf8::kReplace;
  if (c->mode != "lexical" && c->mode != "reworded") {
    return UsageError(command, "--mode must be reworded or lexical, got '" + c->mode + "'");
  }
  c->options.mode = c->mode == "reworded" ? Mode::kReworded : Mode::kLexical;
  if (c->options.mode == Mode::kReworded && threshold_given) {
    // Reworded: --threshold is the scorer's decision threshold (a probability).
    const double t = c->options.threshold;
    if (!(t > 0.0 && t <= 1.0)) {
      return UsageError(command, "threshold must be in (0, 1], got " + FormatNumber(t));
    }
    c->options.decision_threshold = t;
    c->options.threshold = Options().threshold;
  }
  c->options.record_scored = !c->dump_scored.empty();
  if (c->progress != "auto" && c->progress != "always" && c->progress != "never") {
    return UsageError(command,
                      "--progress must be always, never or auto, got '" + c->progress + "'");
  }
  // An option that does nothing in this mode is refused rather than silently ignored.
  // (--threshold in reworded mode is the scorer's decision threshold.)
  // (--score-threshold and --min-score, the weighted-similarity thresholds the scorer replaced,
  // are no longer options: they decided nothing.)
  static const char* const kRewordedOnly[] = {"lsh-threshold", "context-min-score"};
  static const char* const kLexicalOnly[] = {"ngram"};
  for (const char* name :
       c->options.mode == Mode::kLexical
           ? std::vector<const char*>(std::begin(kRewordedOnly), std::end(kRewordedOnly))
           : std::vector<const char*>(std::begin(kLexicalOnly), std::end(kLexicalOnly))) {
    if (c->given.contains(name) && visible.find_nothrow(name, false) != nullptr) {
      return UsageError(command, std::string("--") + name + " applies to --mode " +
                                     (c->options.mode == Mode::kLexical ? "reworded" : "lexical") +
                                     " only; this run is --mode " + c->mode);
    }
  }
  if (Status s = Scanner::Validate(c->options); !s.ok()) return UsageError(command, s.message());
  return -1;
}

}  // namespace neardup::cli
