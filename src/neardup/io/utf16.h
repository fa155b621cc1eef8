// UTF-16 text files (with a byte order mark, as Windows tools write them) read as UTF-8.
// Thread-safety: pure function.
#ifndef NEARDUP_IO_UTF16_H_
#define NEARDUP_IO_UTF16_H_

#include <string>

namespace neardup::internal {

// When *text opens with a UTF-16 byte order mark (FF FE little-endian, FE FF big-endian),
// replaces it by its UTF-8 form without the mark and returns true; otherwise returns false and
// leaves it alone. A lone surrogate or an odd last byte becomes U+FFFD. Cost: O(size).
bool DecodeUtf16WithBom(std::string* text);

}  // namespace neardup::internal

#endif  // NEARDUP_IO_UTF16_H_
