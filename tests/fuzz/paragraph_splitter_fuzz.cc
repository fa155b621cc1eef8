// libFuzzer target for ParagraphSplitter: any bytes must split without crashing into ordered,
// non-overlapping, non-empty ranges inside the text, trimmed of ASCII whitespace, holding no blank
// line; CRLF and lone CR line ends must give as many paragraphs as LF.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/text/paragraph_splitter.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// True if [begin, end) holds a line made only of spaces/tabs between two line ends.
bool HasBlankLine(std::string_view s) {
  bool after_line_end = false;
  bool blank_so_far = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n' || c == '\r') {
      if (after_line_end && blank_so_far) return true;
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      after_line_end = true;
      blank_so_far = true;
    } else if (c != ' ' && c != '\t' && c != '\v' && c != '\f') {
      blank_so_far = false;
    }
  }
  return false;
}

std::vector<neardup::ByteRange> CheckedSplit(std::string_view text) {
  std::vector<neardup::ByteRange> ranges = neardup::ParagraphSplitter().Split(text);
  const bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
  uint32_t prev_end = 0;
  for (const neardup::ByteRange& r : ranges) {
    Check(prev_end <= r.begin && r.begin < r.end && r.end <= text.size());
    Check(!bom || r.begin >= 3);
    const std::string_view p = text.substr(r.begin, r.end - r.begin);
    Check(!IsAsciiSpace(p.front()) && !IsAsciiSpace(p.back()));
    Check(!HasBlankLine(p));
    prev_end = r.end;
  }
  return ranges;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t count = CheckedSplit(text).size();

  // The same lines with every line end written as LF split into as many paragraphs.
  std::string lf;
  lf.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    if (text[i] == '\r') {
      lf += '\n';
      if (i + 1 < size && text[i + 1] == '\n') ++i;
    } else {
      lf += text[i];
    }
  }
  Check(CheckedSplit(lf).size() == count);
  return 0;
}
