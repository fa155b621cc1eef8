// ProgressTicker: reports which stage a run is in to a ProgressCallback (options.h) at once when
// the stage changes and about twice a second while it lasts, from a thread of its own, so a long
// stage that reports nothing itself still shows. Thread-safety: Stage() from one thread; the
// callback is called from the ticker's thread alone, one call at a time.
#ifndef NEARDUP_SCAN_PROGRESS_TICKER_H_
#define NEARDUP_SCAN_PROGRESS_TICKER_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "neardup/base/work_meter.h"
#include "neardup/options.h"

namespace neardup {

class ProgressTicker {
 public:
  using Clock = std::chrono::steady_clock;
  // Starts no thread when `callback` is empty. `base` holds the counts every report carries (the
  // documents, units and bytes read); Progress::seconds counts from `run_start`.
  ProgressTicker(ProgressCallback callback, const Progress& base, Clock::time_point run_start);
  // Reports every stage begun and not yet reported, then stops the thread.
  ~ProgressTicker();
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

  // Begins stage `name` (a string literal: reading, candidates, verification, sentences,
  // clustering, writing); `meter`, when not null, counts its work (it must outlive the stage).
  // Cost: a lock and a notification; no call of the callback on this thread.
  void Stage(const char* name, const WorkMeter* meter = nullptr);

 private:
  void Run();
  Progress Snapshot(Clock::time_point now) const;  // under mu_

  ProgressCallback callback_;
  Progress base_;
  Clock::time_point run_start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::vector<Progress> begun_;  // stage starts not yet reported
  const char* stage_ = nullptr;
  const WorkMeter* meter_ = nullptr;
  Clock::time_point stage_start_;
  std::thread thread_;
};

}  // namespace neardup

#endif  // NEARDUP_SCAN_PROGRESS_TICKER_H_
