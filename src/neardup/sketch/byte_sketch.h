// Byte sketches: one byte of each of 64 MinHash minima, a cheap estimate of Jaccard similarity
// that reworded mode screens LSH candidates with before verifying them.
// Thread-safety: plain functions of their arguments.
#ifndef NEARDUP_BYTE_SKETCH_H_
#define NEARDUP_BYTE_SKETCH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace neardup {

// Bytes (hash functions) in a byte sketch.
inline constexpr size_t kByteSketchSize = 64;

// One byte of a MinHash value for a byte sketch (a multiplicative mix of the value's bits).
inline uint8_t ByteOfMinHash(uint32_t v) { return static_cast<uint8_t>((v * 0x9E3779B1u) >> 24); }

// How many of the kByteSketchSize positions two byte sketches agree on. Two sets with Jaccard
// similarity J agree on about 64 * (J + (1 - J) / 256) positions. Inline: it sits in the LSH
// screening loop, where it runs once per colliding pair.
inline uint32_t ByteSketchAgreement(const uint8_t* a, const uint8_t* b) {
  // A plain loop: the compiler vectorizes it (the baseline x86-64 target has no POPCNT for a
  // word-at-a-time version, which measured slower).
  uint32_t n = 0;
  for (size_t k = 0; k < kByteSketchSize; ++k) n += a[k] == b[k] ? 1u : 0u;
  return n;
}

// The Jaccard estimate from an agreement count, in [0, 1].
inline double ByteSketchEstimate(uint32_t agreement) {
  const double p = static_cast<double>(agreement) / static_cast<double>(kByteSketchSize);
  return std::clamp((p - 1.0 / 256) / (1.0 - 1.0 / 256), 0.0, 1.0);
}

// LSH candidates agreeing on fewer positions than this (a Jaccard estimate under ~0.15) are not
// verified. Measured on a 100,000-paragraph generated corpus: 6.3M paragraph candidates become
// 0.83M; no pair lost on the recall corpora, document verdicts within one text of before.
inline constexpr uint32_t kMinByteAgreement = 10;

}  // namespace neardup

#endif  // NEARDUP_BYTE_SKETCH_H_
