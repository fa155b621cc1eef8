// The read stage's pieces (read_batch.h).

#include "neardup/scan/read_batch.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "neardup/base/stage_timer.h"

namespace neardup {
namespace {

// What a look-up found for one unit (Batch::found_kind; Batch::found holds the value).
enum FoundKind : uint8_t {
  kEarlier = 0,  // a text of an earlier batch: found is its group id
  kNew = 1,      // the text's first occurrence: found is its slot's index in its shard
  kRepeat = 2,   // a repeat within this batch: found is the unit of its first occurrence
};

// Runs fn(s0, s1) over all shards: in tasks of a few shards on the current arena's cores when
// `parallel`, isolated (a thread waiting here runs no unrelated task, such as another chunk's
// decoding, before it returns), else on this thread.
template <typename Fn>
void ForShards(bool parallel, const Fn& fn) {
  if (!parallel) {
    fn(size_t{0}, GroupTable::kShards);
    return;
  }
  tbb::this_task_arena::isolate([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, GroupTable::kShards, 4),
                      [&](const tbb::blocked_range<size_t>& r) { fn(r.begin(), r.end()); });
  });
}

}  // namespace

void GroupTable::Shard::Reserve(size_t more) {
  size_t n = std::max<size_t>(slots.size(), 64);
  while ((size + more) * 10 > n * 7) n *= 2;
  if (n == slots.size()) return;
  // Allocated before the old slots are touched: a std::bad_alloc leaves the shard as it was.
  std::vector<Slot> grown;
  grown.reserve(n);
  AdviseHugePages(grown.data(), n * sizeof(Slot));  // before the pages are first written
  grown.assign(n, Slot{0, 0, kEmpty, 0});
  const size_t mask = n - 1;
  for (const Slot& o : slots) {
    if (o.group == kEmpty) continue;
    size_t i = static_cast<size_t>(o.lo) & mask;
    while (grown[i].group != kEmpty) i = (i + 1) & mask;
    grown[i] = o;
  }
  slots.swap(grown);
}

size_t GroupTable::size() const {
  size_t n = 0;
  for (const Shard& s : shards_) n += s.size;
  return n;
}

void GroupTable::Find(Batch* b, size_t s0, size_t s1) {
  for (size_t s = s0; s < s1; ++s) shards_[s].Reserve(b->shard_start[s + 1] - b->shard_start[s]);
  const size_t end = b->shard_start[s1];
  auto key_at = [&](size_t k) -> const TextKey& { return b->units[b->by_shard[k]].key; };
  constexpr size_t kAhead = 16;  // look-ups in flight: the tables are far larger than the caches
  for (size_t k = b->shard_start[s0]; k < end; ++k) {
    if (k + kAhead < end) {
      const TextKey& ahead = key_at(k + kAhead);
      const Shard& sh = shards_[ShardOf(ahead)];
      __builtin_prefetch(&sh.slots[static_cast<size_t>(ahead.lo) & (sh.slots.size() - 1)]);
    }
    const uint32_t u = b->by_shard[k];
    const TextKey& key = b->units[u].key;
    Shard& sh = shards_[ShardOf(key)];
    const size_t mask = sh.slots.size() - 1;
    for (size_t i = static_cast<size_t>(key.lo) & mask;; i = (i + 1) & mask) {
      Slot& slot = sh.slots[i];
      if (slot.group == kEmpty) {
        slot = {key.lo, key.hi, kPending, u};
        ++sh.size;
        b->found_kind[k] = kNew;
        b->found[k] = static_cast<uint32_t>(i);
        break;
      }
      if (slot.lo == key.lo && slot.hi == key.hi) {
        const bool pending = slot.group == kPending;
        b->found_kind[k] = pending ? kRepeat : kEarlier;
        b->found[k] = pending ? slot.local : slot.group;
        break;
      }
    }
  }
}

void GroupTable::Publish(const Batch& b, size_t s0, size_t s1) {
  for (size_t k = b.shard_start[s0]; k < b.shard_start[s1]; ++k) {
    if (b.found_kind[k] != kNew) continue;
    const uint32_t u = b.by_shard[k];
    shards_[ShardOf(b.units[u].key)].slots[b.found[k]].group = b.group[u];
  }
}

