// Pieces the index commands (filter, query, index) share: the --index option group, the streaming
// record loop that writes each input record back with its verdict, and the output forms.
#ifndef NEARDUP_CLI_INDEX_CLI_H_
#define NEARDUP_CLI_INDEX_CLI_H_

#include <boost/program_options.hpp>
#include <functional>
#include <string>

#include "cli/cli_options.h"
#include "neardup/document.h"
#include "neardup/index.h"
#include "neardup/status.h"

namespace neardup::cli {

struct IndexCliOptions {
  std::string dir;                  // --index
  double duplicate_coverage = 0.5;  // --duplicate-coverage
  bool drop_duplicates = false;     // --drop-duplicates (filter)
  bool verdicts_only = false;       // --verdicts-only (filter; query always)
};

// --index DIR and --duplicate-coverage C.
boost::program_options::options_description IndexOptionsGroup(IndexCliOptions* o);
// --mode, --ngram, --num-perm, --threshold, --seed: the settings an index is built with.
boost::program_options::options_description IndexMatchingOptions(CommonOptions* c);

// Checks what ParseCommand does not: --index given, the mode supported, coverage in range, at most
// one input PATH. Returns -1 to go on, or kExitUsage after printing the error.
int CheckIndexUsage(const char* command, const CommonOptions& c, const IndexCliOptions& o);

// IndexOptions for the parsed command line.
IndexOptions MakeIndexOptions(const CommonOptions& c, const IndexCliOptions& o, bool read_only);

// Streams JSONL records from c.paths[0] (or stdin) through `judge` and writes each one to stdout:
// the record with "neardup":VERDICT added (or {"id":..,"neardup":VERDICT} with verdicts_only;
// duplicates left out with drop_duplicates). `judge` returns the verdict, InvalidArgument for a
// problem with that record alone, or another error that stops the run. Lines are written only when
// `make_durable` has returned OK: it is called before a read that would block, every `batch`
// records or 100 ms, and at the end. Returns the exit code.
struct RecordLoop {
  std::function<StatusOr<IndexVerdict>(const Document&)> judge;
  std::function<Status()> make_durable;
  size_t batch = 256;
  const char* command = "filter";
};
int RunRecordLoop(const CommonOptions& c, const IndexCliOptions& o, const RecordLoop& loop);

}  // namespace neardup::cli

#endif  // NEARDUP_CLI_INDEX_CLI_H_
