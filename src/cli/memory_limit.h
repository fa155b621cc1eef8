// --memory-limit: a bound on the bytes the neardup process holds on the heap through operator new
// (every vector, string and table of a scan or dedup lives there). The allocation that would
// carry the total past the limit throws std::bad_alloc instead, so the run ends with
// "error: out of memory (...)", exit 1, before the system's out-of-memory killer ends it with a
// signal. Not counted: memory-mapped files (the index), thread stacks, C libraries' own mallocs.
// Thread-safety: the counting is lock-free (per-thread deltas folded into one atomic every 256
// KiB, so a limit may be passed by up to 256 KiB per thread); SetMemoryLimit before work starts.
#ifndef NEARDUP_CLI_MEMORY_LIMIT_H_
#define NEARDUP_CLI_MEMORY_LIMIT_H_

#include <boost/program_options.hpp>
#include <cstdint>
#include <string>

namespace neardup::cli {

// The option, storing its text in *limit ("" = the default).
boost::program_options::options_description MemoryOptions(std::string* limit);
// Sets the limit from the option's text: a size with an optional K, M, G or T suffix (powers of
// 1024), 0 or "none" for no limit, "" for the default: 80% of the machine's physical memory, or of
// the cgroup's memory.max when that is lower. Returns -1, or the usage error's exit code.
int ApplyMemoryLimit(const char* command, const std::string& limit);
// The limit in force (0: none), and whether an allocation was refused for it.
uint64_t MemoryLimit();
bool MemoryLimitHit();

}  // namespace neardup::cli

#endif  // NEARDUP_CLI_MEMORY_LIMIT_H_
