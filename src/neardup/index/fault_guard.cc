// The fault guard (fault_guard.h): signal handlers, the CPU-time watchdog, GuardedCall.

#include "neardup/index/fault_guard.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace neardup::internal {
namespace {

struct sigaction g_old_bus = {};
struct sigaction g_old_segv = {};
struct sigaction g_old_fpe = {};
// CPU seconds one guarded LMDB call may take before it is taken for a loop on a damaged page.
std::atomic<double> g_cpu_limit{10.0};
constexpr int kWatchdogTicks = 8;  // ticks of g_cpu_limit / kWatchdogTicks CPU seconds each
// This thread's watchdog: a POSIX timer on CLOCK_THREAD_CPUTIME_ID that sends SIGVTALRM to this
// thread every tick of its CPU time, made on the thread's first guarded call and never re-armed
// (no system call per guarded call). A tick counts against the running guarded call only while
// no other call has started since the last tick; kWatchdogTicks such ticks in a row end it.
thread_local bool t_watchdog_ready = false;
thread_local volatile uint64_t t_call_serial = 0;  // outermost guarded calls begun on this thread
thread_local volatile uint64_t t_seen_serial = 0;  // the call the last tick saw
thread_local volatile int t_ticks = 0;             // ticks that saw it running

void StartWatchdog() {
  if (t_watchdog_ready) return;
  t_watchdog_ready = true;  // one attempt per thread; without a timer there is no watchdog
  struct sigevent ev = {};
  ev.sigev_notify = SIGEV_THREAD_ID;
  ev.sigev_signo = SIGVTALRM;
  ev._sigev_un._tid = static_cast<pid_t>(syscall(SYS_gettid));
  timer_t timer{};
  if (timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &timer) != 0) return;
  const double tick = std::max(0.001, g_cpu_limit.load(std::memory_order_relaxed) / kWatchdogTicks);
  struct itimerspec spec = {};
  spec.it_interval.tv_sec = static_cast<time_t>(tick);
  spec.it_interval.tv_nsec = static_cast<decltype(spec.it_interval.tv_nsec)>(
      (tick - static_cast<double>(spec.it_interval.tv_sec)) * 1e9);
  spec.it_value = spec.it_interval;
  timer_settime(timer, 0, &spec, nullptr);  // the timer lives as long as the thread's process
}
// The jump of the innermost GuardedCall running on this thread, or null.
thread_local sigjmp_buf* t_fault_jump = nullptr;
// The message of the LMDB assertion that ended this thread's last guarded call.
thread_local std::array<char, 256> t_assert_message = {};

void OnFault(int sig, siginfo_t* info, void* context) {
  if (t_fault_jump != nullptr) siglongjmp(*t_fault_jump, 1);
  // Not a guarded LMDB call: whatever handled the fault before handles it now.
  const struct sigaction& old = sig == SIGBUS ? g_old_bus : sig == SIGSEGV ? g_old_segv : g_old_fpe;
  if ((old.sa_flags & SA_SIGINFO) != 0) {
    old.sa_sigaction(sig, info, context);
  } else if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN) {
    old.sa_handler(sig);
  } else {
    // The default action: the faulting instruction runs again and the process dies of it.
    std::signal(sig, SIG_DFL);
  }
}

// A watchdog tick: ends a guarded call that kWatchdogTicks ticks in a row found still running.
void OnWatchdog(int /*sig*/) {
  if (t_fault_jump == nullptr) {
    t_ticks = 0;
    return;
  }
  if (t_seen_serial != t_call_serial) {
    t_seen_serial = t_call_serial;
    t_ticks = 1;
    return;
  }
  t_ticks = t_ticks + 1;
  if (t_ticks >= kWatchdogTicks) siglongjmp(*t_fault_jump, 3);
}

void InstallFaultHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction fault = {};
    fault.sa_sigaction = OnFault;
    // SA_NODEFER: the signal stays unblocked in the handler, so leaving it with siglongjmp needs
    // no saved signal mask (sigsetjmp(..., 0) makes no system call).
    fault.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&fault.sa_mask);
    sigaction(SIGBUS, &fault, &g_old_bus);
    sigaction(SIGSEGV, &fault, &g_old_segv);
    sigaction(SIGFPE, &fault, &g_old_fpe);
    struct sigaction watchdog = {};
    watchdog.sa_handler = OnWatchdog;
    watchdog.sa_flags = SA_NODEFER | SA_RESTART;
    sigemptyset(&watchdog.sa_mask);
    sigaction(SIGVTALRM, &watchdog, nullptr);
  });
}

}  // namespace

// LMDB calls this before it aborts on a failed assertion.
void OnLmdbAssert(MDB_env* /*env*/, const char* message) {
  if (t_fault_jump == nullptr) return;  // not a guarded call: LMDB aborts
  std::snprintf(t_assert_message.data(), t_assert_message.size(), "%s", message);
  siglongjmp(*t_fault_jump, 2);
}

const char* LastLmdbAssertMessage() { return t_assert_message.data(); }

int GuardedCall(int (*fn)(void*), void* arg) {
  InstallFaultHandler();
  sigjmp_buf* const outer = t_fault_jump;
  sigjmp_buf jump;
  if (const int how = sigsetjmp(jump, 0); how != 0) {  // a fault (1), assertion (2) or loop (3)
    t_fault_jump = outer;
    return how == 3 ? kLmdbLoop : how == 2 ? kLmdbAssert : kLmdbFault;
  }
  StartWatchdog();
  if (outer == nullptr) t_call_serial = t_call_serial + 1;
  t_fault_jump = &jump;
  const int rc = fn(arg);
  t_fault_jump = outer;
  return rc;
}

void SetLmdbCallCpuLimit(double seconds) { g_cpu_limit.store(seconds, std::memory_order_relaxed); }

double LmdbCallCpuLimit() { return g_cpu_limit.load(); }

}  // namespace neardup::internal
