// UTF-8 checks on raw input bytes: well-formedness (Unicode §3.9), U+FFFD substitution, and a
// binary-file sniff. Thread-safety: stateless free functions.
#ifndef NEARDUP_INTERNAL_UTF8_H_
#define NEARDUP_INTERNAL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace neardup::internal {

// Length of the well-formed UTF-8 sequence starting at s[i] (i < s.size()): 1 for ASCII, 2..4 for
// a multi-byte sequence, or 0 when s[i] does not start one (stray continuation byte, C0/C1 lead,
// F5..FF, truncated sequence, overlong form, encoded surrogate, value above U+10FFFF). When 0 is
// returned, *bad_len is the length of the maximal ill-formed subpart there (>= 1), the unit that
// Unicode's "U+FFFD Substitution of Maximal Subparts" replaces by one U+FFFD.
inline size_t WellFormedLength(std::string_view s, size_t i, size_t* bad_len) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t need;
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte (Unicode Table 3-7)
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    if (b0 == 0xE0) lo = 0xA0;  // no overlongs
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    if (b0 == 0xF0) lo = 0x90;  // no overlongs
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    *bad_len = 1;  // stray continuation byte, C0/C1, F5..FF
    return 0;
  }
  size_t k = 1;
  for (; k < need; ++k) {
    if (i + k >= s.size()) break;
    const uint8_t b = byte(i + k);
    const uint8_t min = k == 1 ? lo : uint8_t{0x80};
    const uint8_t max = k == 1 ? hi : uint8_t{0xBF};
    if (b < min || b > max) break;
  }
  if (k == need) return need;
  *bad_len = k;  // the valid prefix is one maximal subpart
  return 0;
}

struct Utf8Scan {
  static constexpr size_t kNone = SIZE_MAX;
  size_t first_invalid = kNone;  // byte offset of the first ill-formed subpart, kNone if valid
  size_t invalid_count = 0;      // number of maximal ill-formed subparts
  bool valid() const { return first_invalid == kNone; }
};

// Finds the ill-formed parts of `s` (a SIMD validity check first, so valid text costs ~1 pass).
Utf8Scan ScanUtf8(std::string_view s);

// Appends `s` to *out with every maximal ill-formed subpart replaced by U+FFFD (EF BF BD).
void AppendReplacingInvalidUtf8(std::string_view s, std::string* out);

// Bytes examined by LooksBinary: the start of a file.
inline constexpr size_t kBinarySniffBytes = size_t{8} << 10;

// True when the first kBinarySniffBytes of `s` do not look like text: they hold a NUL byte, or at
// least a quarter of them are control characters other than whitespace (\t \n \v \f \r) and ESC, or
// bytes of ill-formed UTF-8. Text in a legacy 8-bit encoding (mostly ASCII) is not binary.
// *offset (if not null) is set to the first NUL byte, or to 0 when the ratio decided.
bool LooksBinary(std::string_view s, size_t* offset);

}  // namespace neardup::internal

#endif  // NEARDUP_INTERNAL_UTF8_H_
