// WorkMeter: how much of a stage's work is done, counted by the threads doing it and read by a
// progress display. Thread-safety: Add from any thread; reads are relaxed snapshots.
#ifndef NEARDUP_BASE_WORK_METER_H_
#define NEARDUP_BASE_WORK_METER_H_

#include <atomic>
#include <cstdint>

namespace neardup {

struct WorkMeter {
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> total{0};  // 0 = unknown
  // Cost: one relaxed atomic add (call it per block of work, not per item in a tight loop).
  void Add(uint64_t n) { done.fetch_add(n, std::memory_order_relaxed); }
};

}  // namespace neardup

#endif  // NEARDUP_BASE_WORK_METER_H_
