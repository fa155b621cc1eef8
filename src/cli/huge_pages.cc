// Re-exec with glibc.malloc.hugetlb=1 (huge_pages.h).

#include "cli/huge_pages.h"

#include <sys/auxv.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "cli/command.h"

namespace neardup::cli {
namespace {

constexpr const char* kTunable = "glibc.malloc.hugetlb";
// Set for the re-executed image only (and removed by it at once): the guard against a second
// re-exec does not depend on how a glibc shows GLIBC_TUNABLES to getenv after parsing it.
constexpr const char* kReexecuted = "NEARDUP_REEXECUTED";

// The kernel's mode ("always [madvise] never"): false only when "never" is the one chosen.
bool KernelAllowsHugePages() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  if (!std::getline(in, modes)) return false;
  return modes.find("[never]") == std::string::npos;
}

// GLIBC_TUNABLES' value with glibc.malloc.hugetlb=1 appended (`current` may be null or empty),
// or "" when `current` already names glibc.malloc.hugetlb (the user's setting wins).
std::string TunablesWithHugePages(const char* current) {
  const std::string now = current == nullptr ? std::string() : std::string(current);
  if (now.find(kTunable) != std::string::npos) return std::string();
  return now.empty() ? std::string(kTunable) + "=1" : now + ":" + kTunable + "=1";
}

}  // namespace

// getenv, setenv and unsetenv are not thread-safe: this runs first in main, before any thread.
// NOLINTBEGIN(concurrency-mt-unsafe)
void ReexecWithHugePages(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (std::getenv(kReexecuted) != nullptr) {
    unsetenv(kReexecuted);
    return;
  }
  const char* opt_out = std::getenv("NEARDUP_HUGE_PAGES");
  if (opt_out != nullptr && std::strcmp(opt_out, "0") == 0) return;
  if (kSanitizedBuild) return;
  // Started through the dynamic loader by hand (`ld.so neardup ...`): /proc/self/exe is the
  // loader, which would take argv[1] for the program. The kernel then gives no interpreter base.
  if (getauxval(AT_BASE) == 0) return;
  // Under valgrind (its preload library in LD_PRELOAD), an exec leaves the tool unless it was
  // told to trace children: the run would no longer be checked or counted.
  const char* preload = std::getenv("LD_PRELOAD");
  if (preload != nullptr && std::strstr(preload, "vgpreload") != nullptr) return;
  const char* current = std::getenv("GLIBC_TUNABLES");
  const std::string tunables = TunablesWithHugePages(current);
  if (tunables.empty() || !KernelAllowsHugePages()) return;
  const bool had_tunables = current != nullptr;
  const std::string saved = had_tunables ? std::string(current) : std::string();
  if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) == 0 && setenv(kReexecuted, "1", 1) == 0) {
    execv("/proc/self/exe", argv);
  }
  // No exec (no /proc, say): go on as we are, with the environment we were given.
  unsetenv(kReexecuted);
  if (!had_tunables) {
    unsetenv("GLIBC_TUNABLES");
  } else {
    setenv("GLIBC_TUNABLES", saved.c_str(), 1);
  }
#else
  (void)argv;
#endif
}
// NOLINTEND(concurrency-mt-unsafe)

}  // namespace neardup::cli
