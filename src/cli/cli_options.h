// Option groups shared by the neardup commands (Boost.Program_options → neardup::Options and
// ReaderOptions), and the parse step every command uses. Boost exceptions stay in this file.
#ifndef NEARDUP_CLI_CLI_OPTIONS_H_
#define NEARDUP_CLI_CLI_OPTIONS_H_

#include <boost/program_options.hpp>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "cli/command.h"
#include "neardup/corpus_reader.h"
#include "neardup/options.h"

namespace neardup::cli {

// The text of errno value `err`. Not std::strerror, which may share one buffer between threads.
inline std::string ErrnoText(int err) { return std::generic_category().message(err); }

// Settings every corpus-reading command shares.
struct CommonOptions {
  std::vector<std::string> paths;
  std::string mode = "reworded";         // --mode: reworded is every command's default (README)
  std::string invalid_utf8 = "replace";  // --invalid-utf8: replace or skip
  bool quiet = false;
  std::string dump_scored;   // hidden --dump-scored PATH (scan): the scorer's candidates as JSONL
  bool allow_empty = false;  // --allow-empty (corpus commands): no document is not an error
  std::string progress = "auto";  // --progress (corpus commands): always, never or auto
  std::set<std::string> given;    // options the command line set (not left at their default)
  ReaderOptions reader;
  Options options;
};

// --id-field, --text-field, --strict, --quiet; with `corpus` (the batch commands) also
// --invalid-utf8 and --threads. The streaming commands (filter, query) judge one JSON record at a
// time on one thread: a record that is not UTF-8 is answered with an error line.
boost::program_options::options_description InputOptions(CommonOptions* c, bool corpus = true);
// --allow-empty (scan, dedup, eval: the commands that read a whole corpus).
boost::program_options::options_description CorpusOptions(CommonOptions* c);
// --mode, --ngram, --num-perm, --threshold, --seed, --exact, --max-group-pairs.
// --max-group-pairs only with `lists_pairs` (dedup lists no pairs).
boost::program_options::options_description MatchingOptions(CommonOptions* c,
                                                            bool lists_pairs = true);

// Parses argv (argv[0] = command name) against `visible` plus positional PATHs into c->paths.
// Returns -1 to go on, or an exit code: kExitOk after printing --help to stdout, kExitUsage after
// printing "error: ..." and a hint to stderr. Also validates --mode and the matching options.
int ParseCommand(int argc, const char* const* argv, const char* command,
                 const boost::program_options::options_description& visible, CommonOptions* c,
                 bool paths_required = true);

// Prints "error: MESSAGE" plus the --help hint for `command` to stderr; returns kExitUsage.
int UsageError(const char* command, const std::string& message);

}  // namespace neardup::cli

#endif  // NEARDUP_CLI_CLI_OPTIONS_H_
