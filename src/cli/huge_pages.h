// Transparent huge pages for the CLI's heap: glibc's allocator advises the kernel to back what it
// maps with 2 MiB pages when GLIBC_TUNABLES holds glibc.malloc.hugetlb=1. Tunables are read only
// when a process starts, so the CLI re-executes itself once with the tunable set.
#ifndef NEARDUP_CLI_HUGE_PAGES_H_
#define NEARDUP_CLI_HUGE_PAGES_H_

namespace neardup::cli {

// Re-executes this program (/proc/self/exe, the same argv and environment) with
// glibc.malloc.hugetlb=1 added to GLIBC_TUNABLES: a run's page faults fall about fourfold and its
// CPU time by a fifth to a quarter (docs/measurements.md, "Huge pages"); the output is the same.
// Returns, having done nothing, in the re-executed image, when NEARDUP_HUGE_PAGES=0, when
// GLIBC_TUNABLES already names the tunable, when the kernel's transparent huge pages are
// "never", in a sanitizer build (its allocator is not glibc's), when started through the dynamic
// loader by hand or statically linked (no interpreter), under valgrind, or when the exec fails (the
// environment is restored). Call first thing in main, before any thread starts.
void ReexecWithHugePages(char** argv);

}  // namespace neardup::cli

#endif  // NEARDUP_CLI_HUGE_PAGES_H_
