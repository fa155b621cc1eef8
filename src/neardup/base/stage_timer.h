// StageTimer: wall-clock laps of a run's stages, for ScanStats::stage_seconds; ThreadCpuSeconds:
// the calling thread's CPU clock, for steps whose wall time a busy machine would blur.
// Thread-safety: one StageTimer is used from one thread; ThreadCpuSeconds from any.
#ifndef NEARDUP_STAGE_TIMER_H_
#define NEARDUP_STAGE_TIMER_H_

#include <chrono>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

namespace neardup {

// Appends (stage, seconds since the previous Lap, or since construction) to *out.
class StageTimer {
 public:
  explicit StageTimer(std::vector<std::pair<std::string, double>>* out)
      : out_(out), start_(std::chrono::steady_clock::now()) {}
  // Cost: one clock read and one append.
  void Lap(const char* stage) {
    const auto now = std::chrono::steady_clock::now();
    out_->emplace_back(stage, std::chrono::duration<double>(now - start_).count());
    start_ = now;
  }

 private:
  std::vector<std::pair<std::string, double>>* out_;
  std::chrono::steady_clock::time_point start_;
};

// CPU seconds the calling thread has run (CLOCK_THREAD_CPUTIME_ID; 0 if the clock is missing):
// a difference of two reads is the thread's own work between them, not the time it waited or
// was preempted. Cost: one clock_gettime (a vDSO call, tens of ns).
inline double ThreadCpuSeconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace neardup

#endif  // NEARDUP_STAGE_TIMER_H_
