// SplitMix64: the project's one small deterministic generator (seeding hash families, sampling).
// Thread-safety: a pure function of its state; each caller owns its state.
#ifndef NEARDUP_RANDOM_H_
#define NEARDUP_RANDOM_H_

#include <cstdint>

namespace neardup {

// Advances *state and returns the next value of Steele, Lea and Flood's SplitMix64 sequence.
// Same state, same sequence, on every platform. O(1).
inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace neardup

#endif  // NEARDUP_RANDOM_H_
