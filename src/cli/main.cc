// neardup command-line tool: dispatches argv[1] to a registered command (see command.h).
// Exit codes: 0 success, 1 input or runtime failure, 2 bad usage.

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>

#include "cli/command.h"
#include "cli/huge_pages.h"
#include "cli/memory_limit.h"
#include "neardup/output_file.h"

namespace neardup::cli {

std::vector<CommandSpec>& Commands() {
  static std::vector<CommandSpec> commands;
  return commands;
}

int ExitWithoutTeardown(int code) {
  if (kSanitizedBuild) return code;
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(code);
}

namespace {

void PrintUsage(std::FILE* f) {
  std::fputs(
      "usage: neardup <command> [options] ...\n"
      "\n"
      "Finds near-duplicate paragraphs (reused and reworded copy) across a corpus.\n"
      "\n"
      "commands:\n",
      f);
  std::vector<CommandSpec> cmds = Commands();
  std::sort(cmds.begin(), cmds.end(),
            [](const CommandSpec& a, const CommandSpec& b) { return a.order < b.order; });
  for (const CommandSpec& c : cmds) std::fprintf(f, "  %s\n", c.synopsis);
  std::fputs(
      "\n"
      "PATH is a folder (recursive: *.txt = one document per file, *.jsonl = one per line),\n"
      "a .txt or .jsonl file, or - for JSONL on standard input.\n"
      "Run 'neardup <command> --help' for the command's options.\n"
      "exit codes: 0 success, 1 input or runtime failure, 2 bad usage\n",
      f);
}

// SIGINT, SIGTERM, SIGHUP: the temporary files of outputs not yet committed are deleted, then
// the signal takes its default course (the exit status still says which signal ended us).
void OnTerminate(int sig) {
  OutputFile::RemoveTemporaryFiles();
  signal(sig, SIG_DFL);
  raise(sig);
}

int Main(int argc, const char* const* argv) {
  signal(SIGPIPE, SIG_IGN);  // a closed stdout becomes a write error we handle, not a kill
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction sa = {};
    sa.sa_handler = OnTerminate;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, nullptr);
  }
  if (argc < 2) {
    std::fputs("error: no command given\nRun 'neardup --help' for usage.\n", stderr);
    return kExitUsage;
  }
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  if (cmd == "--version") {
    std::puts("neardup 0.1.0");
    return kExitOk;
  }
  for (const CommandSpec& c : Commands()) {
    if (cmd == c.name) return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "error: unknown command '%s'\nRun 'neardup --help' for usage.\n",
               cmd.c_str());
  return kExitUsage;
}

}  // namespace
}  // namespace neardup::cli

int main(int argc, char** argv) {
  neardup::cli::ReexecWithHugePages(argv);
  try {
    return neardup::cli::Main(argc, argv);
  } catch (const std::bad_alloc&) {
    // The last line of defence: an allocation failed on any thread (worker threads and TBB tasks
    // hand their exceptions to this one).
    if (neardup::cli::MemoryLimitHit()) {
      std::fprintf(stderr,
                   "error: out of memory (the run needs more than --memory-limit %.0f MiB of heap; "
                   "raise it)\n",
                   static_cast<double>(neardup::cli::MemoryLimit()) / (1 << 20));
    } else {
      std::fputs(
          "error: out of memory (an allocation failed: the run needs more memory than the machine "
          "or its "
          "ulimit allows)\n",
          stderr);
    }
    return neardup::cli::kExitFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return neardup::cli::kExitFailure;
  }
}
