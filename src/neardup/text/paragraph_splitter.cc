// ParagraphSplitter implementation: one pass to measure lines, one pass over each block of lines.
// Thread-safety: stateless.
#include "neardup/text/paragraph_splitter.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "neardup/base/utf8.h"

namespace neardup {
namespace {

// Hard-wrap detection: a block is hard-wrapped when it has at least two lines, its longest line is
// between kMinWrapWidth and kMaxWrapWidth characters, and every line but the last was broken only
// because the next line's first word would not fit (within kWrapSlack characters).
constexpr size_t kMinWrapWidth = 40;
constexpr size_t kMaxWrapWidth = 100;
constexpr size_t kWrapSlack = 2;

// One line of the input, measured once.
struct Line {
  size_t begin = 0;       // first non-space byte
  size_t end = 0;         // one past the last non-space byte; begin == end for a blank line
  size_t width = 0;       // characters from the line start to `end` (indentation included)
  size_t first_word = 0;  // characters of the first word (up to the first space)
  bool ends_sentence = false;
};

// Decodes the code point at p[0..n) (n >= 1). Ill-formed UTF-8 reads as one non-space "character"
// (cp = -1) per maximal ill-formed subpart, exactly as the U+FFFD that replaces it would, so widths
// and line breaks are the same whether a reader keeps such bytes or repairs them. Returns the
// number of bytes consumed (>= 1).
inline size_t Decode(const unsigned char* p, size_t n, int32_t* cp) {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t bad_len = 0;
  const size_t len = internal::WellFormedLength(
      std::string_view(reinterpret_cast<const char*>(p), n), 0, &bad_len);
  if (len == 0) {
    *cp = -1;
    return bad_len;
  }
  int32_t v = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) v = (v << 6) | (p[k] & 0x3F);
  *cp = v;
  return len;
}

// Whitespace for trimming and blank-line detection (line ends are handled separately).
inline bool IsSpace(int32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\v':
    case '\f':
    case 0x00A0:  // no-break space
    case 0x1680:
    case 0x200B:  // zero-width space
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:  // zero-width no-break space / stray BOM
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

inline bool IsCloser(int32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
         cp == 0x00BB;  // »
}
inline bool IsSentenceEnd(int32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;  // … horizontal ellipsis
}

// Reads the last code point ending just before `end` (end > begin). Returns its start.
inline size_t PrevCodePoint(const unsigned char* p, size_t begin, size_t end, int32_t* cp) {
  size_t s = end - 1;
  while (s > begin && end - s < 4 && (p[s] & 0xC0) == 0x80) --s;
  int32_t v = 0;
  if (Decode(p + s, end - s, &v) != end - s) {  // malformed tail: treat the last byte alone
    *cp = -1;
    return end - 1;
  }
  *cp = v;
  return s;
}

// True if the text [begin, end) ends a sentence: ., !, ?, … followed by any closing
// quotes/brackets.
bool EndsSentence(const unsigned char* p, size_t begin, size_t end) {
  while (end > begin) {
    int32_t cp = 0;
    const size_t s = PrevCodePoint(p, begin, end, &cp);
    if (IsSentenceEnd(cp)) return true;
    if (!IsCloser(cp)) return false;
    end = s;
  }
  return false;
}

// Measures the line [start, stop) (line terminator excluded).
Line MeasureLine(const unsigned char* p, size_t start, size_t stop) {
  Line line;
  line.begin = stop;
  line.end = stop;
  size_t chars = 0;
  bool seen = false;      // a non-space character was seen
  bool in_first = false;  // inside the first word
  size_t i = start;
  while (i < stop) {
    int32_t cp = 0;
    const size_t len = Decode(p + i, stop - i, &cp);
    ++chars;
    if (IsSpace(cp)) {
      in_first = false;
    } else {
      if (!seen) {
        seen = true;
        in_first = true;
        line.begin = i;
      }
      if (in_first) ++line.first_word;
      line.end = i + len;
      line.width = chars;
    }
    i += len;
  }
  if (!seen) {
    line.begin = line.end = start;
    return line;
  }
  line.ends_sentence = EndsSentence(p, line.begin, line.end);
  return line;
}

bool LooksHardWrapped(const Line* lines, size_t count) {
  if (count < 2) return false;
  size_t max_width = 0;
  for (size_t k = 0; k < count; ++k) {
    if (lines[k].width > max_width) max_width = lines[k].width;
  }
  if (max_width < kMinWrapWidth) return false;
  for (size_t k = 0; k + 1 < count; ++k) {
    if (lines[k].width > kMaxWrapWidth) return false;
    if (lines[k].width + 1 + lines[k + 1].first_word + kWrapSlack <= max_width) return false;
  }
  return true;
}

void EmitBlock(const Line* lines, size_t count, std::vector<ByteRange>* out) {
  if (count == 0) return;
  const bool wrapped = LooksHardWrapped(lines, count);
  size_t first = 0;
  for (size_t k = 0; k < count; ++k) {
    const bool last = k + 1 == count;
    if (last || (!wrapped && lines[k].ends_sentence)) {
      out->push_back(ByteRange{static_cast<uint32_t>(lines[first].begin),
                               static_cast<uint32_t>(lines[k].end)});
      first = k + 1;
    }
  }
}

}  // namespace

std::vector<ByteRange> ParagraphSplitter::Split(std::string_view text) const {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  std::vector<ByteRange> out;
  std::vector<Line> block;

  size_t i = 0;
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
  while (i < n) {
    size_t stop = i;
    while (stop < n && p[stop] != '\n' && p[stop] != '\r') ++stop;
    const Line line = MeasureLine(p, i, stop);
    if (line.begin == line.end) {
      EmitBlock(block.data(), block.size(), &out);
      block.clear();
    } else {
      block.push_back(line);
    }
    i = stop;
    if (i < n) i += (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
  }
  EmitBlock(block.data(), block.size(), &out);
  return out;
}

}  // namespace neardup
