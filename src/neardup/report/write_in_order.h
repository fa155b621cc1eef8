// WriteInOrder: the report writers' pipeline. Blocks of records are made on every core and
// consumed (written) by one thread at a time in block order, with a bounded number in flight, so
// the bytes do not depend on the thread count. Thread-safety: see WriteInOrder's contract.
#ifndef NEARDUP_WRITE_IN_ORDER_H_
#define NEARDUP_WRITE_IN_ORDER_H_

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <cstddef>
#include <type_traits>

#include "neardup/options.h"
#include "neardup/status.h"

namespace neardup {

// Makes blocks 0..blocks-1 with make(b) (concurrently, on `threads` cores; make must be safe to
// call from several threads for different b) and hands each to consume(block) -> Status in
// order b = 0, 1, ... (one call at a time). Stops making new blocks after the first consume
// error and returns it (blocks already made are dropped); OK otherwise. Memory: at most 16
// blocks in flight.
template <typename Make, typename Consume>
Status WriteInOrder(size_t blocks, int threads, const Make& make, const Consume& consume) {
  using Block = std::invoke_result_t<const Make&, size_t>;
  constexpr size_t kInFlight = 16;
  size_t next_block = 0;            // read and written by the serial `take` filter only
  Status status;                    // read and written by the serial `write` filter only
  std::atomic<bool> failed{false};  // `write` tells `take` (they may run at the same time)
  auto take = [&](tbb::flow_control& fc) -> size_t {
    if (next_block == blocks || failed.load(std::memory_order_relaxed)) {
      fc.stop();
      return 0;
    }
    return next_block++;
  };
  auto write = [&](const Block& block) {
    if (!status.ok()) return;
    status = consume(block);
    if (!status.ok()) failed.store(true, std::memory_order_relaxed);
  };
  tbb::task_arena arena(ThreadsToUse(threads));
  arena.execute([&] {
    tbb::parallel_pipeline(
        kInFlight, tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order, take) &
                       tbb::make_filter<size_t, Block>(tbb::filter_mode::parallel, make) &
                       tbb::make_filter<Block, void>(tbb::filter_mode::serial_in_order, write));
  });
  return status;
}

}  // namespace neardup

#endif  // NEARDUP_WRITE_IN_ORDER_H_
