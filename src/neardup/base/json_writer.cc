// JSON string escaping with UTF-8 validation, and deterministic fixed-precision numbers.

#include "neardup/base/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "neardup/base/utf8.h"

namespace neardup {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::string_view kReplacement = "\\ufffd";

}  // namespace

void AppendJsonString(std::string* out, std::string_view s) {
  out->reserve(out->size() + s.size() + 2);
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    // Copy a run of plain printable ASCII at once.
    size_t run = i;
    while (run < s.size()) {
      const auto c = static_cast<uint8_t>(s[run]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++run;
    }
    out->append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;

    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\b':
          out->append("\\b");
          break;
        case '\f':
          out->append("\\f");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
      }
      ++i;
      continue;
    }
    size_t bad_len = 0;
    const size_t len = internal::WellFormedLength(s, i, &bad_len);
    if (len > 0) {
      out->append(s.data() + i, len);
      i += len;
    } else {
      out->append(kReplacement);
      i += bad_len;
    }
  }
  out->push_back('"');
}

void AppendJsonDouble(std::string* out, double value, int digits) {
  if (!std::isfinite(value)) {
    out->append("null");
    return;
  }
  digits = std::clamp(digits, 0, 17);
  // Largest fixed-notation double: 309 integer digits, sign, point and 17 decimals.
  char buf[400];
  const auto res = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed, digits);
  char* end = res.ptr;  // cannot fail: the buffer fits every finite double
  if (std::find(buf, end, '.') != end) {
    while (end[-1] == '0') --end;
    if (end[-1] == '.') --end;
  }
  std::string_view text(buf, static_cast<size_t>(end - buf));
  if (text == "-0") text = "0";
  out->append(text);
}

}  // namespace neardup
