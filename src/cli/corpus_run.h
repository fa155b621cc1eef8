// Pieces the corpus-reading commands share: error reporting, spooling stdin for a second read,
// the progress display, and the read+match step.
#ifndef NEARDUP_CLI_CORPUS_RUN_H_
#define NEARDUP_CLI_CORPUS_RUN_H_

#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_options.h"
#include "neardup/corpus_reader.h"
#include "neardup/scan/scanner.h"
#include "neardup/status.h"

namespace neardup::cli {

// `message` with control characters (a file name's newline, an escape sequence) written as \xNN,
// safe to print on a terminal.
std::string ForTerminal(std::string_view message);

// Prints each warning to stderr ("warning: ..."), at most 5 of one kind (the same problem on
// different lines), then "... and N more like it" per kind.
void PrintWarnings(const std::vector<ReadWarning>& warnings);

// Prints "error: MESSAGE" to stderr (nothing for a closed stdout pipe); returns kExitFailure.
int Fail(const Status& s);

// A copy of standard input for a second read (text reports quote paragraphs, dedup writes
// records back): a temporary file unlinked as soon as it is created, so nothing is left behind
// even when the process is killed; messages still name it "<stdin>".
class StdinSpool {
 public:
  StdinSpool() = default;
  StdinSpool(const StdinSpool&) = delete;
  StdinSpool& operator=(const StdinSpool&) = delete;
  ~StdinSpool();
  // When `paths` holds "-", copies standard input (on first use) and points reader->stdin_path
  // at the copy. IOError when standard input cannot be read or the copy cannot be written.
  Status Substitute(const std::vector<std::string>& paths, ReaderOptions* reader);
  // Closes the copy now (the destructor does otherwise).
  void Remove();

 private:
  int fd_ = -1;
};

// Total bytes of the files under `paths` (0 when unknown, e.g. stdin): the progress ETA's basis.
uint64_t TotalInputBytes(const std::vector<std::string>& paths);

// A progress display on stderr (documents, paragraphs/s, ETA) when stderr is a terminal and not
// quiet; otherwise an empty callback.
// `when` is --progress: always, never, or auto (the default: on a terminal, unless quiet).
ProgressCallback MakeProgress(bool quiet, uint64_t total_bytes, const std::string& when = "auto");

// Reads `paths`, fingerprints and matches them with c.options; prints read warnings to stderr.
// An input that yields no document is an error unless c.allow_empty.
// Returns kExitOk with *result filled, or the exit code of the failure (already reported).
int ScanCorpus(const CommonOptions& c, const std::vector<std::string>& paths, ScanResult* result);

}  // namespace neardup::cli

#endif  // NEARDUP_CLI_CORPUS_RUN_H_
