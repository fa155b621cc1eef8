// BandMap (band_map.h): open addressing per band, long buckets in sorted lists, a change journal.

#include "neardup/index/band_map.h"

#include <algorithm>

namespace neardup::internal {
namespace {

uint32_t Mix(uint32_t x) {  // murmur3's finalizer
  x ^= x >> 16;
  x *= 0x85ebca6bu;
  x ^= x >> 13;
  x *= 0xc2b2ae35u;
  x ^= x >> 16;
  return x;
}

}  // namespace

void BandMap::Reset(size_t bands, size_t expected_units) {
  tables_.assign(bands, Table());
  lists_.clear();
  free_lists_.clear();
  journal_.clear();
  entries_ = 0;
  built_ = false;
  // Every unit has one entry per band: loaded to about 0.75, room to grow before the first resize.
  const size_t capacity = expected_units + expected_units / 3 + 16;
  for (Table& t : tables_) Resize(&t, capacity);
}

size_t BandMap::Home(const Table& t, uint32_t key) {
  return static_cast<size_t>((uint64_t{Mix(key)} * t.slots.size()) >> 32);
}

size_t BandMap::Distance(const Table& t, size_t pos, uint32_t key) {
  const size_t home = Home(t, key);
  return pos >= home ? pos - home : pos + t.slots.size() - home;
}

template <typename Fn>
void BandMap::ForKey(const Table& t, uint32_t key, Fn&& fn) {
  if (t.used == 0) return;
  const size_t n = t.slots.size();
  size_t pos = Home(t, key);
  for (size_t d = 0;; ++d) {
    const Slot& s = t.slots[pos];
    // Robin Hood: past a slot nearer its own home than `key`'s entries would be, there are none.
    if (Empty(s) || Distance(t, pos, s.key) < d) return;
    if (s.key == key && !fn(pos)) return;
    if (++pos == n) pos = 0;
  }
}

void BandMap::Place(Table* t, Slot s) {
  const size_t n = t->slots.size();
  size_t pos = Home(*t, s.key);
  for (size_t d = 0;; ++d) {
    Slot& at = t->slots[pos];
    if (Empty(at)) {
      at = s;
      ++t->used;
      return;
    }
    if (const size_t ad = Distance(*t, pos, at.key); ad < d) {
      std::swap(at, s);
      d = ad;
    }
    if (++pos == n) pos = 0;
  }
}

void BandMap::Resize(Table* t, size_t capacity) {
  std::vector<Slot> old;
  old.swap(t->slots);
  t->slots.assign(std::min<size_t>(std::max<size_t>(capacity, 16), UINT32_MAX), Slot());
  t->used = 0;
  for (const Slot& s : old) {
    if (!Empty(s)) Place(t, s);
  }
}

void BandMap::EraseSlot(Table* t, size_t pos) {
  const size_t n = t->slots.size();
  for (size_t next = pos + 1 == n ? 0 : pos + 1;; next = next + 1 == n ? 0 : next + 1) {
    const Slot& s = t->slots[next];
    if (Empty(s) || Distance(*t, next, s.key) == 0) break;
    t->slots[pos] = s;
    pos = next;
  }
  t->slots[pos] = Slot();
  --t->used;
}

uint32_t BandMap::NewList() {
  if (!free_lists_.empty()) {
    const uint32_t i = free_lists_.back();
    free_lists_.pop_back();
    return i;
  }
  lists_.emplace_back();
  return static_cast<uint32_t>(lists_.size() - 1);
}

bool BandMap::DoInsert(size_t band, uint32_t key, uint64_t uid) {
  Table& t = tables_[band];
  size_t list_pos = SIZE_MAX, count = 0;
  bool present = false;
  ForKey(t, key, [&](size_t pos) {
    const Slot& s = t.slots[pos];
    if (s.hi == kMulti) {
      list_pos = pos;
      return false;
    }
    ++count;
    present = present || Uid(s) == uid;
    return !present;
  });
  if (present) return false;
  if (list_pos != SIZE_MAX) {
    std::vector<uint64_t>& list = lists_[t.slots[list_pos].lo];
    auto it = std::lower_bound(list.begin(), list.end(), uid);
    if (it != list.end() && *it == uid) return false;
    list.insert(it, uid);
  } else if (count < kInline) {
    if ((t.used + 1) * 10 > t.slots.size() * 9) {
      Resize(&t, t.slots.size() * 3 / 2 + 16);  // load 0.9 -> 0.6
    }
    Place(&t, Slot{key, static_cast<uint32_t>(uid), static_cast<uint32_t>(uid >> 32)});
  } else {  // the bucket outgrows its slots: into a list
    const uint32_t li = NewList();
    std::vector<uint64_t>& list = lists_[li];
    list.push_back(uid);
    for (size_t found = SIZE_MAX;; found = SIZE_MAX) {
      ForKey(t, key, [&](size_t pos) {
        found = pos;
        return false;
      });
      if (found == SIZE_MAX) break;
      list.push_back(Uid(t.slots[found]));
      EraseSlot(&t, found);
    }
    std::sort(list.begin(), list.end());
    Place(&t, Slot{key, li, kMulti});
  }
  ++entries_;
  return true;
}

bool BandMap::DoErase(size_t band, uint32_t key, uint64_t uid) {
  Table& t = tables_[band];
  size_t at = SIZE_MAX;
  ForKey(t, key, [&](size_t pos) {
    const Slot& s = t.slots[pos];
    if (s.hi == kMulti || Uid(s) == uid) at = pos;
    return at == SIZE_MAX;
  });
  if (at == SIZE_MAX) return false;
  if (const Slot& s = t.slots[at]; s.hi == kMulti) {
    std::vector<uint64_t>& list = lists_[s.lo];
    auto it = std::lower_bound(list.begin(), list.end(), uid);
    if (it == list.end() || *it != uid) return false;
    list.erase(it);
    if (!list.empty()) {
      --entries_;
      return true;
    }
    std::vector<uint64_t>().swap(list);
    free_lists_.push_back(s.lo);
  }
  EraseSlot(&t, at);
  --entries_;
  return true;
}

void BandMap::Insert(size_t band, uint32_t key, uint64_t uid) {
  if (DoInsert(band, key, uid)) journal_.push_back({uid, static_cast<uint32_t>(band), key, true});
}

void BandMap::Erase(size_t band, uint32_t key, uint64_t uid) {
  if (DoErase(band, key, uid)) journal_.push_back({uid, static_cast<uint32_t>(band), key, false});
}

void BandMap::Rollback() {
  for (auto it = journal_.rbegin(); it != journal_.rend(); ++it) {
    if (it->inserted) {
      DoErase(it->band, it->key, it->uid);
    } else {
      DoInsert(it->band, it->key, it->uid);
    }
  }
  journal_.clear();
}

size_t BandMap::Get(size_t band, uint32_t key, size_t max, std::vector<uint64_t>* out) const {
  const Table& t = tables_[band];
  const size_t first = out->size();
  size_t count = 0;
  ForKey(t, key, [&](size_t pos) {
    const Slot& s = t.slots[pos];
    if (s.hi == kMulti) {
      const std::vector<uint64_t>& list = lists_[s.lo];
      count = list.size();
      if (count <= max) out->insert(out->end(), list.begin(), list.end());
      return false;
    }
    ++count;
    out->push_back(Uid(s));
    return true;
  });
  if (count > max) {
    out->resize(first);
  } else {
    std::sort(out->begin() + static_cast<std::ptrdiff_t>(first), out->end());
  }
  return count;
}

bool BandMap::Contains(size_t band, uint32_t key, uint64_t uid) const {
  if (band >= tables_.size()) return false;
  const Table& t = tables_[band];
  bool found = false;
  ForKey(t, key, [&](size_t pos) {
    const Slot& s = t.slots[pos];
    if (s.hi == kMulti) {
      const std::vector<uint64_t>& list = lists_[s.lo];
      found = std::binary_search(list.begin(), list.end(), uid);
    } else {
      found = Uid(s) == uid;
    }
    return !found && s.hi != kMulti;
  });
  return found;
}

size_t BandMap::MemoryBytes() const {
  size_t n = tables_.capacity() * sizeof(Table) +
             lists_.capacity() * sizeof(std::vector<uint64_t>) +
             free_lists_.capacity() * sizeof(uint32_t) + journal_.capacity() * sizeof(Change);
  for (const Table& t : tables_) n += t.slots.capacity() * sizeof(Slot);
  for (const std::vector<uint64_t>& l : lists_) n += l.capacity() * sizeof(uint64_t);
  return n;
}

// ---- IndexStore ----

}  // namespace neardup::internal
