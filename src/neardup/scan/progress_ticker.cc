// ProgressTicker (progress_ticker.h).

#include "neardup/scan/progress_ticker.h"

#include <utility>

namespace neardup {

ProgressTicker::ProgressTicker(ProgressCallback callback, const Progress& base,
                               Clock::time_point run_start)
    : callback_(std::move(callback)), base_(base), run_start_(run_start) {
  if (callback_) thread_ = std::thread([this] { Run(); });
}

ProgressTicker::~ProgressTicker() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void ProgressTicker::Stage(const char* name, const WorkMeter* meter) {
  if (!callback_) return;
  {
    const std::lock_guard<std::mutex> lock(mu_);
    stage_ = name;
    meter_ = meter;
    stage_start_ = Clock::now();
    begun_.push_back(Snapshot(stage_start_));
  }
  cv_.notify_one();
}

Progress ProgressTicker::Snapshot(Clock::time_point now) const {
  Progress p = base_;
  p.stage = stage_;
  p.seconds = std::chrono::duration<double>(now - run_start_).count();
  p.stage_seconds = std::chrono::duration<double>(now - stage_start_).count();
  if (meter_ != nullptr) {
    p.stage_done = meter_->done.load(std::memory_order_relaxed);
    p.stage_total = meter_->total.load(std::memory_order_relaxed);
  }
  return p;
}

void ProgressTicker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stop_ || !begun_.empty(); });
    std::vector<Progress> reports = std::move(begun_);
    begun_.clear();
    if (reports.empty() && !stop_ && stage_ != nullptr) reports.push_back(Snapshot(Clock::now()));
    const bool stop = stop_;
    lock.unlock();
    for (const Progress& p : reports) {
      try {
        callback_(p);
      } catch (...) {  // a display that fails must not end the run
      }
    }
    if (stop) return;
    lock.lock();
  }
}

}  // namespace neardup
