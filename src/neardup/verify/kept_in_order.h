// KeptInOrder: a parallel filter over candidates whose result does not depend on the thread count.
// Thread-safety: calls `judge` concurrently on `threads` cores.
#ifndef NEARDUP_KEPT_IN_ORDER_H_
#define NEARDUP_KEPT_IN_ORDER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "neardup/base/work_meter.h"
#include "neardup/verify/weighted_overlap.h"

namespace neardup {

// Calls judge(i, &overlap) for every i in [0, count) on `threads` cores and returns (i, overlap)
// for each call that returned true, ascending in i: the same list whatever the thread count. judge
// is called concurrently and fills *overlap itself (a candidate's score, threshold, ...). `meter`,
// when not null, counts the calls made (per block of 1024).
std::vector<std::pair<uint32_t, WeightedOverlap>> KeptInOrder(
    size_t count, int threads, const std::function<bool(size_t, WeightedOverlap*)>& judge,
    WorkMeter* meter = nullptr);

}  // namespace neardup

#endif  // NEARDUP_KEPT_IN_ORDER_H_