void GroupTable::Assign(Batch* b, uint32_t* next_group, Times* times) {
  using Clock = std::chrono::steady_clock;
  const size_t n = b->units.size();
  const bool parallel = n >= kParallelUnits;
  b->found.resize(n);
  b->found_kind.resize(n);
  auto timed_shards = [&](const auto& fn) {
    const auto wall0 = Clock::now();
    const double cpu0 = ThreadCpuSeconds();
    ForShards(parallel, fn);
    times->shards_cpu += ThreadCpuSeconds() - cpu0;
    times->shards_wall += std::chrono::duration<double>(Clock::now() - wall0).count();
  };
  timed_shards([&](size_t s0, size_t s1) { Find(b, s0, s1); });
  // In unit order: new texts are numbered as they first occur; a repeat within the batch takes
  // the group of its first occurrence, which comes before it.
  b->group.resize(n);
  b->new_group.assign(n, 0);
  uint32_t next = *next_group;
  for (size_t u = 0; u < n; ++u) {
    const uint32_t k = b->place[u];
    uint32_t g = b->found[k];
    switch (b->found_kind[k]) {
      case kNew:
        g = next++;
        b->new_group[u] = 1;
        break;
      case kRepeat:
        g = b->group[g];
        break;
      default:
        break;
    }
    b->group[u] = g;
  }
  *next_group = next;
  timed_shards([&](size_t s0, size_t s1) { Publish(*b, s0, s1); });
  std::vector<uint32_t>().swap(b->found);
  std::vector<uint8_t>().swap(b->found_kind);
}

void BucketByShard(Batch* b) {
  const size_t n = b->units.size();
  b->shard_start.assign(GroupTable::kShards + 1, 0);
  for (const Batch::Unit& u : b->units) ++b->shard_start[GroupTable::ShardOf(u.key) + 1];
  for (size_t s = 0; s < GroupTable::kShards; ++s) b->shard_start[s + 1] += b->shard_start[s];
  std::vector<uint32_t> fill(b->shard_start.begin(), b->shard_start.end() - 1);
  b->by_shard.resize(n);
  b->place.resize(n);
  for (size_t u = 0; u < n; ++u) {
    const uint32_t k = fill[GroupTable::ShardOf(b->units[u].key)]++;
    b->by_shard[k] = static_cast<uint32_t>(u);
    b->place[u] = k;
  }
}

void Compact(Batch* b, size_t bands) {
  size_t sh = 0, sq = 0, st = 0, vb = 0, k = 0;
  const bool sketches = !b->byte_sketches.empty();
  constexpr size_t kSketch = DocumentPrint::kByteSketchSize;
  b->refs.resize(b->units.size());
  for (size_t i = 0; i < b->units.size(); ++i) {
    const Batch::Unit& u = b->units[i];
    UnitRef& ref = b->refs[i];
    ref.doc = b->first_doc + u.doc;
    ref.para = u.para;
    ref.range = u.range;
    ref.words = u.words;
    ref.group = b->group[i];
    if (!b->new_group[i]) continue;
    b->group_first.push_back(b->first_unit + static_cast<uint32_t>(i));
    // [from, to) moves to *at <= from (std::copy needs the target before the source).
    auto move_down = [](auto& v, size_t from, size_t to, size_t* at) {
      if (*at != from) {
        std::copy(v.begin() + static_cast<std::ptrdiff_t>(from),
                  v.begin() + static_cast<std::ptrdiff_t>(to),
                  v.begin() + static_cast<std::ptrdiff_t>(*at));
      }
      *at += to - from;
    };
    move_down(b->shingles, u.shingle_begin, u.shingle_end, &sh);
    const size_t seq_at = sq;
    move_down(b->sequences, u.seq_begin, u.seq_end, &sq);
    size_t lower_at = seq_at;
    move_down(b->lower, u.seq_begin, u.seq_end, &lower_at);
    move_down(b->sentences, u.sent_begin, u.sent_end, &st);
    move_down(b->verbatim, u.verbatim_begin, u.verbatim_end, &vb);
    size_t key_at = k * bands;
    move_down(b->band_keys, i * bands, (i + 1) * bands, &key_at);
    if (sketches) {
      size_t sketch_at = k * kSketch;
      move_down(b->byte_sketches, i * kSketch, (i + 1) * kSketch, &sketch_at);
    }
    ++k;
    b->shingle_ends.push_back(static_cast<uint32_t>(sh));
    b->seq_ends.push_back(static_cast<uint32_t>(sq));
    b->sent_ends.push_back(static_cast<uint32_t>(st));
    b->verbatim_ends.push_back(static_cast<uint32_t>(vb));
  }
  auto keep = [](auto& v, size_t n) {
    v.resize(n);
    v.shrink_to_fit();
  };
  keep(b->shingles, sh);
  keep(b->sequences, sq);
  keep(b->lower, sq);
  keep(b->sentences, st);
  keep(b->verbatim, vb);
  keep(b->band_keys, k * bands);
  if (sketches) keep(b->byte_sketches, k * kSketch);
  std::vector<Document>().swap(b->docs);
  std::vector<DocDigest>().swap(b->digests);
  std::vector<Batch::Unit>().swap(b->units);
  std::vector<uint8_t>().swap(b->new_group);
  std::vector<uint32_t>().swap(b->group);
  std::vector<uint32_t>().swap(b->by_shard);
  std::vector<uint32_t>().swap(b->shard_start);
  std::vector<uint32_t>().swap(b->place);
}

}  // namespace neardup
