// Helpers that append JSON values (strings, numbers) to a std::string; the output is always valid
// RFC 8259 JSON and byte-for-byte deterministic. Thread-safety: stateless free functions.
#ifndef NEARDUP_JSON_WRITER_H_
#define NEARDUP_JSON_WRITER_H_

#include <string>
#include <string_view>

namespace neardup {

// Appends `s` to *out as a quoted JSON string. '"' and '\\' are escaped; control characters
// U+0000..U+001F use the short forms \b \f \n \r \t where they exist and \u00XX otherwise; DEL
// (0x7F) is left as is. Well-formed UTF-8 is copied unchanged; every byte that is not part of a
// well-formed UTF-8 sequence (stray continuation bytes, truncated sequences, overlong forms,
// encoded surrogates, code points above U+10FFFF) is replaced by the escape \ufffd, one per maximal
// ill-formed subpart as in Unicode §3.9 "U+FFFD Substitution of Maximal Subparts". Never fails.
void AppendJsonString(std::string* out, std::string_view s);

// Appends `value` to *out as a JSON number rounded to `digits` decimals (clamped to [0, 17]), with
// trailing zeros and a trailing '.' removed: 0.5 → "0.5", 1.0 → "1", 2/3 with 4 digits → "0.6667".
// Rounding is correct rounding of the exact binary value (std::to_chars), so the text is identical
// on every run and platform. A result that rounds to zero is written "0" (never "-0"). NaN and
// infinities, which JSON cannot express, are written as null.
void AppendJsonDouble(std::string* out, double value, int digits);

}  // namespace neardup

#endif  // NEARDUP_JSON_WRITER_H_
