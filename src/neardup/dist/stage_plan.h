// StagePlan: what every distributed stage is told — the shared work folder, the shard and
// partition counts and the matching options — and its validation. Thread-safety: plain value.
#ifndef NEARDUP_DIST_STAGE_PLAN_H_
#define NEARDUP_DIST_STAGE_PLAN_H_

#include <cstdint>
#include <string>

#include "neardup/options.h"
#include "neardup/status.h"

namespace neardup::dist {

struct StagePlan {
  std::string dir;          // work folder every task reads and writes (a shared filesystem path)
  uint32_t shards = 1;      // contiguous document ranges of the input, in order
  uint32_t partitions = 1;  // band-key partitions (bucket) and node partitions (cluster)
  Options options;          // matching options; lexical mode, LSH candidates (not exact)

  // InvalidArgument naming what the stages do not support (reworded mode, --exact, zero
  // counts) or the bad option, else OK.
  Status Validate() const;
};

}  // namespace neardup::dist

#endif  // NEARDUP_DIST_STAGE_PLAN_H_
