// The fault guard around LMDB calls: process-wide SIGBUS/SIGSEGV/SIGFPE handlers and a per-thread
// CPU-time watchdog (SIGVTALRM) that turn a damaged index file's faults, assertions and endless
// loops into error codes instead of a dead or hung process. Installed once per process on the
// first guarded call; a fault outside a guarded call goes on to the handler it replaced.
// Thread-safety: GuardedCall may run on any thread; each thread has its own watchdog.
#ifndef NEARDUP_FAULT_GUARD_H_
#define NEARDUP_FAULT_GUARD_H_

#include <lmdb.h>

#include <type_traits>

namespace neardup::internal {

// LMDB trusts data.mdb: a damaged page (a node count, key or data size out of range) makes it read
// past the end of the file, which faults (SIGBUS, or SIGSEGV past the map) instead of returning an
// error. Every call into LMDB that reads pages runs under GuardedCall: a SIGBUS, SIGSEGV or SIGFPE
// (a damaged size used as a divisor) on this thread during the call makes it return kLmdbFault,
// which LmdbError reports as Corruption. The handler is installed once per process; a fault
// anywhere else goes on to the handler it replaced. LMDB's own consistency assertions (Debian
// builds it with them), which would abort the process, likewise make a guarded call return
// kLmdbAssert. Txn::Get and Cursor::Get also read every memory page of the key and value they
// return inside the guard: a damaged size can make a record reach past the end of the file too.
// LMDB 0.9 also loops forever on some damaged pages (one whose mp_lower is below the page header:
// NUMKEYS underflows and its binary search never ends). So a guarded call also runs under a
// watchdog on this thread's CPU time (SIGVTALRM every 1/8 of the limit of CPU time, SA_RESTART,
// set up once per thread): a call that spins for about SetLmdbCallCpuLimit seconds (default 10; a
// sound call takes microseconds) returns kLmdbLoop. No system call per guarded call.
// Not LMDB codes (those are -30799..-30780) nor errno values.
inline constexpr int kLmdbFault = -30000;
inline constexpr int kLmdbAssert = -30001;
inline constexpr int kLmdbLoop = -30002;
int GuardedCall(int (*fn)(void*), void* arg);
// The CPU seconds a guarded LMDB call may take (process-wide; tests and fuzzing lower it). Takes
// effect for threads that make their first guarded call after it.
void SetLmdbCallCpuLimit(double seconds);
double LmdbCallCpuLimit();
// GuardedCall for a callable returning an LMDB code. Between entering the call and a fault only C
// frames and trivially destructible objects may live: the fault skips their destructors.
template <typename Fn>
int Guarded(Fn&& fn) {
  return GuardedCall([](void* f) { return (*static_cast<std::remove_reference_t<Fn>*>(f))(); },
                     &fn);
}

// LMDB's assertion callback (mdb_env_set_assert): inside a guarded call, ends it with kLmdbAssert.
void OnLmdbAssert(MDB_env* env, const char* message);
// The message of the LMDB assertion that ended this thread's last guarded call.
const char* LastLmdbAssertMessage();

}  // namespace neardup::internal

#endif  // NEARDUP_FAULT_GUARD_H_
