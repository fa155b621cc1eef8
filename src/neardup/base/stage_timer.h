// StageTimer: wall-clock laps of a run's stages, for ScanStats::stage_seconds.
// Thread-safety: one StageTimer is used from one thread.
#ifndef NEARDUP_STAGE_TIMER_H_
#define NEARDUP_STAGE_TIMER_H_

#include <chrono>
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

}  // namespace neardup

#endif  // NEARDUP_STAGE_TIMER_H_
