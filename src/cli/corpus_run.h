// Pieces the corpus-reading commands share: error reporting, spooling stdin for a second read,
// the progress display, and the read+match step.
#ifndef NEARDUP_CLI_CORPUS_RUN_H_
#define NEARDUP_CLI_CORPUS_RUN_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_options.h"
#include "neardup/corpus_reader.h"
#include "neardup/scan/progress_ticker.h"
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

// The progress display on stderr: the stage (reading, candidates, verification, sentences,
// clustering, writing), the counts, the time so far and an estimate of the time left for the whole
// run. On a terminal one line redrawn in place; otherwise (--progress always into a file) one line
// per stage and every 5 s. Drawn when c.progress is "always", or "auto" (the default) with stderr a
// terminal and not c.quiet. Thread-safety: its callback may be called from any thread, one call at
// a time (the library's promise).
class ProgressDisplay {
 public:
  ProgressDisplay(const CommonOptions& c, const std::vector<std::string>& paths);
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // For Options::progress; empty when nothing is drawn.
  ProgressCallback Callback() const;
  // Reports the writing stage from now until the returned object is destroyed (null when nothing
  // is drawn).
  std::unique_ptr<ProgressTicker> Writing() const;
  // Erases the line on a terminal (before other messages; the next report draws it again).
  void Clear() const;

  struct State;  // progress_display.cc

 private:
  std::shared_ptr<State> state_;
};

// Reads `paths`, fingerprints and matches them with c.options (progress on `display` when not
// null); prints read warnings to stderr. An input that yields no document is an error unless
// c.allow_empty. Returns kExitOk with *result filled, or the exit code of the failure (already
// reported).
int ScanCorpus(const CommonOptions& c, const std::vector<std::string>& paths, ScanResult* result,
               const ProgressDisplay* display = nullptr);

}  // namespace neardup::cli

#endif  // NEARDUP_CLI_CORPUS_RUN_H_
