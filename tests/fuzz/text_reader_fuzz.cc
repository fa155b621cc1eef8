// libFuzzer target for the path a .txt document takes: the binary sniff, the UTF-8 scan and U+FFFD
// repair of the reader, then the paragraph splitter and the capped tokenizer of the scanner. Any
// bytes must pass without crashing; the repair must give valid UTF-8 with one U+FFFD per ill-formed
// subpart; tokens must stay inside their paragraph and be the same whether the ill-formed bytes are
// kept (as the reader does) or replaced by U+FFFD (what the reader promises it is equivalent to).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/base/utf8.h"
#include "neardup/text/paragraph_splitter.h"
#include "neardup/text/tokenizer.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

std::vector<std::string> Words(std::string_view text, size_t max_tokens) {
  neardup::Tokenizer tokenizer;
  neardup::TokenList list;
  std::vector<std::string> words;
  for (const neardup::ByteRange& r : neardup::ParagraphSplitter().Split(text)) {
    Check(r.begin < r.end && r.end <= text.size());
    list.Clear();
    const bool complete =
        tokenizer.Tokenize(text.substr(r.begin, r.end - r.begin), r.begin, &list, max_tokens);
    Check(list.size() <= max_tokens && (complete || list.size() == max_tokens));
    for (size_t i = 0; i < list.size(); ++i) {
      const neardup::Token& t = list.tokens[i];
      Check(r.begin <= t.begin && t.begin < t.end && t.end <= r.end);
      Check(t.end - t.begin <= neardup::Tokenizer::kMaxWordBytes);
      words.emplace_back(list.Word(i));
    }
    words.emplace_back("|");  // paragraph boundary
  }
  return words;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t offset = SIZE_MAX;
  const bool binary = neardup::internal::LooksBinary(text, &offset);
  Check(!binary || offset < size);
  if (text.find('\0') < neardup::internal::kBinarySniffBytes) Check(binary);

  const neardup::internal::Utf8Scan scan = neardup::internal::ScanUtf8(text);
  std::string repaired;
  neardup::internal::AppendReplacingInvalidUtf8(text, &repaired);
  const neardup::internal::Utf8Scan again = neardup::internal::ScanUtf8(repaired);
  Check(again.valid());
  if (scan.valid()) {
    Check(scan.invalid_count == 0 && repaired == text);
  } else {
    Check(scan.first_invalid < size && scan.invalid_count > 0);
    Check(repaired.substr(0, scan.first_invalid) == text.substr(0, scan.first_invalid));
    Check(repaired.compare(scan.first_invalid, 3, "\xEF\xBF\xBD") == 0);
  }

  const size_t max_tokens = size % 2 == 0 ? neardup::Tokenizer::kNoLimit : size % 13;
  // The splitter reads an ill-formed byte as a non-space character and the tokenizer as a
  // separator, as they read U+FFFD, so both texts give the same words and paragraph breaks.
  Check(Words(text, max_tokens) == Words(repaired, max_tokens));
  return 0;
}
