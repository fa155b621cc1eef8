// Command registry of the neardup tool: each command (scan, dedup, filter, ...) lives in its own
// file and registers itself with NEARDUP_REGISTER_COMMAND; main() dispatches on argv[1].
#ifndef NEARDUP_CLI_COMMAND_H_
#define NEARDUP_CLI_COMMAND_H_

#include <vector>

namespace neardup::cli {

// Exit codes (README, "Exit codes"): success, input or runtime failure, bad usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Whether this build runs under a sanitizer's runtime (AddressSanitizer, as `scripts/test` builds
// it, LeakSanitizer, ThreadSanitizer or MemorySanitizer): its allocator is not glibc's, and its
// leak check runs at exit.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitizedBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer) || \
    __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif
#else
inline constexpr bool kSanitizedBuild = false;
#endif

// Returns `code` from a command whose outputs are all written and committed, ending the process
// there without running destructors: a large scan holds millions of small allocations whose
// one-by-one release took ~0.4 s at 1M paragraphs, and the OS reclaims the memory at once. Flushes
// stdout and stderr first. Sanitizer builds return `code` instead, so leaks are still checked.
int ExitWithoutTeardown(int code);

struct CommandSpec {
  const char* name;      // "scan"
  const char* synopsis;  // "scan PATH...          report near-duplicate pairs and clusters"
  int order;             // position in the help listing
  // Runs the command with argv[0] = the command name. Returns the exit code; must not throw.
  int (*run)(int argc, const char* const* argv);
};

// Commands in help order. Registration happens during static initialization.
std::vector<CommandSpec>& Commands();

// Registers a command during static initialization. noexcept: an allocation failure that early
// ends the program (std::terminate), as no handler could catch it anyway.
struct CommandRegistrar {
  explicit CommandRegistrar(CommandSpec spec) noexcept { Commands().push_back(spec); }
};

}  // namespace neardup::cli

#define NEARDUP_REGISTER_COMMAND(var, ...)            \
  static const ::neardup::cli::CommandRegistrar var { \
    ::neardup::cli::CommandSpec { __VA_ARGS__ }       \
  }

#endif  // NEARDUP_CLI_COMMAND_H_
