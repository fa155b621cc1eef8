// UTF-8 checks: simdjson's SIMD validator for the common (valid) case, a scalar walk for the rest.

#include "neardup/base/utf8.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace neardup::internal {

Utf8Scan ScanUtf8(std::string_view s) {
  Utf8Scan scan;
  if (simdjson::validate_utf8(s.data(), s.size())) return scan;
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t bad_len = 0;
    const size_t len = WellFormedLength(s, i, &bad_len);
    if (len > 0) {
      i += len;
      continue;
    }
    if (scan.first_invalid == Utf8Scan::kNone) scan.first_invalid = i;
    ++scan.invalid_count;
    i += bad_len;
  }
  return scan;
}

void AppendReplacingInvalidUtf8(std::string_view s, std::string* out) {
  out->reserve(out->size() + s.size());
  size_t i = 0;
  while (i < s.size()) {
    size_t run = i;  // copy a run of well-formed text at once
    size_t bad_len = 0;
    size_t len = 0;
    while (run < s.size() && (len = WellFormedLength(s, run, &bad_len)) > 0) run += len;
    out->append(s.data() + i, run - i);
    if (run == s.size()) break;
    out->append("\xEF\xBF\xBD");
    i = run + bad_len;
  }
}

bool LooksBinary(std::string_view s, size_t* offset) {
  const std::string_view head = s.substr(0, std::min(s.size(), kBinarySniffBytes));
  if (const void* nul = std::memchr(head.data(), '\0', head.size()); nul != nullptr) {
    if (offset != nullptr) {
      *offset = static_cast<size_t>(static_cast<const char*>(nul) - head.data());
    }
    return true;
  }
  size_t odd = 0;  // control characters and ill-formed UTF-8 bytes
  size_t i = 0;
  while (i < head.size()) {
    const auto c = static_cast<uint8_t>(head[i]);
    if (c < 0x80) {
      if ((c < 0x20 && (c < '\t' || c > '\r') && c != 0x1B) || c == 0x7F) ++odd;
      ++i;
      continue;
    }
    size_t bad_len = 0;
    const size_t len = WellFormedLength(head, i, &bad_len);
    if (len > 0) {
      i += len;
    } else if (i + bad_len == head.size() && head.size() < s.size()) {
      break;  // a sequence cut by the end of the sniffed prefix
    } else {
      odd += bad_len;
      i += bad_len;
    }
  }
  if (odd * 4 < head.size() || head.empty()) return false;
  if (offset != nullptr) *offset = 0;
  return true;
}

}  // namespace neardup::internal
