// DecodeUtf16WithBom: UTF-16 (either byte order, with BOM) to UTF-8.

#include "neardup/io/utf16.h"

#include <cstdint>

namespace neardup::internal {
namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

bool DecodeUtf16WithBom(std::string* text) {
  if (text->size() < 2) return false;
  const auto b0 = static_cast<unsigned char>((*text)[0]),
             b1 = static_cast<unsigned char>((*text)[1]);
  const bool little = b0 == 0xFF && b1 == 0xFE;
  if (!little && !(b0 == 0xFE && b1 == 0xFF)) return false;
  const std::string& in = *text;
  auto unit = [&](size_t i) -> uint32_t {
    const auto lo = static_cast<unsigned char>(in[little ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(in[little ? i + 1 : i]);
    return static_cast<uint32_t>(hi << 8 | lo);
  };
  std::string out;
  out.reserve(in.size());
  size_t i = 2;
  for (; i + 1 < in.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < in.size() && unit(i + 2) >= 0xDC00 &&
        unit(i + 2) < 0xE000) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xD800 && cp < 0xE000) {
      cp = 0xFFFD;
    }
    AppendUtf8(cp, &out);
  }
  if (i < in.size()) AppendUtf8(0xFFFD, &out);
  *text = std::move(out);
  return true;
}

}  // namespace neardup::internal
